import { isSyntaxError } from '@cjm/language';
import type { CjmWorkspace } from '@cjm/language/node';

/** The first syntax error of a text, as `line:col message` (the validator's wording), or undefined when it parses. */
export async function firstSyntaxError(workspace: CjmWorkspace, path: string, text: string): Promise<string | undefined> {
    const [document] = await workspace.load([{ uri: path, text }]);
    const error = (document.diagnostics ?? []).find(isSyntaxError);
    return error && `${error.range.start.line + 1}:${error.range.start.character + 1} ${String(error.message).replace(/\s*\n\s*/g, ' ')}`;
}
