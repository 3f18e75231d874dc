/*
 * The canonical layout of a .cjm file.
 *
 * Rules (the formatter only ever rewrites the whitespace between two tokens or comments, so the
 * token sequence never changes):
 * - Two spaces of indentation per open `{`; the editor's tab settings are ignored, so the editor,
 *   the CLI's `cjm fmt` and CI agree on one layout.
 * - `{` ends its declaration's line; every property, member or emotion starts its own line; `}` is
 *   on its own line. An empty block is written `{}`.
 * - One-line metrics and insights: a metric or insight whose `{ … }` is written on one line, with no
 *   comment inside, stays on one line (`metric x "X" { value 2.1% target 3% }`); any other gets one
 *   field per line. Keeping what the author chose makes the rule idempotent in both directions.
 * - A pain's `evidence` stays on the pain's line, after its `source`: the touchpoint's own `evidence`
 *   starts a line of its own (right after a pain with no `severity`, the parser reads it as the pain's).
 * - One space between tokens, except `%` glued to its number and `,` glued to what precedes it.
 * - Blank lines: exactly one between top-level elements when either of them has a block over several
 *   lines (consecutive one-line `channel`/`team`/`source`/`persona`/`insight` declarations keep at most
 *   one); exactly one before each stage and scenario of a journey and between the journey's groups
 *   (persona, description, owner and reviewed lines, stages, scenarios, metrics); none after `{` or
 *   before `}`; elsewhere at most one is kept.
 * - Comments keep their place: a comment that follows a token on its line stays there with the
 *   spacing the author gave it (aligned trailing comments stay aligned); a comment on its own line
 *   stays on its own line, indented like the line that follows it and carrying the blank lines that
 *   line requires.
 * - A document with syntax errors is not formatted at all (range formatting works above the first error).
 */
import type { AstNode, CompositeCstNode, CstNode, LangiumDocument, LeafCstNode } from 'langium';
import { GrammarUtils, isCompositeCstNode, isLeafCstNode, TextDocument, URI } from 'langium';
import type { Formatter } from 'langium/lsp';
import type {
    DocumentOnTypeFormattingOptions, DocumentOnTypeFormattingParams, DocumentRangeFormattingParams, Range, TextEdit
} from 'vscode-languageserver';
import type { CjmServices } from '../cjm-module.js';
import type { Insight, JourneyMember, Metric } from '../generated/ast.js';
import {
    isChannel, isEmotionsBlock, isInsight, isJourney, isMetric, isModel, isOpportunity, isOwner, isPersona, isPersonaList, isDescription,
    isReviewed, isScenario, isSource, isStage, isTeam, isTouchpoint
} from '../generated/ast.js';
import { lastChildStartingBefore } from './cst-search.js';

const INDENT = '  ';

/**
 * How the gap before a token is written: between `minLines` and `maxLines` line breaks (as many as
 * the author wrote, within those bounds) and the indentation, or `spaces` spaces on the same line.
 */
interface GapRule {
    minLines?: number;
    maxLines?: number;
    spaces?: number;
}

/** Exactly one line break: the next line carries no blank line before it. */
const NEW_LINE: GapRule = { minLines: 1, maxLines: 1 };
/** One blank line, whatever was there. */
const BLANK_LINE: GapRule = { minLines: 2, maxLines: 2 };
/** A line break, keeping at most one blank line the author wrote. */
const KEEP_ONE_BLANK_LINE: GapRule = { minLines: 1, maxLines: 2 };
const NO_SPACE: GapRule = { spaces: 0 };
const ONE_SPACE: GapRule = { spaces: 1 };

/**
 * The formatter behind the LSP's document and range formatting and the CLI's `cjm fmt`. It walks
 * the tokens and comments once, in order, and asks for each gap the rule of the element or keyword
 * that follows it; the rule of an element depends only on its container and its neighbour, so a
 * range is formatted by visiting the tokens of its lines alone (a 5 MB map formats in a single pass,
 * a range in time proportional to its length).
 */
export class CjmFormatter implements Formatter {

    constructor(protected readonly services: CjmServices) {}

    formatDocument(document: LangiumDocument): TextEdit[] {
        const { lexerErrors, parserErrors } = document.parseResult;
        return lexerErrors.length === 0 && parserErrors.length === 0 ? this.layOut(document) : [];
    }

    formatDocumentRange(document: LangiumDocument, params: DocumentRangeFormattingParams): TextEdit[] {
        return this.isErrorFreeUpTo(document, params.range.end.line) ? this.layOut(document, params.range) : [];
    }

    formatDocumentOnType(document: LangiumDocument, params: DocumentOnTypeFormattingParams): TextEdit[] {
        const range = { start: { line: params.position.line, character: 0 }, end: params.position };
        return this.isErrorFreeUpTo(document, range.end.line) ? this.layOut(document, range) : [];
    }

    get formatOnTypeOptions(): DocumentOnTypeFormattingOptions | undefined {
        return undefined;
    }

    /** Whether the lines up to `line` (zero-based) lie above the first syntax error. */
    private isErrorFreeUpTo(document: LangiumDocument, line: number): boolean {
        const { lexerErrors, parserErrors } = document.parseResult;
        // Chevrotain's lines are one-based; an error at the end of the text (a missing `}`) has no line, and is on the last one.
        const lastLine = document.textDocument.lineCount - 1;
        const zeroBased = (oneBased: number | undefined) => oneBased !== undefined && oneBased >= 1 ? oneBased - 1 : lastLine;
        let firstErrorLine = Infinity;
        for (const error of lexerErrors) {
            firstErrorLine = Math.min(firstErrorLine, zeroBased(error.line));
        }
        for (const error of parserErrors) {
            firstErrorLine = Math.min(firstErrorLine, zeroBased(error.token.startLine));
        }
        return firstErrorLine > line;
    }

    /**
     * Lays out every gap between two leaves (tokens and comments) of the document, or those that end
     * on the lines of `range`: the line breaks and indentation before a token on those lines, and the
     * spaces between tokens. A declaration's blank lines go above the comments that introduce it.
     */
    protected layOut(document: LangiumDocument, range?: Range): TextEdit[] {
        const root = document.parseResult.value.$cstNode;
        if (!root || !isCompositeCstNode(root)) {
            return [];
        }
        const textDocument = document.textDocument;
        const text = textDocument.getText();
        // The gaps to write are those ending at an offset in [from, to): the range's whole lines.
        const from = range ? textDocument.offsetAt({ line: range.start.line, character: 0 }) : 0;
        const to = range && range.end.line + 1 < textDocument.lineCount ? textDocument.offsetAt({ line: range.end.line + 1, character: 0 }) : Infinity;
        const edits: TextEdit[] = [];
        const replaceGap = (start: number, end: number, newText: string) => {
            if (end >= from && end < to && text.substring(start, end).replace(/\r/g, '') !== newText) {
                edits.push({ range: { start: textDocument.positionAt(start), end: textDocument.positionAt(end) }, newText });
            }
        };
        const cursor = new LeafCursor(root, from);
        const rules = new GapRules(text);
        const leaves: LeafCstNode[] = [];
        /** The first token from `index` on, reading further leaves as needed. */
        const nextToken = (index: number): LeafCstNode | undefined => {
            for (let i = index; ; i++) {
                const leaf = leaves[i] ?? cursor.next();
                if (!leaf) {
                    return undefined;
                }
                leaves[i] = leaf;
                if (!isComment(leaf)) {
                    return leaf;
                }
            }
        };
        let depth = cursor.depth;
        let previous = cursor.before;
        // Whether the blank lines the next statement asks for were already placed above its comments.
        let linesPlaced = false;
        for (let i = 0; ; i++) {
            const leaf = leaves[i] ?? cursor.next();
            if (!leaf) {
                if (previous) {
                    replaceGap(previous.end, text.length, '\n');
                }
                break;
            }
            leaves[i] = leaf;
            if (leaf.offset >= to) {
                break;
            }
            const gapStart = previous?.end ?? 0;
            const existingLines = countLineBreaks(text, gapStart, leaf.offset);
            const before = previous;
            previous = leaf;
            if (isComment(leaf)) {
                if (before && existingLines === 0) {
                    replaceGap(gapStart, leaf.offset, leaf.offset > gapStart ? text.substring(gapStart, leaf.offset) : ' ');
                    continue;
                }
                const next = nextToken(i + 1);
                const nextRule = next && rules.before(next);
                const breaksLine = nextRule ? isLineBreak(nextRule) : false;
                const indent = !next || breaksLine || isClosingBrace(next) ? depth : depth + 1;
                if (!before) {
                    replaceGap(0, leaf.offset, '');
                } else {
                    const lines = !linesPlaced && breaksLine && nextRule ? lineCount(nextRule, existingLines) : keptLines(existingLines);
                    replaceGap(gapStart, leaf.offset, '\n'.repeat(lines) + INDENT.repeat(indent));
                }
                linesPlaced = true;
                continue;
            }
            if (isClosingBrace(leaf)) {
                depth = Math.max(depth - 1, 0);
            }
            const rule = rules.before(leaf);
            const afterLineComment = before !== undefined && isComment(before) && (before.tokenType.name === 'SL_COMMENT' || existingLines > 0);
            if (!before) {
                replaceGap(0, leaf.offset, '');
            } else if (rule && isLineBreak(rule)) {
                const lines = !linesPlaced ? lineCount(rule, existingLines) : isClosingBrace(leaf) ? 1 : keptLines(existingLines);
                replaceGap(gapStart, leaf.offset, '\n'.repeat(lines) + INDENT.repeat(depth));
            } else if (afterLineComment) {
                replaceGap(gapStart, leaf.offset, '\n' + INDENT.repeat(depth + 1));
            } else {
                replaceGap(gapStart, leaf.offset, ' '.repeat(rule?.spaces ?? 1));
            }
            linesPlaced = false;
            if (isOpeningBrace(leaf)) {
                depth++;
            }
        }
        return edits;
    }
}

/**
 * The layout rules: the gap before each element, keyword and token that does not take the default
 * single space. An element's gap is decided by its container and the member before it, never by a
 * walk over the document, so it can be asked for any token on its own.
 */
class GapRules {
    private readonly oneLineBlocks = new Map<Metric | Insight, boolean>();

    constructor(private readonly text: string) {}

    /** The rule of the gap before a token: that of the outermost element starting there, else the token's own. */
    before(leaf: LeafCstNode): GapRule | undefined {
        let rule = this.beforeKeyword(leaf);
        for (let node = leaf.container; node && node.offset === leaf.offset; node = node.container) {
            const element = node.astNode;
            if (element.$cstNode === node) {
                rule = this.beforeElement(element) ?? rule;
            }
        }
        return rule;
    }

    private beforeKeyword(leaf: LeafCstNode): GapRule | undefined {
        if (leaf.hidden) {
            return undefined;
        }
        switch (leaf.text) {
            case ',':
            case '%':
                return NO_SPACE;
            case '}':
                return this.beforeClosingBrace(leaf);
            default:
                return undefined;
        }
    }

    /** Where a member starts: its own line, with the blank lines its container asks for. */
    private beforeElement(node: AstNode): GapRule | undefined {
        const container = node.$container;
        if (!container) {
            return undefined;
        }
        if (isScenario(container)) {
            return node.$containerProperty === 'path' && container.persona ? KEEP_ONE_BLANK_LINE : NEW_LINE;
        }
        const siblings = membersOf(container);
        if (!siblings || ((isMetric(container) || isInsight(container)) && this.staysOnOneLine(container))) {
            return undefined;
        }
        const index = node.$containerIndex ?? siblings.indexOf(node);
        const previous = siblings[index - 1];
        if (!previous) {
            return NEW_LINE;
        }
        if (isModel(container)) {
            return this.hasBlock(previous) || this.hasBlock(node) ? BLANK_LINE : KEEP_ONE_BLANK_LINE;
        }
        if (isJourney(container)) {
            return journeyMemberGap(previous as JourneyMember, node as JourneyMember);
        }
        return KEEP_ONE_BLANK_LINE;
    }

    /** `}` closes an empty block on its line (`{}`), a one-line metric after a space, anything else on its own line. */
    private beforeClosingBrace(close: LeafCstNode): GapRule | undefined {
        const block = close.container;
        const open = block && findChildKeyword(block, '{');
        if (!block || !open) {
            return undefined;
        }
        if (this.text.substring(open.end, close.offset).trim() === '') {
            return NO_SPACE;
        }
        const element = block.astNode;
        return (isMetric(element) || isInsight(element)) && this.staysOnOneLine(element) ? ONE_SPACE : NEW_LINE;
    }

    /** A metric or insight written on one line, without a comment inside its braces, keeps its one line. */
    private staysOnOneLine(element: Metric | Insight): boolean {
        let oneLine = this.oneLineBlocks.get(element);
        if (oneLine === undefined) {
            const open = GrammarUtils.findNodeForKeyword(element.$cstNode, '{');
            const close = GrammarUtils.findNodeForKeyword(element.$cstNode, '}');
            oneLine = open !== undefined && close !== undefined && element.fields.length > 0
                && !/[\r\n]|\/\/|\/\*/.test(this.text.substring(open.end, close.offset).replace(/"(\\.|[^"\\\r\n])*"/g, '""'));
            this.oneLineBlocks.set(element, oneLine);
        }
        return oneLine;
    }

    /** Whether a top-level element has a `{ … }` block over several lines, which earns it blank lines around it. */
    private hasBlock(element: AstNode): boolean {
        if (isChannel(element) || isTeam(element) || isSource(element)) {
            return false;
        }
        if (isInsight(element)) {
            return GrammarUtils.findNodeForKeyword(element.$cstNode, '{') !== undefined && !this.staysOnOneLine(element);
        }
        return !isPersona(element) || GrammarUtils.findNodeForKeyword(element.$cstNode, '{') !== undefined;
    }
}

/** The members a block lays out one per line, or undefined for an element that lays out none. */
function membersOf(node: AstNode): readonly AstNode[] | undefined {
    if (isModel(node)) {
        return node.elements;
    }
    if (isJourney(node) || isStage(node) || isTouchpoint(node) || isOpportunity(node)) {
        return node.members;
    }
    if (isPersona(node) || isMetric(node) || isInsight(node)) {
        return node.fields;
    }
    if (isEmotionsBlock(node)) {
        return node.emotions;
    }
    return undefined;
}

/** A keyword that is a direct child of a block's node (`{` comes before the block's members). */
function findChildKeyword(block: CompositeCstNode, keyword: string): LeafCstNode | undefined {
    for (const child of block.content) {
        if (isLeafCstNode(child) && !child.hidden && child.text === keyword) {
            return child;
        }
        if (isCompositeCstNode(child) && child.astNode !== block.astNode) {
            return undefined;
        }
    }
    return undefined;
}

/**
 * The leaves of a CST in document order from a given offset: it starts after the last token
 * before that offset (found by binary search, level by level) and knows how many blocks are open
 * there, so a range is laid out without visiting the text before it.
 */
class LeafCursor {
    /** The path to the current leaf: at each level, a composite node and the index of the child on the path. */
    private readonly path: Array<{ node: CompositeCstNode; index: number }> = [];
    /** The last token before the offset, if any. */
    readonly before: LeafCstNode | undefined;
    /** How many `{` are open after `before`. */
    readonly depth: number = 0;

    constructor(root: CompositeCstNode, offset: number) {
        let node: CompositeCstNode = root;
        for (;;) {
            const index = lastTokenChildBefore(node.content, offset);
            if (index < 0) {
                break;
            }
            this.path.push({ node, index });
            const child = node.content[index];
            if (isLeafCstNode(child)) {
                this.before = child;
                break;
            }
            node = child as CompositeCstNode;
        }
        if (!this.before) {
            // No token before the offset: start with the document's first leaf.
            this.path.length = 0;
            this.path.push({ node: root, index: -1 });
            return;
        }
        for (const { node: level, index } of this.path) {
            const open = findChildKeyword(level, '{');
            if (open && level.content.indexOf(open) < index) {
                this.depth++;
            }
        }
        this.depth += isOpeningBrace(this.before) ? 1 : isClosingBrace(this.before) ? -1 : 0;
    }

    /** The next leaf, or undefined after the last. */
    next(): LeafCstNode | undefined {
        for (;;) {
            const top = this.path[this.path.length - 1];
            if (!top) {
                return undefined;
            }
            top.index++;
            if (top.index >= top.node.content.length) {
                this.path.pop();
                continue;
            }
            const child = top.node.content[top.index];
            if (isLeafCstNode(child)) {
                return child;
            }
            this.path.push({ node: child as CompositeCstNode, index: -1 });
        }
    }
}

/** The index of the last child that starts before `offset` and is not a comment, or -1. */
function lastTokenChildBefore(children: readonly CstNode[], offset: number): number {
    let found = lastChildStartingBefore(children, offset);
    while (found >= 0 && children[found].hidden) {
        found--;
    }
    return found;
}

/** Formats a .cjm text canonically; a text with syntax errors comes back unchanged. */
export async function formatText(services: CjmServices, text: string, uri = 'inmemory:/format.cjm'): Promise<string> {
    const document = services.shared.workspace.LangiumDocumentFactory.fromString(text, URI.parse(uri));
    const formatter = services.lsp.Formatter;
    if (!formatter) {
        return text;
    }
    const edits = await formatter.formatDocument(document, { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
    return TextDocument.applyEdits(document.textDocument, edits);
}

function journeyMemberGap(previousMember: JourneyMember, member: JourneyMember): GapRule {
    const previous = journeyGroup(previousMember);
    const current = journeyGroup(member);
    return previous !== current || current === 'Stage' || current === 'Scenario' ? BLANK_LINE : KEEP_ONE_BLANK_LINE;
}

/** A journey's members fall into groups that a blank line separates. */
function journeyGroup(member: JourneyMember): string {
    if (isPersonaList(member) || isDescription(member) || isOwner(member) || isReviewed(member)) {
        return 'header';
    }
    return member.$type;
}

/** A line break, keeping at most one blank line: the gap between comments and what they introduce. */
function keptLines(existingLines: number): number {
    return Math.min(Math.max(existingLines, 1), 2);
}

/** Line breaks in `text` between two offsets (a gap: read in place, with no copy). */
function countLineBreaks(text: string, start: number, end: number): number {
    let count = 0;
    for (let i = start; i < end; i++) {
        if (text.charCodeAt(i) === 10) {
            count++;
        }
    }
    return count;
}

function lineCount(rule: GapRule, existingLines: number): number {
    return Math.min(Math.max(existingLines, rule.minLines ?? 1), rule.maxLines ?? 1);
}

function isComment(leaf: LeafCstNode): boolean {
    return leaf.hidden;
}

function isOpeningBrace(leaf: LeafCstNode): boolean {
    return !leaf.hidden && leaf.text === '{';
}

function isClosingBrace(leaf: LeafCstNode): boolean {
    return !leaf.hidden && leaf.text === '}';
}

function isLineBreak(rule: GapRule): boolean {
    return rule.minLines !== undefined;
}
