import type { AstNode, CstNode, LangiumDocument } from 'langium';
import { DefaultDocumentSymbolProvider } from 'langium/lsp';
import type { DocumentSymbol } from 'vscode-languageserver';
import { isEmotion, isMetric } from '../generated/ast.js';
import { evaluateMetric, formatMetricValue } from '../model/metrics.js';
import { displayScore } from '../model/emotion-score.js';

/**
 * The outline: journeys hold stages, stages hold touchpoints, beside personas, channels, teams,
 * scenarios and metrics. Titles go to `detail` so the outline shows the ID and the human name.
 */
export class CjmDocumentSymbolProvider extends DefaultDocumentSymbolProvider {
    protected override createSymbol(document: LangiumDocument, astNode: AstNode, cstNode: CstNode, nameNode: CstNode, computedName?: string): DocumentSymbol {
        const symbol = super.createSymbol(document, astNode, cstNode, nameNode, computedName);
        const detail = symbolDetail(astNode);
        return detail === undefined ? symbol : { ...symbol, detail };
    }
}

function symbolDetail(node: AstNode): string | undefined {
    if (isEmotion(node)) {
        return displayScore(node.score);
    }
    const title = 'title' in node && typeof node.title === 'string' ? node.title : undefined;
    if (isMetric(node)) {
        const evaluation = evaluateMetric(node);
        const value = evaluation.value === undefined ? undefined : formatMetricValue(evaluation.value, evaluation.unit);
        return [title, value].filter(Boolean).join(' · ') || undefined;
    }
    return title;
}
