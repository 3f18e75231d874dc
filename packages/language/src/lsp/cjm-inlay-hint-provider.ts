import type { AstNode } from 'langium';
import { AbstractInlayHintProvider, type InlayHintAcceptor } from 'langium/lsp';
import { InlayHintKind } from 'vscode-languageserver';
import type { Feeling } from '../generated/ast.js';
import { isFeeling, isMetric, isTouchpoint } from '../generated/ast.js';
import { touchpointFeelings } from '../model/touchpoint-feelings.js';
import { evaluateMetric, formatMetricValue, isComputedType } from '../model/metrics.js';
import { displayScore, feelingScore } from '../model/emotion-score.js';

/**
 * Numbers the text implies but does not show: the score of a `feels`/`expected` list of emotions
 * (`: −1`), the actual and lowest score of a touchpoint with several personas' `feels` lines
 * (after its last one), and the computed value of a retention or churn metric (`= 95%`).
 */
export class CjmInlayHintProvider extends AbstractInlayHintProvider {
    computeInlayHint(node: AstNode, acceptor: InlayHintAcceptor): void {
        if (isFeeling(node)) {
            this.emotionListHint(node, acceptor);
            this.severalPersonasHint(node, acceptor);
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

    private emotionListHint(node: Feeling, acceptor: InlayHintAcceptor): void {
        if (node.emotions.length > 0 && node.$cstNode) {
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
        }
    }

    /** After the last `feels` line of a touchpoint whose lines are several personas': `actual −0.5 · lowest −2 (tom)`. */
    private severalPersonasHint(node: Feeling, acceptor: InlayHintAcceptor): void {
        const touchpoint = node.$container;
        if (node.kind !== 'feels' || !node.$cstNode || !isTouchpoint(touchpoint)) {
            return;
        }
        const last = touchpoint.members.findLast(member => isFeeling(member) && member.kind === 'feels');
        if (last !== node) {
            return;
        }
        const counted = touchpointFeelings(touchpoint);
        if (counted.lines.length < 2 || counted.actual === undefined || !counted.lowest) {
            return;
        }
        const who = counted.lowest.persona ?? 'everyone else';
        acceptor({
            position: node.$cstNode.range.end,
            label: `actual ${displayScore(counted.actual)} · lowest ${displayScore(counted.lowest.score)} (${who})`,
            kind: InlayHintKind.Type,
            paddingLeft: true,
            tooltip: `The touchpoint's actual score is the mean of its ${counted.lines.length} feels lines (one per persona); the lowest drives negative-without-pain and unexplained-gap.`
        });
    }
}
