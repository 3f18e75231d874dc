// Mirrors Langium 4.4's `CstNodeBuilder` and its node classes (ranges, children, hidden nodes); equality: test/parser/ll1-parser.test.ts.
import type { IToken, TokenType } from 'chevrotain';
import type { AstNode, CompositeCstNode, CstNode, GrammarAST, LeafCstNode } from 'langium';
import type { Range } from 'vscode-languageserver';
import { AbstractCstNode, RootCstNodeImpl } from 'langium';
import type { LineStarts } from './cjm-fast-lexer.js';

type Composite = CompositeCstNode & { content: CstNode[] };
type Child = CstNode & { container?: CompositeCstNode };

/** An open composite node and where its children begin on the builder's stack of children. */
interface Open {
    node: Composite;
    start: number;
}

/**
 * Builds the CST exactly as Langium's `CstNodeBuilder` does (same nodes, same order, hidden nodes
 * in the same places), with each composite node's children array made once, at its exact size,
 * when the node is done. Langium pushes each child into the node's array (which V8 first sizes for
 * 16, then grows) and copies it to its exact size at the end; the children of all open nodes wait
 * here on one stack instead. At 10,000 touchpoints that was tens of megabytes of garbage per build.
 */
export class CompactCstBuilder {
    private root!: RootCstNodeImpl;
    /** The children of the open composite nodes, each node's after those of its ancestors. */
    private readonly children: CstNode[] = [];
    /** The open composite nodes, the root first. */
    private readonly open: Open[] = [];

    /** `lines` is filled in as the text is scanned; the leaves read their lines and columns from it. */
    constructor(private readonly lines: LineStarts) {}

    buildRootNode(input: string): RootCstNodeImpl {
        this.root = new CompactRootCstNode(input, this.lines);
        this.children.length = 0;
        this.open.length = 0;
        this.open.push({ node: this.root, start: 0 });
        return this.root;
    }

    buildCompositeNode(feature: GrammarAST.AbstractElement): Composite {
        const node = new CompactCompositeCstNode();
        node.grammarSource = feature;
        this.add(node);
        this.open.push({ node, start: this.children.length });
        return node;
    }

    buildLeafNode(token: IToken, feature: GrammarAST.AbstractElement): CompactLeafCstNode {
        const leaf = new CompactLeafCstNode(token.startOffset, token.image.length, token.tokenType, false);
        leaf.grammarSource = feature;
        this.add(leaf);
        return leaf;
    }

    /** A child of the innermost open node; after the root is done, of the root. */
    private add(child: Child): void {
        const current = this.open[this.open.length - 1];
        if (current) {
            child.container = current.node;
            this.children.push(child);
        } else {
            child.container = this.root;
            this.root.content.push(child);
        }
    }

    /**
     * Hidden nodes go where Langium's `addHiddenNodes` puts them: after the current node's children
     * when it has some, else just before the nearest open node that is not its container's first
     * child (or at the very start).
     */
    addHiddenNodes(tokens: IToken[]): void {
        if (tokens.length === 0) {
            return;
        }
        const nodes = tokens.map(token => new CompactLeafCstNode(token.startOffset, token.image.length, token.tokenType, true));
        const open = this.open;
        if (open.length === 0) {
            // After the root is done (comments at the end of the file).
            const content = this.root.content;
            nodes.forEach(node => { node.container = this.root; });
            content.splice(content.length > 0 ? content.length : 0, 0, ...nodes);
            return;
        }
        const innermost = open.length - 1;
        if (this.children.length > open[innermost].start) {
            for (const node of nodes) {
                node.container = open[innermost].node;
                this.children.push(node);
            }
            return;
        }
        // Walk out while each open node is its container's first child.
        for (let level = innermost; level > 0; level--) {
            const at = open[level].start - 1;
            if (at > open[level - 1].start) {
                this.insert(level - 1, at, nodes);
                return;
            }
        }
        this.insert(0, open[0].start, nodes);
    }

    /** Inserts nodes as children of the open node at `level`, at `at` on the stack of children. */
    private insert(level: number, at: number, nodes: CstNode[]): void {
        for (const node of nodes) {
            (node as Child).container = this.open[level].node;
        }
        this.children.splice(at, 0, ...nodes);
        for (let deeper = level + 1; deeper < this.open.length; deeper++) {
            this.open[deeper].start += nodes.length;
        }
    }

    /** Closes the current composite node, gives it to `item`, and drops it from the tree if it is empty. */
    construct(item: { $cstNode?: CstNode }): void {
        const done = this.open.pop();
        if (!done) {
            item.$cstNode = this.root;
            return;
        }
        item.$cstNode = done.node;
        if (this.children.length === done.start) {
            if (done.node !== this.root) {
                // Empty: it is the last child of its container, just below its own (absent) children.
                this.children.length = done.start - 1;
            }
            return;
        }
        done.node.content = this.children.slice(done.start);
        this.children.length = done.start;
    }
}

/** Langium's composite node (the same getters), made with its children array already exact. */
export class CompactCompositeCstNode extends AbstractCstNode implements CompositeCstNode {
    content: CstNode[] = NO_CHILDREN;
    private _astNode: AstNode | undefined = undefined;

    get astNode(): AstNode {
        // As Langium's: this node's own AST node, else the nearest container's.
        if (this._astNode) {
            return this._astNode;
        }
        if (!this.container) {
            throw new Error('This node has no associated AST element');
        }
        return this.container.astNode;
    }

    set astNode(value: AstNode) {
        this._astNode = value;
    }

    get hidden(): boolean {
        return false;
    }

    get offset(): number {
        return this.firstNonHiddenNode?.offset ?? 0;
    }

    get length(): number {
        return this.end - this.offset;
    }

    get end(): number {
        return this.lastNonHiddenNode?.end ?? 0;
    }

    /** Computed each time (Langium caches it in one more field per node; it is two leaf lookups). */
    get range(): Range {
        const first = this.firstNonHiddenNode;
        const last = this.lastNonHiddenNode;
        if (!first || !last) {
            return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
        }
        const { range: firstRange } = first;
        const { range: lastRange } = last;
        return { start: firstRange.start, end: lastRange.end.line < firstRange.start.line ? firstRange.start : lastRange.end };
    }

    get firstNonHiddenNode(): CstNode | undefined {
        for (const child of this.content) {
            if (!child.hidden) {
                return child;
            }
        }
        return this.content[0];
    }

    get lastNonHiddenNode(): CstNode | undefined {
        for (let i = this.content.length - 1; i >= 0; i--) {
            const child = this.content[i];
            if (!child.hidden) {
                return child;
            }
        }
        return this.content[this.content.length - 1];
    }
}

/** The children of a composite node that has none yet (never changed: the builder replaces it). */
const NO_CHILDREN: CstNode[] = Object.freeze([]) as unknown as CstNode[];

/**
 * A leaf as Langium's `LeafCstNodeImpl` is, but without its four line and column fields: its range
 * is read from the document's line starts when asked for (diagnostics, hovers, outlines ask for a
 * few thousand; a workspace holds hundreds of thousands of leaves).
 */
export class CompactLeafCstNode extends AbstractCstNode implements LeafCstNode {
    private readonly _offset: number;
    /** The length, or for a hidden leaf (a comment) −length − 1: one field for both. */
    private readonly _lengthAndHidden: number;

    constructor(offset: number, length: number, private readonly _tokenType: TokenType, hidden: boolean) {
        super();
        this._offset = offset | 0;
        this._lengthAndHidden = hidden ? -(length | 0) - 1 : length | 0;
    }

    get offset(): number {
        return this._offset;
    }

    get length(): number {
        return this._lengthAndHidden < 0 ? -this._lengthAndHidden - 1 : this._lengthAndHidden;
    }

    get end(): number {
        return this._offset + this.length;
    }

    get hidden(): boolean {
        return this._lengthAndHidden < 0;
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
        const lines = (this.root as CompactRootCstNode).lines;
        const starts = lines.starts;
        const length = this.length;
        const startLine = lines.lineOf(this._offset);
        const end = this._offset + length;
        const endLine = length > 1 ? lines.lineOf(end - 1) : startLine;
        return {
            start: { line: startLine, character: this._offset - starts[startLine] },
            end: { line: endLine, character: end - starts[endLine] }
        };
    }
}

/** Langium's root node, holding the line starts its compact leaves read their positions from. */
export class CompactRootCstNode extends RootCstNodeImpl {
    constructor(input: string, readonly lines: LineStarts) {
        super(input);
    }
}
