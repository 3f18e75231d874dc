import type { IToken, TokenType } from 'chevrotain';
import type { AstNode, CompositeCstNode, CstNode, GrammarAST, LeafCstNode } from 'langium';
import type { Range } from 'vscode-languageserver';
import { AbstractCstNode, CompositeCstNodeImpl, RootCstNodeImpl } from 'langium';
import type { LineStarts } from './cjm-fast-lexer.js';

type Composite = CompositeCstNodeImpl;
type Child = CstNode & { container?: CompositeCstNode };

/**
 * Builds the CST exactly as Langium's `CstNodeBuilder` does (same nodes, same order, hidden nodes
 * in the same places), but gives a composite node with one child (most: a name is `Id` > token)
 * a one-element children array at once. Langium pushes into an empty array,
 * which V8 gives room for 16, and copies it to its exact size when the node is done: at 10,000
 * touchpoints, tens of megabytes of garbage per build, and the collections that come with it.
 */
export class CompactCstBuilder {
    private root!: RootCstNodeImpl;
    private readonly stack: Composite[] = [];

    /** `lines` is filled in as the text is scanned; the leaves read their lines and columns from it. */
    constructor(private readonly lines: LineStarts) {}

    /** The innermost open composite node. */
    get current(): Composite {
        return this.stack[this.stack.length - 1] ?? this.root;
    }

    buildRootNode(input: string): RootCstNodeImpl {
        this.root = new RootCstNodeImpl(input);
        this.stack.length = 0;
        this.stack.push(this.root);
        return this.root;
    }

    buildCompositeNode(feature: GrammarAST.AbstractElement): Composite {
        const node = new CompositeCstNodeImpl();
        node.grammarSource = feature;
        append(this.current, node);
        this.stack.push(node);
        return node;
    }

    buildLeafNode(token: IToken, feature: GrammarAST.AbstractElement): CompactLeafCstNode {
        const leaf = new CompactLeafCstNode(token.startOffset, token.image.length, token.tokenType, false, this.lines);
        leaf.grammarSource = feature;
        append(this.current, leaf);
        return leaf;
    }

    /** Hidden nodes go where Langium's `addHiddenNodes` puts them: before the next token's leaf. */
    addHiddenNodes(tokens: IToken[]): void {
        if (tokens.length === 0) {
            return;
        }
        const nodes = tokens.map(token => new CompactLeafCstNode(token.startOffset, token.image.length, token.tokenType, true, this.lines));
        let current: Composite = this.current;
        if (current.content.length > 0) {
            for (const node of nodes) {
                append(current, node);
            }
            return;
        }
        while (current.container) {
            const container = current.container as Composite;
            const index = container.content.indexOf(current);
            if (index > 0) {
                insert(container, index, nodes);
                return;
            }
            current = container;
        }
        insert(this.root, 0, nodes);
    }

    /** Closes the current composite node, gives it to `item`, and drops it from the tree if it is empty. */
    construct(item: { $cstNode?: CstNode }): void {
        item.$cstNode = this.current;
        const node = this.stack.pop();
        if (!node) {
            return;
        }
        if (node.content.length === 0) {
            const container = node.container as Composite | undefined;
            const index = container ? container.content.indexOf(node) : -1;
            if (index >= 0) {
                container!.content.splice(index, 1);
            }
        } else if (node.content.length > 1) {
            node.content = node.content.slice();
        }
    }
}

/**
 * A leaf as Langium's `LeafCstNodeImpl` is, but without its four line and column fields: its range
 * is read from the document's line starts when asked for (diagnostics, hovers, outlines ask for a
 * few thousand; a workspace holds hundreds of thousands of leaves).
 */
export class CompactLeafCstNode extends AbstractCstNode implements LeafCstNode {
    private readonly _offset: number;
    private readonly _length: number;

    constructor(offset: number, length: number, private readonly _tokenType: TokenType, private readonly _hidden: boolean, private readonly lines: LineStarts) {
        super();
        this._offset = offset | 0;
        this._length = length | 0;
    }

    get offset(): number {
        return this._offset;
    }

    get length(): number {
        return this._length;
    }

    get end(): number {
        return this._offset + this._length;
    }

    get hidden(): boolean {
        return this._hidden;
    }

    get tokenType(): TokenType {
        return this._tokenType;
    }

    get astNode(): AstNode {
        if (!this.container) {
            throw new Error('This node has no associated AST element');
        }
        return this.container.astNode;
    }

    /** 0-based, end exclusive; the end is on the line of the last character (a token never ends with a line break). */
    get range(): Range {
        const starts = this.lines.starts;
        const startLine = this.lines.lineOf(this._offset);
        const end = this._offset + this._length;
        const endLine = this._length > 1 ? this.lines.lineOf(end - 1) : startLine;
        return {
            start: { line: startLine, character: this._offset - starts[startLine] },
            end: { line: endLine, character: end - starts[endLine] }
        };
    }
}

function append(parent: Composite, child: Child): void {
    child.container = parent;
    if (parent.content.length === 0) {
        parent.content = [child];
    } else {
        parent.content.push(child);
    }
}

function insert(parent: Composite, index: number, children: Child[]): void {
    for (const child of children) {
        child.container = parent;
    }
    parent.content.splice(index, 0, ...children);
}
