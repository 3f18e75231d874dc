import type { RenderError } from '@cjm/language';
import type { FileDiagnostic } from './file-diagnostic.js';
import { countSeverities } from './file-diagnostic.js';
import { plural } from '../text/plural.js';

/** `file:line:col severity code message` lines and a summary line, for people reading a terminal. */
export function prettyReport(diagnostics: FileDiagnostic[], fileCount: number): string {
    const lines = diagnostics.map(d => `${d.file}:${d.line}:${d.column} ${d.severity} ${d.code} ${oneLine(d.message)}`);
    const { errors, warnings, infos } = countSeverities(diagnostics);
    const files = plural(fileCount, 'file');
    lines.push(diagnostics.length === 0
        ? `No problems in ${files}.`
        : `${plural(diagnostics.length, 'problem')} (${plural(errors, 'error')}, ${plural(warnings, 'warning')}, ${infos} information) in ${files}.`);
    return lines.join('\n') + '\n';
}

/** Parser messages list alternatives on many lines; one line per diagnostic keeps grep and editors working. */
function oneLine(message: string): string {
    return message.replace(/\s*\n\s*/g, ' ');
}

/** The stderr line naming the first syntax error of a map that was drawn anyway, in the pretty format. */
export function syntaxErrorLine(shown: string, error: RenderError): string {
    const { line, character } = error.range.start;
    return `${shown}:${line + 1}:${character + 1} error parse-error ${oneLine(error.message)}\n`;
}
