import { diagnosticCode } from '@cjm/language';
import type { LangiumDocument } from 'langium';
import { displayPath } from '../io/paths.js';

/** A diagnostic as every output format reports it: a file relative to cwd and 1-based positions. */
export interface FileDiagnostic {
    file: string;
    line: number;
    column: number;
    endLine: number;
    endColumn: number;
    severity: 'error' | 'warning' | 'information' | 'hint';
    code: string;
    message: string;
}

type Diagnostic = NonNullable<LangiumDocument['diagnostics']>[number];

const SEVERITIES = ['error', 'error', 'warning', 'information', 'hint'] as const;

/** Converts an LSP diagnostic of a file (0-based) to the CLI's record (1-based); `shown` is the file as reports name it. */
export function toFileDiagnostic(path: string, diagnostic: Diagnostic, shown = displayPath(path)): FileDiagnostic {
    return {
        file: shown,
        line: diagnostic.range.start.line + 1,
        column: diagnostic.range.start.character + 1,
        endLine: diagnostic.range.end.line + 1,
        endColumn: diagnostic.range.end.character + 1,
        severity: SEVERITIES[diagnostic.severity ?? 1],
        code: diagnosticCode(diagnostic) ?? 'cjm',
        message: typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value
    };
}

/** Orders diagnostics by file, then position, so output is stable across runs. */
export function compareDiagnostics(a: FileDiagnostic, b: FileDiagnostic): number {
    return a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.code.localeCompare(b.code);
}

/** Counts of each severity, for summaries and exit codes. */
export function countSeverities(diagnostics: FileDiagnostic[]): { errors: number; warnings: number; infos: number } {
    return {
        errors: diagnostics.filter(d => d.severity === 'error').length,
        warnings: diagnostics.filter(d => d.severity === 'warning').length,
        infos: diagnostics.filter(d => d.severity === 'information' || d.severity === 'hint').length
    };
}
