/*
 * The canonical layout of a .cjm file.
 *
 * Rules (the formatter only ever rewrites the whitespace between two tokens or comments, so the
 * token sequence never changes):
 * - Two spaces of indentation per open `{`; the editor's tab settings are ignored, so the editor,
 *   the CLI's `cjm fmt` and CI agree on one layout.
 * - `{` ends its declaration's line; every property, member or emotion starts its own line; `}` is
 *   on its own line. An empty block is written `{}`.
 * - One-line metrics: a metric whose `{ … }` is written on one line, with no comment inside, stays
 *   on one line (`metric x "X" { value 2.1% target 3% }`); any other metric gets one field per line.
 *   Keeping what the author chose makes the rule idempotent in both directions.
 * - One space between tokens, except `%` glued to its number and `,` glued to what precedes it.
 * - Blank lines: exactly one between top-level elements when either of them has a block (consecutive
 *   one-line `channel`/`team`/`source`/`persona` declarations keep at most one); exactly one before
 *   each stage and scenario of a journey and between the journey's groups (persona and description
 *   lines, stages, scenarios, metrics); none after `{` or before `}`; elsewhere at most one is kept.
 * - Comments keep their place: a comment that follows a token on its line stays there with the
 *   spacing the author gave it (aligned trailing comments stay aligned); a comment on its own line
 *   stays on its own line, indented like the line that follows it and carrying the blank lines that
 *   line requires.
 * - A document with syntax errors is not formatted at all (range formatting works above the first error).
 */
import type { AstNode, CstNode, LangiumDocument, LeafCstNode } from 'langium';
import { CstUtils, GrammarUtils, isLeafCstNode, TextDocument, URI } from 'langium';
import type { FormattingAction, FormattingContext } from 'langium/lsp';
import { AbstractFormatter, Formatting } from 'langium/lsp';
import type { FormattingOptions, Range, TextEdit } from 'vscode-languageserver';
import type { CjmServices } from '../cjm-module.js';
import type { Journey, JourneyMember, Metric } from '../generated/ast.js';
import {
    isChannel, isEmotionsBlock, isJourney, isMetric, isModel, isOpportunity, isPersona, isPersonaList, isDescription,
    isScenario, isSource, isStage, isSupport, isTeam, isTouchpoint
} from '../generated/ast.js';

const INDENT = '  ';

/** Exactly one line break: the next line carries no blank line before it. */
const NEW_LINE = Formatting.newLine();
/** One blank line, whatever was there. */
const BLANK_LINE = Formatting.newLines(2);
/** A line break, keeping at most one blank line the author wrote. */
const KEEP_ONE_BLANK_LINE = Formatting.fit(Formatting.newLine(), Formatting.newLines(2));

/** The formatter behind the LSP's document and range formatting and the CLI's `cjm fmt`. */
export class CjmFormatter extends AbstractFormatter {

    constructor(protected readonly services: CjmServices) {
        super();
    }

    /** Declares the gap before each token that does not take the default single space. */
    protected format(node: AstNode): void {
        const formatter = this.getNodeFormatter(node);
        if (isModel(node)) {
            node.elements.forEach((element, i) => {
                const previous = node.elements[i - 1];
                const separated = previous && (hasBlock(previous) || hasBlock(element));
                formatter.node(element).prepend(!previous ? NEW_LINE : separated ? BLANK_LINE : KEEP_ONE_BLANK_LINE);
            });
            return;
        }
        if (isJourney(node)) {
            node.members.forEach((member, i) => formatter.node(member).prepend(i === 0 ? NEW_LINE : journeyMemberGap(node, i)));
        } else if (isStage(node) || isTouchpoint(node) || isOpportunity(node)) {
            node.members.forEach((member, i) => formatter.node(member).prepend(i === 0 ? NEW_LINE : KEEP_ONE_BLANK_LINE));
        } else if (isPersona(node) || (isMetric(node) && !this.staysOnOneLine(node))) {
            node.fields.forEach((field, i) => formatter.node(field).prepend(i === 0 ? NEW_LINE : KEEP_ONE_BLANK_LINE));
        } else if (isEmotionsBlock(node)) {
            node.emotions.forEach((emotion, i) => formatter.node(emotion).prepend(i === 0 ? NEW_LINE : KEEP_ONE_BLANK_LINE));
        } else if (isScenario(node)) {
            if (node.persona) {
                formatter.node(node.persona).prepend(NEW_LINE);
            }
            if (node.path) {
                formatter.node(node.path).prepend(node.persona ? KEEP_ONE_BLANK_LINE : NEW_LINE);
            }
        } else if (isPersonaList(node) || isSupport(node)) {
            formatter.keywords(',').prepend(Formatting.noSpace());
        } else if (GrammarUtils.findNodeForKeyword(node.$cstNode, '%')) {
            formatter.keyword('%').prepend(Formatting.noSpace());
        }
        this.formatClosingBrace(node);
    }

    private formatClosingBrace(node: AstNode): void {
        const formatter = this.getNodeFormatter(node);
        const open = formatter.keyword('{').nodes[0];
        const close = formatter.keyword('}').nodes[0];
        if (!open || !close) {
            return;
        }
        const inside = this.textBetween(open, close);
        if (inside.trim() === '') {
            formatter.keyword('}').prepend(Formatting.noSpace());
        } else if (isMetric(node) && this.staysOnOneLine(node)) {
            formatter.keyword('}').prepend(Formatting.oneSpace());
        } else {
            formatter.keyword('}').prepend(NEW_LINE);
        }
    }

    /** A metric written on one line, without a comment inside its braces, keeps its one line. */
    protected staysOnOneLine(metric: Metric): boolean {
        const open = GrammarUtils.findNodeForKeyword(metric.$cstNode, '{');
        const close = GrammarUtils.findNodeForKeyword(metric.$cstNode, '}');
        if (!open || !close || metric.fields.length === 0) {
            return false;
        }
        return !/[\r\n]|\/\/|\/\*/.test(this.textBetween(open, close).replace(/"(\\.|[^"\\\r\n])*"/g, '""'));
    }

    private textBetween(open: CstNode, close: CstNode): string {
        return open.root.fullText.substring(open.end, close.offset);
    }

    /**
     * Lays out every gap between two leaves (tokens and comments) of the document. Langium's own
     * CST pass re-indents comments but cannot move the blank lines a declaration asks for above the
     * comments that introduce it, so CJM resolves the declared formattings here, in one pass.
     */
    protected override iterateCstFormatting(document: LangiumDocument, formattings: Map<string, FormattingAction>, options: FormattingOptions, range?: Range): TextEdit[] {
        const root = document.parseResult.value.$cstNode;
        if (!root) {
            return [];
        }
        const context: FormattingContext = { indentation: 0, options, document: document.textDocument };
        const lineCount = (action: FormattingAction, existingLines: number) =>
            this.findFittingMove({ start: { line: 0, character: 0 }, end: { line: existingLines, character: 0 } }, action.moves, context)?.lines ?? 1;
        const text = document.textDocument.getText();
        const leaves = CstUtils.streamCst(root).filter(isLeafCstNode).toArray();
        const edits: TextEdit[] = [];
        const replaceGap = (start: number, end: number, newText: string) => {
            const gap = { start: document.textDocument.positionAt(start), end: document.textDocument.positionAt(end) };
            if (!range || this.insideRange(gap, range)) {
                edits.push({ range: gap, newText });
            }
        };
        let depth = 0;
        // Whether the blank lines the next statement asks for were already placed above its comments.
        let linesPlaced = false;
        leaves.forEach((leaf, i) => {
            const previous: LeafCstNode | undefined = leaves[i - 1];
            const gapStart = previous?.end ?? 0;
            const existing = text.substring(gapStart, leaf.offset);
            const existingLines = countLineBreaks(existing);
            if (isComment(leaf)) {
                if (previous && existingLines === 0) {
                    replaceGap(gapStart, leaf.offset, existing.length > 0 ? existing : ' ');
                    return;
                }
                const next = leaves.slice(i + 1).find(other => !isComment(other));
                const nextAction = next && this.actionBefore(next, formattings);
                const breaksLine = nextAction ? isLineBreak(nextAction) : false;
                const indent = !next || breaksLine || isClosingBrace(next) ? depth : depth + 1;
                if (!previous) {
                    replaceGap(0, leaf.offset, '');
                } else {
                    const lines = !linesPlaced && breaksLine && nextAction ? lineCount(nextAction, existingLines) : keptLines(existingLines);
                    replaceGap(gapStart, leaf.offset, '\n'.repeat(lines) + INDENT.repeat(indent));
                }
                linesPlaced = true;
                return;
            }
            if (isClosingBrace(leaf)) {
                depth = Math.max(depth - 1, 0);
            }
            const action = this.actionBefore(leaf, formattings);
            const afterLineComment = previous !== undefined && isComment(previous) && (previous.tokenType.name === 'SL_COMMENT' || existingLines > 0);
            if (!previous) {
                replaceGap(0, leaf.offset, '');
            } else if (action && isLineBreak(action)) {
                const lines = !linesPlaced ? lineCount(action, existingLines) : isClosingBrace(leaf) ? 1 : keptLines(existingLines);
                replaceGap(gapStart, leaf.offset, '\n'.repeat(lines) + INDENT.repeat(depth));
            } else if (afterLineComment) {
                replaceGap(gapStart, leaf.offset, '\n' + INDENT.repeat(depth + 1));
            } else {
                replaceGap(gapStart, leaf.offset, ' '.repeat(action?.moves[0]?.characters ?? 1));
            }
            linesPlaced = false;
            if (isOpeningBrace(leaf)) {
                depth++;
            }
        });
        const last = leaves[leaves.length - 1];
        if (last) {
            replaceGap(last.end, text.length, '\n');
        }
        return edits;
    }

    /** The formatting declared for the gap before a token: its own, or that of a node it starts. */
    private actionBefore(leaf: LeafCstNode, formattings: Map<string, FormattingAction>): FormattingAction | undefined {
        let node: CstNode | undefined = leaf;
        let found: FormattingAction | undefined;
        while (node && node.offset === leaf.offset) {
            found = formattings.get(this.nodeModeToKey(node, 'prepend')) ?? found;
            node = node.container;
        }
        return found;
    }

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

function journeyMemberGap(journey: Journey, index: number): FormattingAction {
    const previous = journeyGroup(journey.members[index - 1]);
    const current = journeyGroup(journey.members[index]);
    return previous !== current || current === 'Stage' || current === 'Scenario' ? BLANK_LINE : KEEP_ONE_BLANK_LINE;
}

/** A journey's members fall into groups that a blank line separates. */
function journeyGroup(member: JourneyMember): string {
    if (isPersonaList(member) || isDescription(member)) {
        return 'header';
    }
    return member.$type;
}

/** Whether a top-level element has a `{ … }` block, which earns it blank lines around it. */
function hasBlock(element: AstNode): boolean {
    if (isChannel(element) || isTeam(element) || isSource(element)) {
        return false;
    }
    return !isPersona(element) || GrammarUtils.findNodeForKeyword(element.$cstNode, '{') !== undefined;
}

/** A line break, keeping at most one blank line: the gap between comments and what they introduce. */
function keptLines(existingLines: number): number {
    return Math.min(Math.max(existingLines, 1), 2);
}

function countLineBreaks(whitespace: string): number {
    return whitespace.split('\n').length - 1;
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

function isLineBreak(action: FormattingAction): boolean {
    return action.moves.some(move => move.lines !== undefined);
}
