import type { LangiumDocument, MaybePromise } from 'langium';
import type { CodeActionProvider } from 'langium/lsp';
import type { CodeAction, CodeActionParams, Command } from 'vscode-languageserver';
import type { CjmServices } from '../cjm-module.js';

/** Quick fixes for CJM's diagnostics. */
export class CjmCodeActionProvider implements CodeActionProvider {
    constructor(protected readonly services: CjmServices) {}
    getCodeActions(_document: LangiumDocument, _params: CodeActionParams): MaybePromise<Array<Command | CodeAction> | undefined> {
        return [];
    }
}
