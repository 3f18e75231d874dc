import type { AstNode } from 'langium';
import { AbstractFormatter } from 'langium/lsp';
import type { CjmServices } from '../cjm-module.js';

/** The canonical layout of a .cjm file. */
export class CjmFormatter extends AbstractFormatter {
    constructor(protected readonly services: CjmServices) {
        super();
    }
    protected format(_node: AstNode): void {
        return;
    }
}
