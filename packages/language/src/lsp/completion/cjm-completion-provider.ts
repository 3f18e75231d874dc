import type { AstNode, AstNodeDescription, LangiumDocument, MaybePromise, ReferenceInfo, Stream } from 'langium';
import { AstUtils, CstUtils, GrammarAST, GrammarUtils } from 'langium';
import type { CompletionAcceptor, CompletionContext, CompletionValueItem, NextFeature } from 'langium/lsp';
import type { CancellationToken, CompletionItem, CompletionList, CompletionParams } from 'vscode-languageserver';
import { CompletionItemKind, InsertTextFormat } from 'vscode-languageserver';
import type { BuiltinLibrary } from '../../builtins/builtin-library.js';
import type { CjmServices } from '../../cjm-module.js';
import type { Feeling } from '../../generated/ast.js';
import { isChannel, isEmotion, isFeeling, isJourney, isPersona, isPersonaList, isSource, isStage, isTeam, isTouchpoint } from '../../generated/ast.js';
import { displayScore } from '../../model/emotion-score.js';
import { isWhitespace, ParsedTextCompletionProvider } from './completion-contexts.js';

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

/** `/[\w-]/` on one character, without slicing the text for a regular expression. */
function isWordChar(text: string, index: number): boolean {
    const code = text.charCodeAt(index);
    return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code === 45;
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
 * new journeys, stages and touchpoints. The contexts these items are offered in are computed in
 * `completion-contexts.ts`.
 */
export class CjmCompletionProvider extends ParsedTextCompletionProvider {
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
            sortText: builtin ? SORT_BUILTIN : `${SORT_USER}${this.forPersonaRank(description, refInfo, context)}`
        };
    }

    /**
     * After `feels … for`, the personas of the journey and of the touchpoint come first (§8.2: a
     * persona outside them is `persona-not-in-journey`); elsewhere every name ranks alike.
     */
    protected forPersonaRank(description: AstNodeDescription, refInfo: ReferenceInfo, context: CompletionContext): string {
        if (refInfo.property !== 'persona' || !isFeeling(refInfo.container)) {
            return '';
        }
        const node = context.node ?? refInfo.container;
        const members: AstNode[] = [...(AstUtils.getContainerOfType(node, isJourney)?.members ?? []), ...(AstUtils.getContainerOfType(node, isTouchpoint)?.members ?? [])];
        const lists = members.filter(isPersonaList);
        return lists.some(list => list.personas.some(persona => persona.$refText === description.name)) ? '0' : '1';
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
