import type { RenderJourney } from '../render-model.types.js';
import { lineChart } from './line-chart.js';

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
    const categories = touchpoints.length > 0 ? touchpoints.map(t => t.title.trim() || t.id) : ['no touchpoints'];
    const actual = touchpoints.length > 0 ? touchpoints.map(t => t.feels?.score ?? 0) : [0];
    const expected = touchpoints.map((t, i) => t.expected?.score ?? actual[i]);
    const showExpected = touchpoints.some(t => t.expected !== undefined);
    const clamp = (score: number) => Math.min(2, Math.max(-2, score));
    const actualLine = { values: actual.map(clamp), colour: EMOTION_CURVE_COLOURS.actual };
    return lineChart({
        title: showExpected ? 'Emotion curve: actual (orange) and expected (blue)' : 'Emotion curve: actual',
        categories,
        yAxis: { title: 'Emotion', min: -2, max: 2 },
        // Mermaid colours lines in the order they are written.
        lines: showExpected ? [{ values: expected.map(clamp), colour: EMOTION_CURVE_COLOURS.expected }, actualLine] : [actualLine]
    });
}
