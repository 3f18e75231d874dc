import type { RenderJourney } from '../render-model.types.js';
import { escapeXychartText } from '../escape.js';

/** Line colours: actual emotion first, expected second (Mermaid's default line colour is nearly invisible). */
export const EMOTION_CURVE_COLOURS = { actual: '#e4572e', expected: '#2e86ab' } as const;

/**
 * A Mermaid `xychart-beta` line chart over the touchpoints in journey order: the actual emotion,
 * and the expected emotion when any touchpoint declares one. A touchpoint without `feels` is drawn
 * at 0 (neutral). Mermaid 12's lines have no gaps, so a touchpoint without `expected` puts the
 * expected line on its actual value (no gap it never declared), and the expected line is drawn
 * first: the actual line lies on top and is never hidden where the two meet.
 */
export function emotionCurve(journey: RenderJourney): string {
    const touchpoints = journey.stages.flatMap(stage => stage.touchpoints);
    // An empty x-axis does not parse: a journey without touchpoints gets one neutral placeholder.
    const categories = touchpoints.length > 0 ? distinct(touchpoints.map(t => t.title.trim() || t.id)) : ['no touchpoints'];
    const actual = touchpoints.length > 0 ? touchpoints.map(t => t.feels?.score ?? 0) : [0];
    const expected = touchpoints.map((t, i) => t.expected?.score ?? actual[i]);
    const showExpected = touchpoints.some(t => t.expected !== undefined);
    const title = showExpected ? 'Emotion curve: actual (orange) and expected (blue)' : 'Emotion curve: actual';
    // Mermaid colours lines in the order they are written.
    const palette = showExpected ? [EMOTION_CURVE_COLOURS.expected, EMOTION_CURVE_COLOURS.actual] : [EMOTION_CURVE_COLOURS.actual];
    const lines = [
        '---',
        'config:',
        '  themeVariables:',
        '    xyChart:',
        `      plotColorPalette: "${palette.join(', ')}"`,
        '---',
        'xychart-beta',
        `    title "${escapeXychartText(title)}"`,
        `    x-axis [${categories.map(c => `"${escapeXychartText(c)}"`).join(', ')}]`,
        '    y-axis "Emotion" -2 --> 2'
    ];
    if (showExpected) {
        lines.push(`    line [${expected.map(formatNumber).join(', ')}]`);
    }
    lines.push(`    line [${actual.map(formatNumber).join(', ')}]`);
    return lines.join('\n') + '\n';
}

/**
 * Mermaid merges categories of the same name into one place on the axis (and draws the line
 * through fewer points than there are touchpoints), so a title used again is numbered: `Support
 * chat (2)`.
 */
function distinct(labels: string[]): string[] {
    const seen = new Map<string, number>();
    return labels.map(label => {
        const count = (seen.get(label) ?? 0) + 1;
        seen.set(label, count);
        return count === 1 ? label : `${label} (${count})`;
    });
}

/** Scores clamped to the axis and kept short (means like 1/3 would print 16 digits). */
function formatNumber(score: number): string {
    return String(Math.round(Math.min(2, Math.max(-2, score)) * 100) / 100);
}
