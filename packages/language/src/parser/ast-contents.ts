// Mirrors Langium 4.4's `AstUtils.streamAst` and `streamReferences` (order of nodes and references); equality: test/parser/ll1-parser.test.ts.
import type { AstNode, LangiumDocument, ReferenceInfo } from 'langium';
import { isAstNode, isMultiReference, isReference } from 'langium';
import { CompactRootCstNode } from './compact-cst-builder.js';

/** Every AST node and every cross-reference of a parsed document, in the order Langium's streams visit them. */
export interface AstContents {
    /** The nodes in `AstUtils.streamAst` order (pre-order, properties in their order), the root first. */
    readonly nodes: readonly AstNode[];
    /** The references in the order `DefaultLinker.link` visits them: node by node, each node's in property order. */
    readonly references: readonly ReferenceInfo[];
}

/** How many listed nodes or references their walkers handle between two checks for cancellation (each check is an `await`). */
export const CANCELLATION_STRIDE = 500;

/**
 * The `parser.AstContents` service: what the parser knows about a tree it built, kept for as long
 * as the tree lives. The linker, the reference index and the validator each walked the whole tree
 * through Langium's lazy streams, which allocate an iterator per node; at 10,000 touchpoints (a
 * quarter of a million nodes) those walks took longer than parsing. A tree is never changed after
 * parsing (a new text gets a new root), so the lists stay right for as long as the root lives.
 */
export class CjmAstContents {
    private readonly byRoot = new WeakMap<AstNode, AstContents>();

    /** The contents of the tree under `root`: as the fast parser listed them, or collected once (a tree Langium's parser built). */
    of(root: AstNode): AstContents {
        let contents = this.byRoot.get(root);
        if (!contents) {
            contents = collectAstContents(root);
            this.byRoot.set(root, contents);
        }
        return contents;
    }

    /** Records the contents of a tree its parser has listed while building it. */
    record(root: AstNode, contents: AstContents): void {
        this.byRoot.set(root, contents);
    }

    /** The number of lines of the document's text: the fast parser's root knows its lines, where asking the text document would index all of them. */
    lineCount(document: LangiumDocument): number {
        const root = document.parseResult.value.$cstNode?.root;
        return root instanceof CompactRootCstNode ? root.lines.starts.length : document.textDocument.lineCount;
    }
}

/** The contents of a tree walked the way Langium's streams walk it (no cache). */
export function collectAstContents(root: AstNode): AstContents {
    const nodes: AstNode[] = [];
    const references: ReferenceInfo[] = [];
    collect(root, nodes, references);
    return { nodes, references };
}

function collect(node: AstNode, nodes: AstNode[], references: ReferenceInfo[]): void {
    nodes.push(node);
    const record = node as unknown as Record<string, unknown>;
    // A node's references come before its children's, as the linker's walk meets them.
    const children: AstNode[] = [];
    const visit = (value: unknown, property: string, index?: number) => {
        if (isReference(value) || isMultiReference(value)) {
            references.push(index === undefined ? { reference: value, container: node, property } : { reference: value, container: node, property, index });
        } else if (isAstNode(value)) {
            children.push(value);
        }
    };
    // `for…in` rather than `Object.keys`: no array per node. AST nodes are plain objects or instances of a field-only class.
    for (const property in record) {
        if (property.charCodeAt(0) === DOLLAR) {
            continue;
        }
        const value = record[property];
        if (Array.isArray(value)) {
            value.forEach((item, index) => visit(item, property, index));
        } else {
            visit(value, property);
        }
    }
    for (const child of children) {
        collect(child, nodes, references);
    }
}

const DOLLAR = '$'.charCodeAt(0);
