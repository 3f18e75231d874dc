import { TextDocument, URI } from 'langium';
import type { CjmServices } from '@cjm/language';
import type { CjmWorkspace } from '@cjm/language/node';

/**
 * Formats a .cjm text with the language's formatter (the one the editor uses), the way the
 * language package's formatText does. The package index does not export formatText yet, so the
 * CLI calls the same formatter service itself.
 */
export async function formatSource(services: CjmServices, text: string, uri: string): Promise<string> {
    const formatter = services.lsp.Formatter;
    if (!formatter) {
        return text;
    }
    const document = services.shared.workspace.LangiumDocumentFactory.fromString(text, URI.parse(uri));
    const edits = await formatter.formatDocument(document, { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
    return TextDocument.applyEdits(document.textDocument, edits);
}

/** The first syntax error of a text, as `line:col message` (the validator's wording), or undefined when it parses. */
export async function firstSyntaxError(workspace: CjmWorkspace, path: string, text: string): Promise<string | undefined> {
    const [document] = await workspace.load([{ uri: path, text }]);
    const error = (document.diagnostics ?? []).find(d => {
        const code = d.code ?? (d.data as { code?: unknown } | undefined)?.code;
        // `parse-error` is the validator's code; Langium's own `lexing-error`/`parsing-error` show when it is not registered.
        return typeof code === 'string' && /^(parse|parsing|lexing)-error$/.test(code);
    });
    return error && `${error.range.start.line + 1}:${error.range.start.character + 1} ${String(error.message).replace(/\s*\n\s*/g, ' ')}`;
}
