import { DefaultNodeKindProvider } from 'langium/lsp';

/** Symbol and completion kinds for CJM's elements. */
export class CjmNodeKindProvider extends DefaultNodeKindProvider {}
