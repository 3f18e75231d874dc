import { DefaultCompletionProvider } from 'langium/lsp';

/** Completion for CJM. */
export class CjmCompletionProvider extends DefaultCompletionProvider {}
