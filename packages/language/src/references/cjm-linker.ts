// Mirrors Langium 4.4's `DefaultLinker` (`link`, `buildReference`, `unlink`); equality: test/workspace/langium-equality.test.ts, test/workspace/relink.test.ts.
import type { AstNode, AstNodeDescription, CstNode, DefaultMultiReference, DefaultReference, LangiumDocument, LinkingError, Reference, RefResolving } from 'langium';
import { Cancellation, DefaultLinker, interruptAndCheck, isLinkingError } from 'langium';
import type { CjmServices } from '../cjm-module.js';
import type { CjmAstContents } from '../parser/ast-contents.js';
import { CANCELLATION_STRIDE } from '../parser/ast-contents.js';

/**
 * Langium's linker, walking the document's list of references instead of a stream over every AST
 * node, and checking for cancellation every few hundred references rather than once per node (each
 * check is an `await`). What each reference links to is unchanged.
 */
export class CjmLinker extends DefaultLinker {
    protected readonly astContents: CjmAstContents;

    constructor(services: CjmServices) {
        super(services);
        this.astContents = services.parser.AstContents;
    }

    override async link(document: LangiumDocument, cancelToken = Cancellation.CancellationToken.None): Promise<void> {
        const references = this.astContents.of(document.parseResult.value).references;
        for (let i = 0; i < references.length; i++) {
            if (i % CANCELLATION_STRIDE === 0) {
                await interruptAndCheck(cancelToken);
            }
            this.doLink(references[i], document);
        }
    }

    override buildReference(node: AstNode, property: string, refNode: CstNode | undefined, refText: string): Reference {
        return new CjmReference(this.referenceResolver, node, property, refNode, refText);
    }

    /** As Langium's, but clearing a CjmReference's node description rather than deleting it. */
    override unlink(document: LangiumDocument): void {
        for (const reference of document.references as unknown[]) {
            if (reference instanceof CjmReference) {
                reference._ref = undefined;
                reference._nodeDescription = undefined;
            } else if (typeof reference === 'object' && reference !== null && '_ref' in reference) {
                const other = reference as DefaultReference;
                other._ref = undefined;
                delete other._nodeDescription;
            } else if (typeof reference === 'object' && reference !== null && '_items' in reference) {
                const other = reference as DefaultMultiReference;
                other._items = undefined;
                delete other._linkingError;
            }
        }
        document.references = [];
    }
}

type Resolver = CjmLinker['referenceResolver'];

/**
 * Langium's reference, with every field it will hold declared up front: Langium's adds
 * `_nodeDescription` when linking, which gives each of the workspace's references a second,
 * separate array for its properties, and deletes it when unlinking, which turns it into a slow
 * dictionary object.
 */
export class CjmReference implements DefaultReference {
    _ref: AstNode | LinkingError | typeof RefResolving | undefined = undefined;
    _nodeDescription: AstNodeDescription | undefined = undefined;

    constructor(private readonly resolver: Resolver, private readonly node: AstNode, private readonly property: string,
        readonly $refNode: CstNode | undefined, readonly $refText: string) {}

    get ref(): AstNode | undefined {
        return this.resolver.resolveReference(this as DefaultReference, this.node, this.property);
    }

    get $nodeDescription(): AstNodeDescription | undefined {
        return this._nodeDescription;
    }

    get error(): LinkingError | undefined {
        return isLinkingError(this._ref) ? this._ref : undefined;
    }
}
