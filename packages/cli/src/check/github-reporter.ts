import type { FileDiagnostic } from './file-diagnostic.js';

const COMMANDS = { error: 'error', warning: 'warning', information: 'notice', hint: 'notice' } as const;

/**
 * GitHub Actions workflow commands (`::error file=…::message`), which GitHub shows as annotations
 * on the pull request's changed lines.
 */
export function githubReport(diagnostics: FileDiagnostic[]): string {
    return diagnostics.map(d => {
        const properties = [
            `file=${escapeProperty(d.file)}`,
            `line=${d.line}`,
            `col=${d.column}`,
            `endLine=${d.endLine}`,
            `endColumn=${d.endColumn}`,
            `title=${escapeProperty(`cjm(${d.code})`)}`
        ];
        return `::${COMMANDS[d.severity]} ${properties.join(',')}::${escapeData(d.message)}\n`;
    }).join('');
}

/** Escapes a workflow command's message, as the Actions toolkit does (`%`, CR, LF). */
export function escapeData(text: string): string {
    return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a workflow command property, which also may not contain `:` or `,`. */
export function escapeProperty(text: string): string {
    return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
