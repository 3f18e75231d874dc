import type { CstNode, LangiumDocument, RootCstNode } from 'langium';
import { CstUtils, GrammarAST, GrammarUtils } from 'langium';
import type { CompletionBacktrackingInformation, CompletionContext, NextFeature } from 'langium/lsp';
import { DefaultCompletionProvider, findFirstFeatures, findNextFeatures } from 'langium/lsp';
import type { Position } from 'vscode-languageserver';
import { lastChildStartingBefore } from '../cst-search.js';

/**
 * A completion request's view of the parsed document. Where the text before a point parsed
 * without errors, the CST up to that point is exactly what Langium's completion parser would
 * rebuild from offset 0, so features and tokens can be read from it instead.
 */
interface ParsedText {
    root: RootCstNode;
    text: string;
    /** Offset of the first lexer or parser error (`Infinity` when none; errors at the end of the text count as after every token). */
    firstError: number;
    /** The features at each offset this request asked for: contexts often share one, and a re-parse is the cost of a request. */
    featuresByOffset: Map<number, NextFeature[]>;
}

/**
 * The longest text re-parsed for one context: re-parsing a broken element costs about 2 ms per
 * kilobyte when error recovery works at every line (10,000 nested levels), and a request may need
 * three contexts. Past this length, completion reads the document's own error recovery instead.
 */
const MAX_REPARSED_LENGTH = 32_000;

/** Grammar stacks up to this depth have their follow sets cached (a valid map's stack is about ten deep). */
const MAX_CACHED_STACK = 32;

/** Where the document's first syntax error (lexer or parser) starts, `Infinity` when there is none before the end. */
function firstErrorOffset(document: LangiumDocument): number {
    const { lexerErrors, parserErrors } = document.parseResult;
    let first = Infinity;
    for (const error of lexerErrors) {
        first = Math.min(first, error.offset);
    }
    for (const error of parserErrors) {
        if (Number.isFinite(error.token.startOffset)) {
            first = Math.min(first, error.token.startOffset);
        }
    }
    return first;
}

/** `/\s/` on one character, without slicing the text for a regular expression: `trim` removes exactly the characters `\s` matches. */
export function isWhitespace(text: string, index: number): boolean {
    return text.charAt(index).trim() === '';
}

/** The last leaf ending at or before `offset` (a comment too, unless `tokensOnly`), if the CST has one. */
function leafEndingBy(root: RootCstNode, offset: number, tokensOnly: boolean): CstNode | undefined {
    let leaf = offset > 0 ? CstUtils.findLeafNodeBeforeOffset(root, offset - 1) : undefined;
    while (leaf && (leaf.end > offset || (tokensOnly && leaf.hidden))) {
        leaf = leaf.offset > 0 ? CstUtils.findLeafNodeBeforeOffset(root, leaf.offset - 1) : undefined;
    }
    return leaf;
}

/**
 * Langium's completion provider with its contexts computed from the parsed document (the
 * counterpart of Langium's `follow-element-computation.ts`); the CJM items are in
 * `cjm-completion-provider.ts`.
 */
export class ParsedTextCompletionProvider extends DefaultCompletionProvider {
    /**
     * Langium's contexts, computed without re-reading the whole text: Langium re-lexes the whole
     * document and re-parses it from offset 0 to the cursor (up to three times) on every request,
     * which made completion cost grow with the file (13 ms in a 1,100-line file, 400 ms in a
     * 110,000-line one). The features at a point come from the CST when the text before it parsed
     * without errors (`featuresFromCst`), otherwise from a parse starting at the enclosing
     * top-level element (`featuresFromElementStart`); tokens near the cursor come from lexing a
     * few tokens around it. Everything else follows `DefaultCompletionProvider.buildContexts`.
     */
    protected override *buildContexts(document: LangiumDocument, position: Position): IterableIterator<CompletionContext> {
        const cst = document.parseResult.value.$cstNode;
        const textDocument = document.textDocument;
        const text = textDocument.getText();
        if (!cst || cst.root.fullText !== text) {
            // The CST belongs to another version of the text: only a parse of this text can tell.
            yield* super.buildContexts(document, position);
            return;
        }
        const parsed: ParsedText = { root: cst.root, text, firstError: firstErrorOffset(document), featuresByOffset: new Map() };
        const offset = textDocument.offsetAt(position);
        const partialContext = { document, textDocument, offset, position };
        // As in Langium: inside a data type rule (an `Id`), complete from its start.
        const dataTypeRuleOffsets = this.findDataTypeRuleStart(cst, offset);
        if (dataTypeRuleOffsets) {
            const [ruleStart, ruleEnd] = dataTypeRuleOffsets;
            yield {
                ...partialContext,
                node: CstUtils.findLeafNodeBeforeOffset(cst, ruleStart)?.astNode,
                tokenOffset: ruleStart,
                tokenEndOffset: ruleEnd,
                features: this.featuresAt(parsed, ruleStart)
            };
        }
        const { nextTokenStart, nextTokenEnd, previousTokenStart, previousTokenEnd } = this.backtrackNear(parsed, offset);
        // Before the next token, the node is the previous token's.
        const astNodeOffset = offset <= nextTokenStart && previousTokenStart !== undefined ? previousTokenStart : nextTokenStart;
        const astNode = CstUtils.findLeafNodeBeforeOffset(cst, astNodeOffset)?.astNode;
        let performNextCompletion = true;
        if (previousTokenStart !== undefined && previousTokenEnd !== undefined && previousTokenEnd === offset) {
            // Complete the token that ends at the cursor.
            yield {
                ...partialContext,
                node: astNode,
                tokenOffset: previousTokenStart,
                tokenEndOffset: previousTokenEnd,
                features: this.featuresAt(parsed, previousTokenStart)
            };
            performNextCompletion = this.performNextTokenCompletion(document, text.substring(previousTokenStart, previousTokenEnd), previousTokenStart, previousTokenEnd);
            if (performNextCompletion) {
                yield {
                    ...partialContext,
                    node: astNode,
                    tokenOffset: previousTokenEnd,
                    tokenEndOffset: previousTokenEnd,
                    features: this.featuresAt(parsed, previousTokenEnd)
                };
            }
        }
        if (!astNode) {
            // Nothing before the cursor: what starts a document.
            yield {
                ...partialContext,
                tokenOffset: nextTokenStart,
                tokenEndOffset: nextTokenEnd,
                features: findFirstFeatures(GrammarUtils.getEntryRule(this.grammar)!.definition).map(f => f[f.length - 1])
            };
        } else if (performNextCompletion) {
            yield {
                ...partialContext,
                node: astNode,
                tokenOffset: nextTokenStart,
                tokenEndOffset: nextTokenEnd,
                features: this.featuresAt(parsed, nextTokenStart)
            };
        }
    }

    /** The grammar features that may follow the text before `offset` (a token boundary), as Langium's `findFeaturesAt` computes them. */
    protected featuresAt(parsed: ParsedText, offset: number): NextFeature[] {
        let features = parsed.featuresByOffset.get(offset);
        if (!features) {
            features = this.featuresFromCst(parsed, offset) ?? this.featuresFromElementStart(parsed, offset);
            parsed.featuresByOffset.set(offset, features);
        }
        // Fresh objects per context, as Langium's own computation gives: `getCompletion` tells contexts' features apart by identity.
        return features.map(next => ({ ...next }));
    }

    /**
     * When only whitespace separates `offset` from the last token before it and nothing before
     * that token has a syntax error, the completion parser would end on that token with the
     * grammar elements of its CST ancestors as its stack; compute the follow set from those.
     */
    protected featuresFromCst(parsed: ParsedText, offset: number): NextFeature[] | undefined {
        const leaf = leafEndingBy(parsed.root, offset, false);
        if (!leaf || leaf.hidden || !(leaf.offset < parsed.firstError) || parsed.text.slice(leaf.end, offset).trim() !== '') {
            return undefined;
        }
        // The completion parser keeps no stack entry for an action; leave such places to it.
        return this.followOf(parsed, leaf, false);
    }

    /**
     * What may follow the last token before `offset` in the document's own parse, error recovery
     * included: for a text too long to re-parse within a request. It is the picture the outline
     * and the preview show of the broken text, read at the cursor; comments and text the
     * recovery skipped change nothing in it.
     */
    protected featuresFromRecoveredCst(parsed: ParsedText, offset: number): NextFeature[] {
        const leaf = leafEndingBy(parsed.root, offset, true);
        return (leaf && this.followOf(parsed, leaf, true)) ?? findFirstFeatures(GrammarUtils.getEntryRule(this.grammar)!.definition).map(f => f[f.length - 1]);
    }

    /** The follow set of a leaf's grammar stack (its CST ancestors); undefined at an action unless `skipActions`. */
    private followOf(parsed: ParsedText, leaf: CstNode, skipActions: boolean): NextFeature[] | undefined {
        const stack: GrammarAST.AbstractElement[] = [];
        for (let node: CstNode | undefined = leaf; node && node !== parsed.root; node = node.container) {
            const feature = node.grammarSource;
            if (!feature) {
                return undefined;
            }
            if (GrammarAST.isAction(feature)) {
                if (!skipActions) {
                    return undefined;
                }
                continue;
            }
            stack.push(feature);
        }
        stack.reverse();
        if (stack.length > MAX_CACHED_STACK) {
            // Only error recovery nests this deep; its stacks are not worth keeping for the session.
            return findNextFeatures([stack.map(feature => ({ feature }))], []);
        }
        const key = stack.map(feature => this.grammarElementId(feature)).join(' ');
        let features = this.followCache.get(key);
        if (!features) {
            features = findNextFeatures([stack.map(feature => ({ feature }))], []);
            this.followCache.set(key, features);
        }
        return features;
    }

    /** Follow sets by grammar stack: the grammar is fixed, and computing one costs more than the rest of a request. */
    private readonly followCache = new Map<string, NextFeature[]>();
    private readonly grammarElementIds = new Map<GrammarAST.AbstractElement, number>();

    private grammarElementId(element: GrammarAST.AbstractElement): number {
        let id = this.grammarElementIds.get(element);
        if (id === undefined) {
            id = this.grammarElementIds.size;
            this.grammarElementIds.set(element, id);
        }
        return id;
    }

    /**
     * Langium's parse of the text before `offset`, started at the top-level element that holds
     * it rather than at 0: the entry rule is `TopLevel*`, so when the text before that element
     * parsed without errors the parser stands there exactly as at the start of the document.
     */
    protected featuresFromElementStart(parsed: ParsedText, offset: number): NextFeature[] {
        const start = this.topLevelStart(parsed, offset);
        if (offset - start > MAX_REPARSED_LENGTH) {
            return this.featuresFromRecoveredCst(parsed, offset);
        }
        return (start > 0 ? this.parseFeatures(parsed.text.slice(start, offset), false) : undefined)
            ?? this.parseFeatures(parsed.text.slice(0, offset), true)!;
    }

    /**
     * Start of the last top-level element (or comment between them) that begins before both
     * `offset` and the first syntax error and whose first token ends by `offset`; 0 if none.
     * An error at an element's first token belongs to the element before it, hence the strict bound.
     */
    protected topLevelStart(parsed: ParsedText, offset: number): number {
        const children = parsed.root.content;
        let found = lastChildStartingBefore(children, Math.min(offset, parsed.firstError));
        while (found >= 0) {
            const child = children[found];
            const first = CstUtils.findLeafNodeAtOffset(child, child.offset);
            if (first && Number.isFinite(first.offset) && first.end <= offset) {
                return child.offset;
            }
            found--;
        }
        return 0;
    }

    /**
     * Langium's `findFeaturesAt` on `text`, which starts at a top-level element (or at 0 when
     * `documentStart`). Undefined when a slice consumed no token: the document start decides then.
     */
    protected parseFeatures(text: string, documentStart: boolean): NextFeature[] | undefined {
        const result = this.completionParser.parse(text);
        if (result.tokenIndex === 0) {
            return documentStart
                ? findNextFeatures([[this.buildSyntheticEntryRuleCall(GrammarUtils.getEntryRule(this.grammar)!)]], result.tokens)
                : undefined;
        }
        const leftoverTokens = result.tokens.slice(result.tokenIndex);
        return findNextFeatures([result.elementStack.map(feature => ({ feature }))], leftoverTokens);
    }

    /**
     * Langium's `backtrackToAnyToken` (the token at the cursor and the one before it) without
     * lexing the whole text. Before the first syntax error the CST's leaves are exactly the
     * lexer's tokens; elsewhere only a few tokens are lexed, from a token that ends by `offset` to
     * the end of the token at (or next after) the cursor: both are token boundaries of the whole
     * text, so the tokens in between are the same as when lexing everything.
     */
    protected backtrackNear(parsed: ParsedText, offset: number): CompletionBacktrackingInformation {
        const { root, text } = parsed;
        const before = leafEndingBy(root, offset, true);
        const start = before && Number.isFinite(before.offset) ? before.offset : 0;
        let end = text.length;
        const at = CstUtils.findLeafNodeAtOffset(root, offset);
        if (at) {
            end = at.end;
        } else {
            let next = offset;
            while (next < text.length && isWhitespace(text, next)) {
                next++;
            }
            // No CST leaf starts there when recovery dropped a token: then lex to the end.
            if (next >= text.length || CstUtils.findLeafNodeAtOffset(root, next)?.offset === next) {
                end = next;
            }
        }
        if (end <= parsed.firstError) {
            const previous = before ? { previousTokenStart: before.offset, previousTokenEnd: before.end } : {};
            return at && !at.hidden && at.offset < offset
                ? { nextTokenStart: at.offset, nextTokenEnd: at.end, ...previous }
                : { nextTokenStart: offset, nextTokenEnd: offset, ...previous };
        }
        const near = this.backtrackToAnyToken(text.slice(start, end), offset - start);
        const shift = (value: number | undefined): number | undefined => value === undefined ? undefined : value + start;
        return {
            nextTokenStart: near.nextTokenStart + start,
            nextTokenEnd: near.nextTokenEnd + start,
            previousTokenStart: shift(near.previousTokenStart),
            previousTokenEnd: shift(near.previousTokenEnd)
        };
    }
}
