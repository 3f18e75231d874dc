import type { AstNode, CstNode, LangiumDocument, LeafCstNode } from 'langium';
import { AstUtils, GrammarAST, GrammarUtils, isCompositeCstNode } from 'langium';
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
    Emotion: SemanticTokenTypes.enumMember
};

/** A name of a kind the table above does not know yet. */
const OTHER_NAME = SemanticTokenTypes.variable;

const TOKEN_TYPES = [
    ...new Set(Object.values(DECLARATION_TOKEN_TYPES)), OTHER_NAME,
    SemanticTokenTypes.keyword, SemanticTokenTypes.operator, SemanticTokenTypes.string, SemanticTokenTypes.number, SemanticTokenTypes.comment
];

/** `declaration` on a name where it is declared; `readonly` and `defaultLibrary` on what the built-in library declares. */
const TOKEN_MODIFIERS = [SemanticTokenModifiers.declaration, SemanticTokenModifiers.readonly, SemanticTokenModifiers.defaultLibrary];
const BUILTIN = [SemanticTokenModifiers.readonly, SemanticTokenModifiers.defaultLibrary];

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

    // Langium keeps the document being highlighted in fields and awaits between nodes, so two
    // requests in flight could write into each other's builder; these compute in one synchronous pass.
    override semanticHighlight(document: LangiumDocument, _params: SemanticTokensParams): Promise<SemanticTokens> {
        return Promise.resolve(this.highlightAll(document, undefined, builder => builder.flush(), builder => builder.build()));
    }

    override semanticHighlightRange(document: LangiumDocument, params: SemanticTokensRangeParams): Promise<SemanticTokens> {
        return Promise.resolve(this.highlightAll(document, params.range, builder => builder.flush(), builder => builder.build()));
    }

    override semanticHighlightDelta(document: LangiumDocument, params: SemanticTokensDeltaParams): Promise<SemanticTokens | SemanticTokensDelta> {
        return Promise.resolve(this.highlightAll(document, undefined, builder => builder.previousResult(params.previousResultId), builder => builder.buildEdits()));
    }

    private highlightAll<T>(document: LangiumDocument, range: Range | undefined, start: (builder: SemanticTokensBuilder) => void, finish: (builder: SemanticTokensBuilder) => T): T {
        const builder = this.getDocumentTokensBuilder(document);
        start(builder);
        this.currentDocument = document;
        this.currentRange = range;
        this.currentTokensBuilder = builder;
        const acceptor = this.createAcceptor();
        const nodes = AstUtils.streamAst(document.parseResult.value, { range }).iterator();
        for (let next = nodes.next(); !next.done; next = nodes.next()) {
            this.highlightElement(next.value, acceptor);
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
            return;
        }
        const assignment = GrammarUtils.findAssignment(leaf);
        if (assignment?.feature === 'name') {
            const builtin = this.library.isBuiltin(AstUtils.getDocument(node).uri);
            acceptor({ cst: leaf, type: DECLARATION_TOKEN_TYPES[node.$type] ?? OTHER_NAME, modifier: [SemanticTokenModifiers.declaration, ...builtin ? BUILTIN : []] });
        } else if (assignment && GrammarAST.isCrossReference(assignment.terminal)) {
            this.highlightReference(leaf, acceptor);
        } else if (tokenName === 'STRING') {
            acceptor({ cst: leaf, type: SemanticTokenTypes.string });
        } else if (tokenName === 'NUMBER') {
            acceptor({ cst: leaf, type: SemanticTokenTypes.number });
        } else if (GrammarAST.isKeyword(leaf.grammarSource)) {
            const keyword = leaf.grammarSource.value;
            if (OPERATORS.has(keyword)) {
                acceptor({ cst: leaf, type: SemanticTokenTypes.operator });
            } else if (/^[a-z]/.test(keyword)) {
                acceptor({ cst: leaf, type: SemanticTokenTypes.keyword });
            }
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

/** The leaves under `cst` that belong to `node` itself: composites of child AST nodes are left to those nodes. */
function* ownLeaves(cst: CstNode, node: AstNode): Generator<LeafCstNode> {
    if (!isCompositeCstNode(cst)) {
        yield cst as LeafCstNode;
        return;
    }
    for (const child of cst.content) {
        if (!isCompositeCstNode(child) || child.astNode === node) {
            yield* ownLeaves(child, node);
        }
    }
}
