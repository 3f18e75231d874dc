import type { AstNode } from 'langium';
import { AbstractInlayHintProvider, type InlayHintAcceptor } from 'langium/lsp';

/** Inlay hints for CJM. */
export class CjmInlayHintProvider extends AbstractInlayHintProvider {
    computeInlayHint(_node: AstNode, _acceptor: InlayHintAcceptor): void {
        return;
    }
}
