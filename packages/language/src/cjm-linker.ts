import type { LangiumDocument } from 'langium';
import { Cancellation, DefaultLinker, interruptAndCheck } from 'langium';
import { astContents } from './workspace/ast-contents.js';

/** How many references or nodes to handle between two checks for cancellation. */
export const CANCELLATION_STRIDE = 500;

/**
 * Langium's linker, walking the document's list of references instead of a stream over every AST
 * node, and checking for cancellation every few hundred references rather than once per node (each
 * check is an `await`). What each reference links to is unchanged.
 */
export class CjmLinker extends DefaultLinker {
    override async link(document: LangiumDocument, cancelToken = Cancellation.CancellationToken.None): Promise<void> {
        const references = astContents(document.parseResult.value).references;
        for (let i = 0; i < references.length; i++) {
            if (i % CANCELLATION_STRIDE === 0) {
                await interruptAndCheck(cancelToken);
            }
            this.doLink(references[i], document);
        }
    }
}
