import type { RenderJourney, RenderTouchpoint } from '../render-model.types.js';
import { escapeXychartText } from '../escape.js';

/** Line colours: actual emotion first, expected second (Mermaid's default line colour is nearly invisible). */
export const EMOTION_CURVE_COLOURS = { actual: '#e4572e', expected: '#2e86ab' } as const;

/**
 * The colours of the persona lines, in turn (the first is the actual line's). Each keeps a contrast
 * of at least 3:1 against white, VS Code's dark background and black, and differs in hue from the
 * others and from the expected line's blue (a test checks both).
 */
export const PERSONA_LINE_COLOURS = [
    { colour: EMOTION_CURVE_COLOURS.actual, name: 'orange' },
    { colour: '#2a9d3f', name: 'green' },
    { colour: '#a05ec8', name: 'purple' },
    { colour: '#a8900a', name: 'gold' },
    { colour: '#d14d8e', name: 'pink' }
] as const;

/** More persona lines than this and only their mean is drawn: a sixth line would not read. */
export const MAX_PERSONA_LINES = PERSONA_LINE_COLOURS.length;

/** One line of the emotion curve, as drawn and as its legend names it. */
export interface EmotionCurveLine {
    kind: 'actual' | 'expected' | 'persona' | 'everyone-else';
    /** What the legend calls the line: `actual`, `expected`, a persona's title, `everyone else`. */
    label: string;
    colour: string;
    colourName: string;
    /** One score per touchpoint, in journey order. */
    scores: number[];
}

/** The lines of a journey's emotion curve, in drawing order (later lines paint over earlier ones), and what the title says. */
export interface EmotionCurveLines {
    lines: EmotionCurveLine[];
    title: string;
}

/**
 * The emotion curve's lines. Without `feels … for` lines: the expected line (where any touchpoint
 * declares one) and the actual line. With them (§8.2): the expected line, then one line per persona
 * that has lines of its own, and an `everyone else` line when some of the journey's personas have
 * none and a touchpoint has a plain `feels`. A persona without a line of its own at a touchpoint
 * follows the plain `feels` there, else the touchpoint's actual score. With more than five such
 * lines, only the actual (mean) line is drawn and the title says so.
 *
 * A touchpoint without `feels` is drawn at 0 (neutral). Mermaid 12's lines have no gaps, so a
 * touchpoint without `expected` puts the expected line on its actual value (no gap it never
 * declared), and the expected line is drawn first: the actual lines lie on top of it.
 */
export function emotionCurveLines(journey: RenderJourney): EmotionCurveLines {
    const touchpoints = journey.stages.flatMap(stage => stage.touchpoints);
    const actual = touchpoints.map(t => t.feels?.score ?? 0);
    const expected: EmotionCurveLine[] = touchpoints.some(t => t.expected !== undefined)
        ? [{ kind: 'expected', label: 'expected', colour: EMOTION_CURVE_COLOURS.expected, colourName: 'blue', scores: touchpoints.map((t, i) => t.expected?.score ?? actual[i]) }]
        : [];
    const people = personaLines(journey, touchpoints);
    if (people.length === 0 || people.length > MAX_PERSONA_LINES) {
        const label = people.length > 0 ? `actual, the mean of ${people.length} personas` : 'actual';
        const line: EmotionCurveLine = { kind: 'actual', label, colour: EMOTION_CURVE_COLOURS.actual, colourName: 'orange', scores: actual };
        const why = people.length > 0 ? ` (more than ${MAX_PERSONA_LINES} persona lines would not read)` : '';
        return { lines: [...expected, line], title: `Emotion curve: ${listed([line, ...expected])}${why}` };
    }
    const lines = people.map((line, i): EmotionCurveLine => ({ ...line, colour: PERSONA_LINE_COLOURS[i].colour, colourName: PERSONA_LINE_COLOURS[i].name }));
    return { lines: [...expected, ...lines], title: `Emotion curve: ${listed([...lines, ...expected])}` };
}

/** `actual (orange) and expected (blue)`; the plain actual line alone is just `actual`. */
function listed(lines: EmotionCurveLine[]): string {
    if (lines.length === 1 && lines[0].label === 'actual') {
        return 'actual';
    }
    const names = lines.map(line => `${line.label} (${line.colourName})`);
    return names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** The persona lines and the everyone-else line, before they get their colours. */
function personaLines(journey: RenderJourney, touchpoints: RenderTouchpoint[]): Array<Pick<EmotionCurveLine, 'kind' | 'label' | 'scores'>> {
    const own = journey.emotionPersonas ?? [];
    if (own.length === 0) {
        return [];
    }
    const plain = (t: RenderTouchpoint) => t.personaFeelings ? t.personaFeelings.find(f => f.persona === undefined)?.score : t.feels?.score;
    const fallback = (t: RenderTouchpoint) => plain(t) ?? t.feels?.score ?? 0;
    const lines: Array<Pick<EmotionCurveLine, 'kind' | 'label' | 'scores'>> = own.map(persona => ({
        kind: 'persona',
        label: persona.title?.trim() || persona.id,
        scores: touchpoints.map(t => t.personaFeelings?.find(f => f.persona === persona.id)?.score ?? fallback(t))
    }));
    const withoutOwn = journey.personas.some(p => !own.some(o => o.id === p.id));
    if (withoutOwn && touchpoints.some(t => plain(t) !== undefined)) {
        lines.push({ kind: 'everyone-else', label: 'everyone else', scores: touchpoints.map(fallback) });
    }
    return lines;
}

/** A Mermaid `xychart-beta` line chart over the touchpoints in journey order (see emotionCurveLines). */
export function emotionCurve(journey: RenderJourney): string {
    const touchpoints = journey.stages.flatMap(stage => stage.touchpoints);
    // An empty x-axis does not parse: a journey without touchpoints gets one neutral placeholder.
    const categories = touchpoints.length > 0 ? touchpoints.map(t => t.title.trim() || t.id) : ['no touchpoints'];
    const { lines, title } = emotionCurveLines(journey);
    const drawn = touchpoints.length > 0 ? lines : [{ ...lines[lines.length - 1], scores: [0] }];
    const text = [
        '---',
        'config:',
        '  themeVariables:',
        '    xyChart:',
        // Mermaid colours lines in the order they are written.
        `      plotColorPalette: "${drawn.map(line => line.colour).join(', ')}"`,
        '---',
        'xychart-beta',
        `    title "${escapeXychartText(title)}"`,
        `    x-axis [${categories.map(c => `"${escapeXychartText(c)}"`).join(', ')}]`,
        '    y-axis "Emotion" -2 --> 2',
        ...drawn.map(line => `    line [${line.scores.map(formatNumber).join(', ')}]`)
    ];
    return text.join('\n') + '\n';
}

/** Scores clamped to the axis and kept short (means like 1/3 would print 16 digits). */
function formatNumber(score: number): string {
    return String(Math.round(Math.min(2, Math.max(-2, score)) * 100) / 100);
}
