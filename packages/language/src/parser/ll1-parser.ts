// Mirrors Langium 4.4's `LangiumParser` (Chevrotain's recognizer, its CST and AST building) for error-free text; equality: test/parser/ll1-parser.test.ts.
import type { IToken, TokenType } from 'chevrotain';
import type { AstNode, AstReflection, CompositeCstNode, CstNode, GrammarAST, Linker, ParseResult, Reference, ReferenceInfo, ValueConverter } from 'langium';
import { AstUtils, GrammarAST as Ast, GrammarUtils } from 'langium';
import type { CjmAstContents } from './ast-contents.js';
import { LineStarts } from './cjm-fast-lexer.js';
import { CompactCstBuilder } from './compact-cst-builder.js';
import { FastPathRefusal } from './fast-path-refusal.js';

/**
 * A fast parser for the error-free case: the grammar compiled to closures that decide every
 * alternative and repetition by the next token alone (CJM's grammar is LL(1)), building the very
 * AST and CST Langium's own parser builds: the same node objects, grammar sources, property order,
 * references and hidden (comment) nodes. It has no error recovery: at the first token it cannot
 * accept it gives up, and the caller parses the text again with Langium's parser, which reports
 * and recovers. Langium's parser spends most of its time in Chevrotain's machinery for recovery and
 * lookahead, which text without errors (nearly every file, nearly all the time) never needs.
 */
export class Ll1Parser {
    private readonly rules = new Map<GrammarAST.ParserRule, CompiledRule>();
    private readonly defaults = new Map<string, Array<[string, unknown]>>();
    private readonly firstSets = new Map<GrammarAST.AbstractElement | GrammarAST.ParserRule, TokenSet>();
    private readonly entry: CompiledRule;
    private readonly tokenCount: number;

    // The state of one run: the token source, and the one token of lookahead.
    private source: TokenSource = NO_TOKENS;
    private token: IToken | undefined;
    private nodes: AstNode[] = [];
    private readonly datatypeNodes: MutableNode[] = [];
    private datatypeDepth = 0;
    private references: ReferenceInfo[] = [];
    private stack: MutableNode[] = [];
    private builder = new CompactCstBuilder(new LineStarts());

    constructor(
        grammar: GrammarAST.Grammar,
        private readonly tokenTypes: Record<string, TokenType>,
        private readonly linker: Linker,
        private readonly converter: ValueConverter,
        private readonly reflection: AstReflection,
        private readonly contents: CjmAstContents
    ) {
        this.tokenCount = Math.max(0, ...Object.values(tokenTypes).map(t => t.tokenTypeIdx ?? 0)) + 1;
        const entryRule = grammar.rules.find((rule): rule is GrammarAST.ParserRule => Ast.isParserRule(rule) && rule.entry === true);
        if (!entryRule) {
            throw new FastPathRefusal('The grammar has no entry rule.');
        }
        this.entry = this.compileRule(entryRule);
    }

    /**
     * Parses text without errors into Langium's parse result, or returns `undefined` at the first
     * token the grammar does not accept there, or that the source cannot scan (then nothing is
     * half-built: the result is dropped).
     */
    parse(text: string, source: TokenSource): ParseResult | undefined {
        this.source = source;
        this.stack = [];
        this.nodes = [];
        this.references = [];
        this.datatypeDepth = 0;
        this.builder = new CompactCstBuilder(source.lines);
        this.builder.buildRootNode(text);
        try {
            this.token = this.read();
            const value = this.entry.invoke();
            if (this.token !== undefined) {
                return undefined;
            }
            (value.$cstNode as CstNode & { astNode: AstNode }).astNode = value;
            this.builder.addHiddenNodes(source.hidden);
            // Nodes in the order they began and references in the order they were read: for this
            // grammar, whose nodes hold either references or child nodes and assign each feature
            // in one run, that is the order of Langium's streams (a test compares the two).
            this.contents.record(value, { nodes: this.nodes, references: this.references });
            return { value, parserErrors: [], lexerErrors: [], lexerReport: { diagnostics: [] } };
        } catch (error) {
            if (error === MISMATCH) {
                return undefined;
            }
            throw error;
        } finally {
            this.source = NO_TOKENS;
            this.token = undefined;
            this.stack = [];
            this.nodes = [];
            this.references = [];
        }
    }

    private read(): IToken | undefined {
        const token = this.source.next();
        if (token === undefined && this.source.failed) {
            throw MISMATCH;
        }
        return token;
    }

    // ------------------------------------------------------------------ what the parser does at run time
    // These mirror `LangiumParser`'s `consume`, `subrule`, `construct`, `assign` and `action`.

    private get current(): MutableNode {
        return this.stack[this.stack.length - 1];
    }

    private consume(tokenTypeIdx: number, feature: GrammarAST.AbstractElement, assignment: AssignmentInfo | undefined, keyword: boolean): void {
        const token = this.token;
        if (token === undefined || token.tokenTypeIdx !== tokenTypeIdx) {
            throw MISMATCH;
        }
        // The comments scanned so far all come before this token: they go into the tree before it.
        const hidden = this.source.hidden;
        if (hidden.length > 0) {
            this.builder.addHiddenNodes(hidden);
            this.source.hidden = [];
        }
        const leaf = this.builder.buildLeafNode(token, feature);
        // The token source may reuse the token object: take what is needed before reading on.
        const image = token.image;
        this.token = this.read();
        if (assignment) {
            const value = keyword ? image : this.converter.convert(image, leaf);
            this.assign(assignment, value, leaf);
        } else {
            const current = this.current;
            if (current.$type === DATATYPE) {
                current.value += keyword ? image : String(this.converter.convert(image, leaf));
            }
        }
    }

    private subrule(rule: CompiledRule, feature: GrammarAST.AbstractElement, assignment: AssignmentInfo | undefined): void {
        const cstNode = this.builder.buildCompositeNode(feature);
        const result = rule.invoke();
        if (cstNode.content.length === 0) {
            return;
        }
        if (assignment) {
            this.assign(assignment, result, cstNode);
            return;
        }
        // Without an assignment, only a data type rule's call (checked when compiling): its text
        // joins the calling data type rule's value.
        this.current.value += String(result);
    }

    private assign(assignment: AssignmentInfo, value: unknown, cstNode: CstNode): void {
        const node = this.current;
        let item = value;
        if (assignment.crossReference && typeof value === 'string') {
            item = this.linker.buildReference(node as AstNode, assignment.feature, cstNode, value);
        }
        const reference = item !== value;
        const child = isNode(item) ? item as MutableNode : undefined;
        if (child?.$cstNode) {
            (child.$cstNode as CstNode & { astNode: AstNode }).astNode = child as unknown as AstNode;
        }
        // The container properties go on last, in the order Langium's `linkContentToContainer` adds
        // them after its parse (so every node's properties are in Langium's order).
        switch (assignment.operator) {
            case '=':
                node[assignment.feature] = item;
                if (reference) {
                    this.references.push({ reference: item as Reference, container: node as AstNode, property: assignment.feature });
                }
                if (child) {
                    child.$container = node;
                    child.$containerProperty = assignment.feature;
                }
                break;
            case '?=':
                node[assignment.feature] = true;
                break;
            case '+=': {
                let list = node[assignment.feature] as unknown[] | undefined;
                if (!Array.isArray(list)) {
                    list = [];
                    node[assignment.feature] = list;
                }
                if (child) {
                    child.$container = node;
                    child.$containerProperty = assignment.feature;
                    child.$containerIndex = list.length;
                }
                if (reference) {
                    this.references.push({ reference: item as Reference, container: node as AstNode, property: assignment.feature, index: list.length });
                }
                list.push(item);
            }
        }
    }

    private construct(): unknown {
        const node = this.stack.pop()!;
        this.builder.construct(node as never);
        if (node.$type === DATATYPE) {
            this.datatypeDepth--;
            return this.converter.convert(node.value as string, node.$cstNode as CstNode);
        }
        for (const [name, value] of this.defaultsOf(node.$type)) {
            if (node[name] === undefined) {
                node[name] = copyDefault(value);
            }
        }
        return node;
    }

    /** What `AstUtils.assignMandatoryProperties` gives a node of this type, looked up once per type. */
    private defaultsOf(type: string): Array<[string, unknown]> {
        let defaults = this.defaults.get(type);
        if (!defaults) {
            defaults = Object.values(this.reflection.getTypeMetaData(type).properties)
                .filter(property => property.defaultValue !== undefined)
                .map(property => [property.name, property.defaultValue]);
            this.defaults.set(type, defaults);
        }
        return defaults;
    }

    // ------------------------------------------------------------------ compiling the grammar

    private compileRule(rule: GrammarAST.ParserRule): CompiledRule {
        const existing = this.rules.get(rule);
        if (existing) {
            return existing;
        }
        if (rule.fragment || rule.parameters.length > 0) {
            throw new FastPathRefusal(`The LL(1) parser does not support fragment or parameterised rules (${rule.name}).`);
        }
        const type: string = GrammarUtils.isDataTypeRule(rule) ? DATATYPE : GrammarUtils.getTypeName(rule);
        const compiled: CompiledRule = { invoke: () => { throw new Error(`Rule ${rule.name} is not compiled yet.`); } };
        this.rules.set(rule, compiled);
        const body = this.compileElement(rule.definition);
        if (type === DATATYPE) {
            compiled.invoke = () => {
                // A data type rule's node only gathers its text: one object per nesting depth serves every call.
                const node = this.datatypeNodes[this.datatypeDepth] ??= { $type: DATATYPE, value: '' };
                this.datatypeDepth++;
                node.value = '';
                node.$cstNode = undefined;
                this.stack.push(node);
                body();
                return this.construct() as AstNode;
            };
            return compiled;
        }
        const NodeOfType = nodeClass(type);
        compiled.invoke = () => {
            const node = new NodeOfType();
            this.nodes.push(node as unknown as AstNode);
            this.stack.push(node);
            body();
            return this.construct() as AstNode;
        };
        return compiled;
    }

    private compileElement(element: GrammarAST.AbstractElement): Step {
        const step = this.compileSingle(element);
        const cardinality = element.cardinality;
        if (!cardinality) {
            return step;
        }
        const first = this.first(element).members;
        if (cardinality === '?') {
            return () => {
                const token = this.token;
                if (token !== undefined && first[token.tokenTypeIdx]) {
                    step();
                }
            };
        }
        const loop = () => {
            let token = this.token;
            while (token !== undefined && first[token.tokenTypeIdx]) {
                step();
                token = this.token;
            }
        };
        return cardinality === '*' ? loop : () => { step(); loop(); };
    }

    private compileSingle(element: GrammarAST.AbstractElement): Step {
        if (Ast.isAssignment(element)) {
            return this.compileSingle(element.terminal);
        }
        if (Ast.isKeyword(element)) {
            const index = this.tokenIndex(element.value);
            const assignment = this.assignmentOf(element);
            return () => this.consume(index, element, assignment, true);
        }
        if (Ast.isRuleCall(element)) {
            return this.compileRuleCall(element, element);
        }
        if (Ast.isCrossReference(element)) {
            const terminal = GrammarUtils.getCrossReferenceTerminal(element);
            if (!terminal || !Ast.isRuleCall(terminal)) {
                throw new FastPathRefusal('The LL(1) parser supports cross-references through rule calls only.');
            }
            return this.compileRuleCall(terminal, element);
        }
        if (Ast.isGroup(element) && !Ast.isUnorderedGroup(element)) {
            if (element.guardCondition) {
                throw new FastPathRefusal('The LL(1) parser does not support guarded groups.');
            }
            const steps = element.elements.map(e => this.compileElement(e));
            return () => {
                for (const step of steps) {
                    step();
                }
            };
        }
        if (Ast.isAlternatives(element)) {
            return this.compileAlternatives(element);
        }
        if (Ast.isAction(element)) {
            if (element.feature) {
                throw new FastPathRefusal('The LL(1) parser does not support assigning actions.');
            }
            const type = GrammarUtils.getTypeName(element);
            return () => {
                this.current.$type = type;
            };
        }
        throw new FastPathRefusal(`The LL(1) parser does not support ${element.$type}.`);
    }

    /** A call of a terminal or parser rule; `feature` is the CST's grammar source (the cross-reference for one). */
    private compileRuleCall(call: GrammarAST.RuleCall, feature: GrammarAST.AbstractElement): Step {
        const rule = call.rule.ref;
        const assignment = this.assignmentOf(feature);
        if (Ast.isTerminalRule(rule)) {
            const index = this.tokenIndex(rule.name);
            return () => this.consume(index, feature, assignment, false);
        }
        if (Ast.isParserRule(rule)) {
            const caller = AstUtils.getContainerOfType(call, Ast.isParserRule);
            if (!assignment && !(GrammarUtils.isDataTypeRule(rule) && caller && GrammarUtils.isDataTypeRule(caller))) {
                // Langium merges such a node into the caller's (`assignWithoutOverride`); CJM's grammar
                // assigns every node it builds, so this parser need not.
                throw new FastPathRefusal(`The LL(1) parser does not support the unassigned call of ${rule.name} in ${caller?.name}.`);
            }
            // Compiled now, so that a grammar outside this parser's subset is refused when the
            // services are created, not at the first text that calls the rule. A rule that calls
            // itself gets the entry already made for it, whose `invoke` is set once it is compiled.
            const compiled = this.compileRule(rule);
            return () => this.subrule(compiled, feature, assignment);
        }
        throw new FastPathRefusal(`The LL(1) parser cannot call ${call.rule.$refText}.`);
    }

    private compileAlternatives(element: GrammarAST.Alternatives): Step {
        if (element.elements.length === 1) {
            return this.compileElement(element.elements[0]);
        }
        // For each token type, the one alternative that starts with it.
        const choice: Array<Step | undefined> = new Array(this.tokenCount).fill(undefined);
        let empty: Step | undefined;
        for (const alternative of element.elements) {
            const step = this.compileElement(alternative);
            const first = this.first(alternative);
            first.members.forEach((member, index) => {
                if (!member) {
                    return;
                }
                if (choice[index]) {
                    throw new FastPathRefusal(`The grammar is not LL(1): two alternatives start with ${this.tokenName(index)} (${AstUtils.getContainerOfType(element, Ast.isParserRule)?.name}).`);
                }
                choice[index] = step;
            });
            if (first.nullable) {
                empty = step;
            }
        }
        return () => {
            const token = this.token;
            const step = token === undefined ? empty : choice[token.tokenTypeIdx] ?? empty;
            if (!step) {
                throw MISMATCH;
            }
            step();
        };
    }

    /** The tokens an element can start with, and whether it can match nothing. */
    private first(element: GrammarAST.AbstractElement): TokenSet {
        const known = this.firstSets.get(element);
        if (known) {
            return known;
        }
        const set = this.firstIgnoringCardinality(element);
        const result = element.cardinality === '?' || element.cardinality === '*' ? { members: set.members, nullable: true } : set;
        this.firstSets.set(element, result);
        return result;
    }

    private firstIgnoringCardinality(element: GrammarAST.AbstractElement): TokenSet {
        if (Ast.isAssignment(element)) {
            return this.first(element.terminal);
        }
        if (Ast.isKeyword(element)) {
            return this.tokenSet([this.tokenIndex(element.value)], false);
        }
        if (Ast.isCrossReference(element)) {
            return this.first(GrammarUtils.getCrossReferenceTerminal(element)!);
        }
        if (Ast.isRuleCall(element)) {
            const rule = element.rule.ref;
            if (Ast.isTerminalRule(rule)) {
                return this.tokenSet([this.tokenIndex(rule.name)], false);
            }
            if (Ast.isParserRule(rule)) {
                const cached = this.firstSets.get(rule);
                if (cached) {
                    return cached;
                }
                const set = this.first(rule.definition);
                this.firstSets.set(rule, set);
                return set;
            }
        }
        if (Ast.isAlternatives(element)) {
            const parts = element.elements.map(e => this.first(e));
            return this.union(parts, parts.some(p => p.nullable));
        }
        if (Ast.isGroup(element)) {
            const parts: TokenSet[] = [];
            for (const child of element.elements) {
                const part = this.first(child);
                parts.push(part);
                if (!part.nullable) {
                    return this.union(parts, false);
                }
            }
            return this.union(parts, true);
        }
        if (Ast.isAction(element)) {
            return this.tokenSet([], true);
        }
        throw new FastPathRefusal(`The LL(1) parser does not support ${element.$type}.`);
    }

    private union(parts: TokenSet[], nullable: boolean): TokenSet {
        const members = new Array<boolean>(this.tokenCount).fill(false);
        for (const part of parts) {
            part.members.forEach((member, index) => {
                members[index] ||= member;
            });
        }
        return { members, nullable };
    }

    private tokenSet(indices: number[], nullable: boolean): TokenSet {
        const members = new Array<boolean>(this.tokenCount).fill(false);
        for (const index of indices) {
            members[index] = true;
        }
        return { members, nullable };
    }

    private tokenIndex(name: string): number {
        const type = this.tokenTypes[name];
        if (type?.tokenTypeIdx === undefined) {
            throw new FastPathRefusal(`The lexer has no token '${name}'.`);
        }
        return type.tokenTypeIdx;
    }

    private tokenName(index: number): string {
        return Object.values(this.tokenTypes).find(t => t.tokenTypeIdx === index)?.name ?? String(index);
    }

    private assignmentOf(feature: GrammarAST.AbstractElement): AssignmentInfo | undefined {
        const assignment = AstUtils.getContainerOfType(feature, Ast.isAssignment);
        if (!assignment) {
            return undefined;
        }
        if (Ast.isCrossReference(assignment.terminal) && assignment.terminal.isMulti) {
            throw new FastPathRefusal('The LL(1) parser does not support multi-references.');
        }
        return { feature: assignment.feature, operator: assignment.operator, crossReference: Ast.isCrossReference(assignment.terminal) };
    }
}

/** Where the parser takes its tokens from, one at a time (see `TokenCursor`). */
export interface TokenSource {
    /** The next token (possibly the same object as the last, overwritten); `undefined` at the end of the text, or on a lexical error (then `failed`). */
    next(): IToken | undefined;
    readonly failed: boolean;
    /** Comments scanned and not taken yet; the parser takes them (and replaces the array) before each token. */
    hidden: IToken[];
    /** Where the lines scanned so far start (the syntax tree's leaves read their positions from it). */
    readonly lines: LineStarts;
}

const NO_TOKENS: TokenSource = { next: () => undefined, failed: false, hidden: [], lines: new LineStarts() };

/** Thrown (never as an `Error`: no stack to capture) when the next token does not fit. */
const MISMATCH = Symbol('mismatch');
/** The `$type` of the node a data type rule builds, as in Langium's parser. */
const DATATYPE = 'Datatype\u200B';

type Step = () => void;
interface CompiledRule {
    invoke: () => AstNode;
}
interface TokenSet {
    /** Indexed by Chevrotain's `tokenTypeIdx`. */
    readonly members: boolean[];
    readonly nullable: boolean;
}
interface AssignmentInfo {
    feature: string;
    operator: '=' | '+=' | '?=';
    crossReference: boolean;
}
type MutableNode = Record<string, unknown> & { $type: string; $cstNode?: CompositeCstNode };

/**
 * A class for the nodes of one AST type. Its instances have the properties Langium's object
 * literals have, in the same order (`$type` first, then as assigned); but V8 sizes a class's
 * instances by the properties they come to hold, where an object literal keeps the properties
 * added after its creation in a second, separate array: one more object per node for the
 * collector, and a third more memory.
 */
function nodeClass(type: string): new () => MutableNode {
    return class {
        readonly $type = type;
    } as unknown as new () => MutableNode;
}

/** A fresh copy of a default value (an array default must not be shared between nodes). */
function copyDefault(value: unknown): unknown {
    return Array.isArray(value) ? value.map(copyDefault) : value;
}

function isNode(value: unknown): value is AstNode {
    return typeof value === 'object' && value !== null && typeof (value as AstNode).$type === 'string';
}
