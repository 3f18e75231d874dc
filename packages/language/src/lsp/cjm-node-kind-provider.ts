import type { AstNode, AstNodeDescription } from 'langium';
import { DefaultNodeKindProvider } from 'langium/lsp';
import { CompletionItemKind, SymbolKind } from 'vscode-languageserver';

/** The outline icon of each named CJM element: journeys contain stages, which contain touchpoints. */
const SYMBOL_KINDS: Record<string, SymbolKind> = {
    Journey: SymbolKind.Module,
    Stage: SymbolKind.Namespace,
    Touchpoint: SymbolKind.Event,
    Scenario: SymbolKind.Function,
    Metric: SymbolKind.Number,
    Persona: SymbolKind.Class,
    Channel: SymbolKind.Interface,
    Team: SymbolKind.Struct,
    Source: SymbolKind.Constant,
    Emotion: SymbolKind.EnumMember
};

/** The completion icon of each element a reference can name (same choices as the outline). */
const COMPLETION_KINDS: Record<string, CompletionItemKind> = {
    Journey: CompletionItemKind.Module,
    Stage: CompletionItemKind.Module,
    Touchpoint: CompletionItemKind.Event,
    Scenario: CompletionItemKind.Function,
    Metric: CompletionItemKind.Value,
    Persona: CompletionItemKind.Class,
    Channel: CompletionItemKind.Interface,
    Team: CompletionItemKind.Struct,
    Source: CompletionItemKind.Constant,
    Emotion: CompletionItemKind.EnumMember
};

/** Symbol and completion kinds for CJM's elements. */
export class CjmNodeKindProvider extends DefaultNodeKindProvider {
    override getSymbolKind(node: AstNode | AstNodeDescription): SymbolKind {
        return SYMBOL_KINDS[typeOf(node)] ?? super.getSymbolKind(node);
    }

    override getCompletionItemKind(node: AstNode | AstNodeDescription): CompletionItemKind {
        return COMPLETION_KINDS[typeOf(node)] ?? super.getCompletionItemKind(node);
    }
}

function typeOf(node: AstNode | AstNodeDescription): string {
    return '$type' in node ? node.$type : node.type;
}
