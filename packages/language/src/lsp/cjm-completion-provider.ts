import type { AstNodeDescription, CstNode, LangiumDocument, MaybePromise, ReferenceInfo, RootCstNode, Stream } from 'langium';
import { AstUtils, CstUtils, GrammarAST, GrammarUtils } from 'langium';
import type { CompletionAcceptor, CompletionBacktrackingInformation, CompletionContext, CompletionValueItem, NextFeature } from 'langium/lsp';
import { DefaultCompletionProvider, findFirstFeatures, findNextFeatures } from 'langium/lsp';
import type { CancellationToken, CompletionItem, CompletionList, CompletionParams, Position } from 'vscode-languageserver';
import { CompletionItemKind, InsertTextFormat } from 'vscode-languageserver';
import type { BuiltinLibrary } from '../builtins/builtin-library.js';
import type { CjmServices } from '../cjm-module.js';
import type { Feeling } from '../generated/ast.js';
import { isChannel, isEmotion, isFeeling, isPersona, isSource, isStage, isTeam, isTouchpoint } from '../generated/ast.js';
import { displayScore } from './cjm-hover-provider.js';
import { lastChildStartingBefore } from './cst-search.js';

/** A snippet offered where the keyword that starts its element may be typed. */
interface ElementSnippet {
    /** The grammar rule whose leading keyword the snippet stands for. */
    rule: string;
    detail: string;
    body: string;
}

/** Keyword → snippet. Bodies use two-space indentation, the formatter's style. */
const SNIPPETS: Record<string, ElementSnippet> = {
    journey: {
        rule: 'Journey',
        detail: 'New journey with a stage and a touchpoint',
        body: [
            'journey ${1:id} "${2:Title}" {',
            '  persona ${3:persona}',
            '  description "${4:What this journey covers}"',
            '',
            '  stage ${5:stage} "${6:Stage title}" {',
            '    touchpoint ${7:touchpoint} "${8:Touchpoint title}" {',
            '      channel ${9:web}',
            '      does "${10:What the customer does}"',
            '      feels ${11:neutral}',
            '    }',
            '  }$0',
            '}'
        ].join('\n')
    },
    stage: {
        rule: 'Stage',
        detail: 'New stage with a touchpoint',
        body: [
            'stage ${1:id} "${2:Title}" {',
            '  touchpoint ${3:touchpoint} "${4:Touchpoint title}" {',
            '    channel ${5:web}',
            '    feels ${6:neutral}',
            '  }$0',
            '}'
        ].join('\n')
    },
    touchpoint: {
        rule: 'Touchpoint',
        detail: 'New touchpoint',
        body: [
            'touchpoint ${1:id} "${2:Title}" {',
            '  channel ${3:web}',
            '  does "${4:What the customer does}"',
            '  feels ${5:neutral}',
            '  $0',
            '}'
        ].join('\n')
    }
};

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

// Character tests by code: completion runs them on every request, next to the cursor, without
// slicing the text for a regular expression.

/** `/\s/` on one character: `trim` removes exactly the characters `\s` matches. */
function isWhitespace(text: string, index: number): boolean {
    return text.charAt(index).trim() === '';
}

/** `/[\w-]/` on one character. */
function isWordChar(text: string, index: number): boolean {
    const code = text.charCodeAt(index);
    return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code === 45;
}

/** The last leaf ending at or before `offset` (a comment too, unless `tokensOnly`), if the CST has one. */
function leafEndingBy(root: RootCstNode, offset: number, tokensOnly: boolean): CstNode | undefined {
    let leaf = offset > 0 ? CstUtils.findLeafNodeBeforeOffset(root, offset - 1) : undefined;
    while (leaf && (leaf.end > offset || (tokensOnly && leaf.hidden))) {
        leaf = leaf.offset > 0 ? CstUtils.findLeafNodeBeforeOffset(root, leaf.offset - 1) : undefined;
    }
    return leaf;
}

/** True when the token at `offset` is one of the emotion names of the line. */
function followsEmotion(feeling: Feeling, offset: number): boolean {
    return feeling.emotions.some(ref => ref.$refNode !== undefined && ref.$refNode.offset <= offset && offset < ref.$refNode.end);
}

/** Sort groups: the user's own declarations first, then the built-in library, then keywords and snippets. */
const SORT_USER = '0';
const SORT_BUILTIN = '1';
const SORT_KEYWORD = '2';

/**
 * Completion for CJM: Langium's keywords and references, with titles and scores in `detail`,
 * user declarations before built-ins (a shadowed built-in is not offered), and snippets for
 * new journeys, stages and touchpoints.
 */
export class CjmCompletionProvider extends DefaultCompletionProvider {
    protected readonly builtins: BuiltinLibrary;

    constructor(services: CjmServices) {
        super(services);
        this.builtins = services.builtins.Library;
    }

    override async getCompletion(document: LangiumDocument, params: CompletionParams, cancelToken?: CancellationToken): Promise<CompletionList | undefined> {
        const list = await super.getCompletion(document, params, cancelToken);
        const more = this.completeFurtherEmotion(document, params);
        if (!list || more.length === 0) {
            return list;
        }
        return { ...list, items: this.deduplicateItems([...more, ...list.items]) };
    }

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

    /**
     * `feels curious |`: Langium's follow-set computation does not loop back into the repeated
     * emotion reference, so the second and later emotions of a `feels`/`expected` line would get
     * keywords only. When the word at the cursor follows an emotion of such a line, offer emotions.
     */
    protected completeFurtherEmotion(document: LangiumDocument, params: CompletionParams): CompletionItem[] {
        const root = document.parseResult.value.$cstNode;
        if (!root) {
            return [];
        }
        const textDocument = document.textDocument;
        const text = textDocument.getText();
        const offset = textDocument.offsetAt(params.position);
        let wordStart = offset;
        while (wordStart > Math.max(0, offset - 256) && isWordChar(text, wordStart - 1)) {
            wordStart--;
        }
        let anchorEnd = wordStart;
        while (anchorEnd > 0 && isWhitespace(text, anchorEnd - 1)) {
            anchorEnd--;
        }
        const anchor = anchorEnd > 0 ? CstUtils.findLeafNodeAtOffset(root, anchorEnd - 1) : undefined;
        const feeling = anchor?.astNode;
        if (!anchor || !isFeeling(feeling) || !followsEmotion(feeling, anchor.offset)) {
            return [];
        }
        let wordEnd = wordStart;
        while (wordEnd < Math.min(text.length, wordStart + 256) && isWordChar(text, wordEnd)) {
            wordEnd++;
        }
        const context: CompletionContext = {
            document, textDocument, node: feeling, features: [], offset, position: params.position,
            tokenOffset: wordStart, tokenEndOffset: wordEnd
        };
        const refInfo: ReferenceInfo = { reference: { $refText: '', ref: undefined }, container: feeling, property: 'emotions' };
        const items: CompletionItem[] = [];
        for (const description of this.getReferenceCandidates(refInfo, context)) {
            const item = this.fillCompletionItem(context, this.createReferenceCompletionItem(description, refInfo, context));
            if (item) {
                items.push(item);
            }
        }
        return items;
    }

    /**
     * In broken text (`owner` on a line of its own, then `channel`) the node at the cursor can be
     * of another type than the rule holding the reference; Langium would then ask the scope for a
     * property that type lacks. Complete as if the reference's own element had just begun.
     */
    protected override completionForCrossReference(context: CompletionContext, next: NextFeature<GrammarAST.CrossReference>, acceptor: CompletionAcceptor): MaybePromise<void> {
        const rule = AstUtils.getContainerOfType(next.feature, GrammarAST.isParserRule);
        const assignment = AstUtils.getContainerOfType(next.feature, GrammarAST.isAssignment);
        if (!next.type && rule && assignment && context.node) {
            const type = GrammarUtils.getTypeName(rule);
            if (!this.astReflection.isSubtype(context.node.$type, type)) {
                return super.completionForCrossReference(context, { ...next, type, property: assignment.feature }, acceptor);
            }
        }
        return super.completionForCrossReference(context, next, acceptor);
    }

    protected override getReferenceCandidates(refInfo: ReferenceInfo, context: CompletionContext): Stream<AstNodeDescription> {
        // The scope lists user declarations before built-ins; a name is offered once, as it would link.
        const seen = new Set<string>();
        return super.getReferenceCandidates(refInfo, context).filter(description => {
            if (seen.has(description.name)) {
                return false;
            }
            seen.add(description.name);
            return true;
        });
    }

    protected override createReferenceCompletionItem(description: AstNodeDescription, refInfo: ReferenceInfo, context: CompletionContext): CompletionValueItem {
        const item = super.createReferenceCompletionItem(description, refInfo, context);
        const builtin = this.builtins.isBuiltin(description.documentUri);
        return {
            ...item,
            detail: this.referenceDetail(description, builtin),
            sortText: builtin ? SORT_BUILTIN : SORT_USER
        };
    }

    /** What the list shows beside a name: an emotion's score, otherwise the element's title. */
    protected referenceDetail(description: AstNodeDescription, builtin: boolean): string {
        const suffix = builtin ? ' (built-in)' : '';
        const node = description.node;
        if (isEmotion(node)) {
            return `${displayScore(node.score)}${suffix}`;
        }
        if (isTouchpoint(node)) {
            const stage = AstUtils.getContainerOfType(node, isStage);
            return `${node.title ?? node.name}${stage ? ` · ${stage.title ?? stage.name}` : ''}`;
        }
        if (isPersona(node) || isChannel(node) || isTeam(node) || isSource(node)) {
            return `${node.title ?? description.type}${suffix}`;
        }
        return `${description.type}${suffix}`;
    }

    protected override completionForKeyword(context: CompletionContext, keyword: GrammarAST.Keyword, acceptor: CompletionAcceptor): MaybePromise<void> {
        if (!this.filterKeyword(context, keyword)) {
            return;
        }
        acceptor(context, { label: keyword.value, kind: CompletionItemKind.Keyword, detail: 'Keyword', sortText: SORT_KEYWORD });
        const snippet = SNIPPETS[keyword.value];
        if (snippet && AstUtils.getContainerOfType(keyword, GrammarAST.isParserRule)?.name === snippet.rule) {
            acceptor(context, {
                label: keyword.value,
                kind: CompletionItemKind.Snippet,
                detail: snippet.detail,
                insertText: snippet.body,
                insertTextFormat: InsertTextFormat.Snippet,
                sortText: SORT_KEYWORD
            });
        }
    }
}
