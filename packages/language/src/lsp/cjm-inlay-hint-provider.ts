import type { AstNode } from 'langium';
import { AbstractInlayHintProvider, type InlayHintAcceptor } from 'langium/lsp';
import { InlayHintKind } from 'vscode-languageserver';
import { isFeeling, isMetric } from '../generated/ast.js';
import { evaluateMetric, formatMetricValue, isComputedType } from '../model/metrics.js';
import { displayScore, feelingScore } from '../model/emotion-score.js';

/**
 * Numbers the text implies but does not show: the score of a `feels`/`expected` list of emotions
 * (`: −1`), and the computed value of a retention or churn metric (`= 95%`).
 */
export class CjmInlayHintProvider extends AbstractInlayHintProvider {
    computeInlayHint(node: AstNode, acceptor: InlayHintAcceptor): void {
        if (isFeeling(node) && node.emotions.length > 0 && node.$cstNode) {
            // A mean over only the names that resolve would be a wrong number; the linking error says why.
            if (node.emotions.some(e => e.ref === undefined)) {
                return;
            }
            const score = feelingScore(node);
            if (score === undefined) {
                return;
            }
            const parts = node.emotions.map(e => `${e.$refText} ${displayScore(e.ref!.score)}`);
            acceptor({
                position: node.$cstNode.range.end,
                label: `: ${displayScore(score)}`,
                kind: InlayHintKind.Type,
                tooltip: node.emotions.length > 1 ? `Mean of ${parts.join(', ')}` : parts[0]
            });
        } else if (isMetric(node) && node.$cstNode) {
            const evaluation = evaluateMetric(node);
            if (!isComputedType(evaluation.type) || evaluation.computed === undefined) {
                return;
            }
            acceptor({
                position: node.$cstNode.range.end,
                label: `= ${formatMetricValue(evaluation.computed, '%')}`,
                kind: InlayHintKind.Type,
                paddingLeft: true,
                tooltip: `Computed ${evaluation.type}`
            });
        }
    }
}
