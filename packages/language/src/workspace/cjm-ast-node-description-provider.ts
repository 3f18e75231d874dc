// Mirrors Langium 4.4's `DefaultAstNodeDescriptionProvider.createDescription`; equality: test/workspace/langium-equality.test.ts.
import type { AstNode, AstNodeDescription, DocumentSegment, LangiumDocument, NameProvider, URI } from 'langium';
import { AstUtils, CstUtils, DefaultAstNodeDescriptionProvider } from 'langium';

/**
 * Langium's descriptions of named elements (what the index and scopes hold for every persona, stage
 * and touchpoint), with both segments read from the syntax tree when first asked for. Langium's
 * provider computes the element's whole range for every description up front and gives each one
 * two closures; these are plain objects of one class. They describe the same things.
 */
export class CjmAstNodeDescriptionProvider extends DefaultAstNodeDescriptionProvider {
    override createDescription(node: AstNode, name: string | undefined, document?: LangiumDocument): AstNodeDescription {
        const path = this.astNodeLocator.getAstNodePath(node);
        const named = name ?? this.nameProvider.getName(node);
        if (!named) {
            throw new Error(`Node at path ${path} has no name.`);
        }
        return new NodeDescription(node, named, (document ?? AstUtils.getDocument(node)).uri, path, this.nameProvider);
    }
}

class NodeDescription implements AstNodeDescription {
    readonly type: string;
    private nameSegmentCache: DocumentSegment | undefined;
    private selectionSegmentCache: DocumentSegment | undefined;

    constructor(readonly node: AstNode, readonly name: string, readonly documentUri: URI, readonly path: string, private readonly nameProvider: NameProvider) {
        this.type = node.$type;
    }

    get nameSegment(): DocumentSegment | undefined {
        return this.nameSegmentCache ??= CstUtils.toDocumentSegment(this.nameProvider.getNameNode(this.node) ?? this.node.$cstNode);
    }

    get selectionSegment(): DocumentSegment | undefined {
        return this.selectionSegmentCache ??= CstUtils.toDocumentSegment(this.node.$cstNode);
    }
}
