import type { Feeling, Touchpoint } from '../generated/ast.js';
import { isFeeling } from '../generated/ast.js';

/** The score a `feels`/`expected` line stands for: the number, or the mean of its resolved emotions. */
export function feelingScore(feeling: Feeling | undefined): number | undefined {
    if (!feeling) {
        return undefined;
    }
    if (feeling.score !== undefined) {
        return feeling.score;
    }
    const scores = feeling.emotions
        .map(ref => ref.ref?.score)
        .filter((score): score is number => typeof score === 'number');
    if (scores.length === 0) {
        return undefined;
    }
    return scores.reduce((a, b) => a + b, 0) / scores.length;
}

/** The touchpoint's `feels` (kind 'feels') or `expected` line; the last one wins when repeated. */
export function findFeeling(touchpoint: Touchpoint, kind: 'feels' | 'expected'): Feeling | undefined {
    const lines = touchpoint.members.filter(isFeeling).filter(f => f.kind === kind);
    return lines[lines.length - 1];
}

/** The lowest and highest emotion scores. */
export const MIN_SCORE = -2;
export const MAX_SCORE = 2;

/** A score rounded to two decimals with its sign (`+1`, `0`, `-1.5`), for text and Mermaid. */
export function formatScore(score: number): string {
    const rounded = Math.round(score * 100) / 100;
    return rounded > 0 ? `+${rounded}` : `${rounded}`;
}

/** A score for the editor, with a typographic minus (`+1`, `0`, `−1.5`); `?` while the number is still being typed. */
export function displayScore(score: number | undefined): string {
    return typeof score === 'number' && Number.isFinite(score) ? formatScore(score).replace('-', '−') : '?';
}
