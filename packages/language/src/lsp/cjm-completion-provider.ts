import type { AstNodeDescription, MaybePromise, ReferenceInfo, Stream } from 'langium';
import { AstUtils, GrammarAST } from 'langium';
import type { CompletionAcceptor, CompletionContext, CompletionValueItem } from 'langium/lsp';
import { DefaultCompletionProvider } from 'langium/lsp';
import { CompletionItemKind, InsertTextFormat } from 'vscode-languageserver';
import type { BuiltinLibrary } from '../builtins/builtin-library.js';
import type { CjmServices } from '../cjm-module.js';
import { isChannel, isEmotion, isPersona, isSource, isStage, isTeam, isTouchpoint } from '../generated/ast.js';
import { displayScore } from './cjm-hover-provider.js';

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
