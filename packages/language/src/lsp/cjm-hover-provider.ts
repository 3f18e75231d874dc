import { MultilineCommentHoverProvider } from 'langium/lsp';

/** Hover for CJM. */
export class CjmHoverProvider extends MultilineCommentHoverProvider {}
