import type { AstNode, ReferenceInfo } from 'langium';
import { isAstNode, isMultiReference, isReference } from 'langium';

/** Every AST node and every cross-reference of a parsed document, in the order Langium's streams visit them. */
export interface AstContents {
    /** The nodes in `AstUtils.streamAst` order (pre-order, properties in their order), the root first. */
    readonly nodes: readonly AstNode[];
    /** The references in the order `DefaultLinker.link` visits them: node by node, each node's in property order. */
    readonly references: readonly ReferenceInfo[];
}

const contentsByRoot = new WeakMap<AstNode, AstContents>();

/**
 * The contents of the tree under `root`, listed by the fast parser or collected once per parse. The linker, the reference index
 * and the validator each walked the whole tree through Langium's lazy streams, which allocate an
 * iterator per node; at 10,000 touchpoints (a quarter of a million nodes) those walks took longer
 * than parsing. A tree is never changed after parsing (a new text gets a new root), so the lists
 * stay right for as long as the root lives.
 */
export function astContents(root: AstNode): AstContents {
    let contents = contentsByRoot.get(root);
    if (!contents) {
        contents = collectAstContents(root);
        contentsByRoot.set(root, contents);
    }
    return contents;
}

/** Records the contents of a tree its parser has listed while building it. */
export function rememberAstContents(root: AstNode, contents: AstContents): void {
    contentsByRoot.set(root, contents);
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
