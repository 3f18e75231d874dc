import type { AstNode, CstNode, LangiumDocument, LeafCstNode } from 'langium';
import { AstUtils, Cancellation, GrammarAST, GrammarUtils, interruptAndCheck, isCompositeCstNode } from 'langium';
import type { SemanticTokenAcceptor, SemanticTokensBuilder } from 'langium/lsp';
import { AbstractSemanticTokenProvider } from 'langium/lsp';
import type { Range, SemanticTokens, SemanticTokensDelta, SemanticTokensDeltaParams, SemanticTokensOptions, SemanticTokensParams, SemanticTokensRangeParams } from 'vscode-languageserver';
import { SemanticTokenModifiers, SemanticTokenTypes } from 'vscode-languageserver';
import type { BuiltinLibrary } from '../builtins/builtin-library.js';
import type { CjmServices } from '../cjm-module.js';
import { referenceAt } from './reference-at.js';

/**
 * The token type of each kind of declaration, for its name and every reference to it. Only
 * standard LSP types, so every editor's theme colours them: Neovim links `@lsp.type.class` and
 * the others to its syntax groups, Helix and Zed map them to their scopes.
 */
export const DECLARATION_TOKEN_TYPES: Readonly<Record<string, string>> = {
    Journey: SemanticTokenTypes.namespace,
    Stage: SemanticTokenTypes.struct,
    Touchpoint: SemanticTokenTypes.function,
    Scenario: SemanticTokenTypes.event,
    Metric: SemanticTokenTypes.property,
    Persona: SemanticTokenTypes.class,
    Channel: SemanticTokenTypes.interface,
    Team: SemanticTokenTypes.enum,
    Source: SemanticTokenTypes.type,
    Emotion: SemanticTokenTypes.enumMember,
    Insight: SemanticTokenTypes.variable
};

/** A name of a kind the table above does not know yet. */
const OTHER_NAME = SemanticTokenTypes.variable;

/** The legend's types, each once (a kind may share its type with another, or with OTHER_NAME). */
const TOKEN_TYPES = [...new Set([
    ...Object.values(DECLARATION_TOKEN_TYPES), OTHER_NAME,
    SemanticTokenTypes.keyword, SemanticTokenTypes.operator, SemanticTokenTypes.string, SemanticTokenTypes.number, SemanticTokenTypes.comment
])];

/** `declaration` on a name where it is declared; `readonly` and `defaultLibrary` on what the built-in library declares. */
const TOKEN_MODIFIERS = [SemanticTokenModifiers.declaration, SemanticTokenModifiers.readonly, SemanticTokenModifiers.defaultLibrary];
const BUILTIN = [SemanticTokenModifiers.readonly, SemanticTokenModifiers.defaultLibrary];

/** How many AST nodes between checks for cancellation (a power of two, minus one): awaiting at every node cost a third of the time. */
const CHECK_EVERY = 255;

/** One token as the builder takes it: position, length, type index, modifier bits. */
interface Token {
    line: number;
    char: number;
    length: number;
    type: number;
    modifiers: number;
}

/** Keywords that are not words get `operator` (`->`, `%`); braces and commas get no token. */
const OPERATORS = new Set(['->', '%']);

/**
 * Semantic tokens for CJM: every name (declared, or referring to a declaration) typed by its kind,
 * keywords, strings, numbers and comments. Full, range and delta requests are answered; a delta
 * is computed against the previous result for the document (Langium's builder keeps it).
 */
export class CjmSemanticTokenProvider extends AbstractSemanticTokenProvider {
    private readonly library: BuiltinLibrary;
    private readonly typeIndex = Object.fromEntries(TOKEN_TYPES.map((type, i) => [type, i]));
    private readonly modifierIndex = Object.fromEntries(TOKEN_MODIFIERS.map((modifier, i) => [modifier, 1 << i]));

    constructor(protected readonly services: CjmServices) {
        super(services);
        this.library = services.builtins.Library;
    }

    override get tokenTypes(): Record<string, number> {
        return this.typeIndex;
    }

    override get tokenModifiers(): Record<string, number> {
        return this.modifierIndex;
    }

    override get semanticTokensOptions(): SemanticTokensOptions {
        return { ...super.semanticTokensOptions, full: { delta: true }, range: true };
    }

    // Langium's provider keeps the document being highlighted in fields while it awaits between
    // nodes, so two requests in flight wrote into each other's builder. Here the walk (which yields
    // and can be cancelled, for a large file) collects into its own list; the shared per-document
    // builder, which remembers the previous result for deltas, is used in one synchronous step.
    override async semanticHighlight(document: LangiumDocument, _params: SemanticTokensParams, cancelToken?: Cancellation.CancellationToken): Promise<SemanticTokens> {
        const tokens = await this.collect(document, undefined, cancelToken);
        return this.encode(document, tokens, builder => builder.flush(), builder => builder.build());
    }

    override async semanticHighlightRange(document: LangiumDocument, params: SemanticTokensRangeParams, cancelToken?: Cancellation.CancellationToken): Promise<SemanticTokens> {
        const tokens = await this.collect(document, params.range, cancelToken);
        return this.encode(document, tokens, builder => builder.flush(), builder => builder.build());
    }

    override async semanticHighlightDelta(document: LangiumDocument, params: SemanticTokensDeltaParams, cancelToken?: Cancellation.CancellationToken): Promise<SemanticTokens | SemanticTokensDelta> {
        const tokens = await this.collect(document, undefined, cancelToken);
        return this.encode(document, tokens, builder => builder.previousResult(params.previousResultId), builder => builder.buildEdits());
    }

    /** The tokens of the AST nodes in `range` (all without one), in text order. */
    private async collect(document: LangiumDocument, range: Range | undefined, cancelToken = Cancellation.CancellationToken.None): Promise<Token[]> {
        const tokens: Token[] = [];
        const start = range && document.textDocument.offsetAt(range.start);
        const end = range && document.textDocument.offsetAt(range.end);
        const accept: SemanticTokenAcceptor = options => {
            const where = 'cst' in options ? options.cst.range : 'line' in options
                ? { start: { line: options.line, character: options.char }, end: { line: options.line, character: options.char + options.length } }
                : undefined;
            if (!where || (start !== undefined && (document.textDocument.offsetAt(where.start) < start || document.textDocument.offsetAt(where.end) > end!))) {
                return;
            }
            const modifiers = typeof options.modifier === 'string' ? [options.modifier] : options.modifier ?? [];
            tokens.push({
                line: where.start.line,
                char: where.start.character,
                length: where.end.character - where.start.character,
                type: this.typeIndex[options.type],
                modifiers: modifiers.reduce((bits, modifier) => bits | this.modifierIndex[modifier], 0)
            });
        };
        const nodes = AstUtils.streamAst(document.parseResult.value, { range }).iterator();
        let count = 0;
        for (let next = nodes.next(); !next.done; next = nodes.next()) {
            if ((++count & CHECK_EVERY) === 0) {
                await interruptAndCheck(cancelToken);
            }
            this.highlightElement(next.value, accept);
        }
        return tokens.sort((a, b) => a.line - b.line || a.char - b.char);
    }

    private encode<T>(document: LangiumDocument, tokens: Token[], start: (builder: SemanticTokensBuilder) => void, finish: (builder: SemanticTokensBuilder) => T): T {
        const builder = this.getDocumentTokensBuilder(document);
        start(builder);
        for (const token of tokens) {
            builder.push(token.line, token.char, token.length, token.type, token.modifiers);
        }
        return finish(builder);
    }

    /** Highlights the leaves of `node`'s own text: its keywords, names, references, strings, numbers and comments (not its children's). */
    protected highlightElement(node: AstNode, acceptor: SemanticTokenAcceptor): void {
        if (node.$cstNode) {
            for (const leaf of ownLeaves(node.$cstNode, node)) {
                this.highlightLeaf(node, leaf, acceptor);
            }
        }
    }

    private highlightLeaf(node: AstNode, leaf: LeafCstNode, acceptor: SemanticTokenAcceptor): void {
        const tokenName = leaf.tokenType.name;
        if (leaf.hidden) {
            if (tokenName.endsWith('COMMENT')) {
                this.highlightComment(leaf, acceptor);
            }
        } else if (tokenName === 'STRING') {
            acceptor({ cst: leaf, type: SemanticTokenTypes.string });
        } else if (tokenName === 'NUMBER') {
            acceptor({ cst: leaf, type: SemanticTokenTypes.number });
        } else if (GrammarAST.isKeyword(leaf.grammarSource) && !/^[a-z]/.test(leaf.grammarSource.value)) {
            if (OPERATORS.has(leaf.grammarSource.value)) {
                acceptor({ cst: leaf, type: SemanticTokenTypes.operator });
            }
        } else {
            // An identifier, or a word keyword that may stand for a name (`metric retention`).
            this.highlightWord(node, leaf, acceptor);
        }
    }

    private highlightWord(node: AstNode, leaf: LeafCstNode, acceptor: SemanticTokenAcceptor): void {
        const assignment = GrammarUtils.findAssignment(leaf);
        if (assignment?.feature === 'name') {
            const builtin = this.library.isBuiltin(AstUtils.getDocument(node).uri);
            acceptor({ cst: leaf, type: DECLARATION_TOKEN_TYPES[node.$type] ?? OTHER_NAME, modifier: [SemanticTokenModifiers.declaration, ...builtin ? BUILTIN : []] });
        } else if (assignment && GrammarAST.isCrossReference(assignment.terminal)) {
            this.highlightReference(leaf, acceptor);
        } else if (GrammarAST.isKeyword(leaf.grammarSource)) {
            acceptor({ cst: leaf, type: SemanticTokenTypes.keyword });
        }
    }

    private highlightReference(leaf: LeafCstNode, acceptor: SemanticTokenAcceptor): void {
        const found = referenceAt(leaf, this.services.shared.AstReflection);
        if (!found) {
            return;
        }
        const target = found.reference.ref;
        const builtin = target !== undefined && this.library.isBuiltin(AstUtils.getDocument(target).uri);
        acceptor({ cst: leaf, type: DECLARATION_TOKEN_TYPES[target?.$type ?? found.type] ?? OTHER_NAME, modifier: builtin ? BUILTIN : [] });
    }

    /** One token per line of a comment: a client need not support multi-line tokens. */
    private highlightComment(leaf: LeafCstNode, acceptor: SemanticTokenAcceptor): void {
        const lines = leaf.text.split(/\r\n|\r|\n/);
        lines.forEach((text, i) => {
            const line = leaf.range.start.line + i;
            const char = i === 0 ? leaf.range.start.character : 0;
            if (text.length > 0) {
                acceptor({ line, char, length: text.length, type: SemanticTokenTypes.comment });
            }
        });
    }
}

/** Collects the leaves under `cst` that belong to `node` itself: composites of child AST nodes are left to those nodes. */
function ownLeaves(cst: CstNode, node: AstNode, leaves: LeafCstNode[] = []): LeafCstNode[] {
    if (!isCompositeCstNode(cst)) {
        leaves.push(cst as LeafCstNode);
        return leaves;
    }
    for (const child of cst.content) {
        if (!isCompositeCstNode(child) || child.astNode === node) {
            ownLeaves(child, node, leaves);
        }
    }
    return leaves;
}
