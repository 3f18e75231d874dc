import { formatMetricValue, round } from '../model/metrics.js';
import { formatScore } from '../model/emotion-score.js';
import type { RenderEmotion, RenderEvidence, RenderJourney, RenderMetric, RenderOpportunity, RenderStage, RenderSubjourney, RenderTouchpoint, SourceRange } from './render-model.types.js';
import { escapeHtml, escapeMarkdownText } from './escape.js';
import { EMOTION_CURVE_COLOURS } from './mermaid/emotion-curve.js';
import { BLUEPRINT_LANES, hasBlueprint } from './mermaid/service-blueprint.js';

/** The lanes every journey grid has, top to bottom, as the classic journey-map canvas has them. */
export const GRID_LANES = [
    'Touchpoints & channels', 'Actions', 'Thoughts', 'Emotions', 'Pain points', 'Opportunities', 'Owners', 'Metrics'
] as const;

/** Lanes a grid has only when the journey fills them: the questions (`asks`), the insights named (`evidence`), and the service blueprint's. */
export const OPTIONAL_GRID_LANES = [
    'Questions', 'Evidence', BLUEPRINT_LANES.evidence, BLUEPRINT_LANES.frontstage, BLUEPRINT_LANES.backstage, BLUEPRINT_LANES.support
] as const;

/** What marks a link to a subjourney, in the grid and the Markdown (`↳ Fixing a billing mistake`). */
export const SUBJOURNEY_MARK = '↳';

/** The lanes of one journey's grid, top to bottom. */
export function gridLanes(journey: RenderJourney): string[] {
    return lanesOf(journey).map(lane => lane.title);
}

/** Colours of the emotion classes and the grid's layout, for pages that embed `gridHtml`. */
export const GRID_CSS = `
.cjm-grid { border-collapse: collapse; font: 13px/1.4 system-ui, sans-serif; }
.cjm-grid th, .cjm-grid td { border: 1px solid #c8c8c8; padding: 6px 8px; vertical-align: top; text-align: left; min-width: 10em; }
.cjm-grid thead th { background: #f0f0f0; }
.cjm-grid tbody th { background: #fafafa; white-space: nowrap; }
.cjm-grid .cjm-item + .cjm-item { margin-top: 6px; }
.cjm-grid .cjm-meta { color: #666; font-size: 12px; }
.cjm-grid .cjm-emotion { border-radius: 4px; padding: 2px 6px; }
.cjm-grid .score-neg2 { background: #f4a6a6; }
.cjm-grid .score-neg1 { background: #fbd3b0; }
.cjm-grid .score-0 { background: #eeeeee; }
.cjm-grid .score-pos1 { background: #cfeccb; }
.cjm-grid .score-pos2 { background: #9fdb98; }
.cjm-grid .score-none { background: transparent; border: 1px dashed #bbb; }
.cjm-grid .cjm-curve { display: block; width: 100%; height: 48px; margin-bottom: 6px; }
.cjm-grid .cjm-persona-emotion + .cjm-persona-emotion { margin-top: 4px; }
.cjm-grid tr.cjm-lane-backstage > * { border-top: 3px dashed #888; }
.cjm-grid .cjm-subjourney { display: block; color: #0b62a4; text-decoration: underline; cursor: pointer; }
.cjm-grid .cjm-stale, .cjm-grid .cjm-overdue { color: #a4262c; font-weight: 600; }
`;

/**
 * The journey grid as an HTML `<table>`: stages as columns, one row per lane. Stage headers and
 * touchpoint entries carry `data-id`, `data-range` (`line:char-line:char`, zero-based) and
 * `data-cjm-key` (`stage:ID`, `touchpoint:ID`) so the preview can sync them with the editor. A
 * subjourney is a `span` with `role="link"`, `data-cjm-subjourney` (the journey's name) and
 * `data-cjm-uri` (its document, when the link resolves): the preview opens that journey on a click.
 */
export function gridHtml(journey: RenderJourney, options: GridOptions = {}): string {
    const head = journey.stages.map(stage => {
        const expectations = stage.expectations.map(e => `<div class="cjm-meta cjm-expectation">${escapeHtml(e)}</div>`).join('');
        return `<th scope="col" class="cjm-stage"${anchor('stage', stage.id, stage.range)}>${escapeHtml(stage.title)}${expectations}${stage.subjourneys.map(subjourneyHtml).join('')}</th>`;
    });
    const curves = emotionCurveCells(journey.stages);
    const rows = lanesOf(journey, options).map(lane => {
        const cells = journey.stages.map((stage, index) => `<td>${lane.key === 'emotions' ? curves[index] : ''}${lane.html(stage).join('')}</td>`);
        const note = lane.key === 'backstage' ? `<div class="cjm-meta">${escapeHtml(`below the ${BLUEPRINT_LANES.visibility.toLowerCase()}`)}</div>` : '';
        return `<tr class="cjm-lane cjm-lane-${lane.key}"><th scope="row">${escapeHtml(lane.title)}${note}</th>${cells.join('')}</tr>`;
    });
    return [
        `<table class="cjm-grid" data-journey="${escapeHtml(journey.id)}">`,
        `<thead><tr><th scope="col">Stage</th>${head.join('')}</tr></thead>`,
        `<tbody>\n${rows.join('\n')}\n</tbody>`,
        '</table>'
    ].join('\n') + '\n';
}

/** The journey grid as GitHub Markdown tables: the same lanes, one table with stages as columns. */
export function gridMarkdown(journey: RenderJourney, options: GridOptions = {}): string {
    if (journey.stages.length === 0) {
        return '_This journey has no stages._\n';
    }
    const header = `| Lane | ${journey.stages.map(s => escapeMarkdownText(s.title)).join(' | ')} |`;
    const rule = `|---|${journey.stages.map(() => '---').join('|')}|`;
    const expectations = journey.stages.some(s => s.expectations.length > 0)
        ? [`| Expectations | ${journey.stages.map(s => s.expectations.map(escapeMarkdownText).join('<br>')).join(' | ')} |`]
        : [];
    const subjourneys = journey.stages.some(s => s.subjourneys.length > 0)
        ? [`| Subjourneys | ${journey.stages.map(s => s.subjourneys.map(subjourneyMarkdown).join('<br>')).join(' | ')} |`]
        : [];
    const rows = lanesOf(journey, options).map(lane => `| ${lane.key === 'backstage' ? `${lane.title} (below the ${BLUEPRINT_LANES.visibility.toLowerCase()})` : lane.title} | ${journey.stages.map(stage => lane.markdown(stage).join('<br>')).join(' | ')} |`);
    return [header, rule, ...expectations, ...subjourneys, ...rows].join('\n') + '\n';
}

/** A subjourney link in the HTML grid. */
function subjourneyHtml(link: RenderSubjourney): string {
    const uri = link.uri !== undefined ? ` data-cjm-uri="${escapeHtml(link.uri)}"` : '';
    return `<span class="cjm-subjourney" role="link" tabindex="0" title="Open this journey" data-cjm-subjourney="${escapeHtml(link.id)}"${uri}>${SUBJOURNEY_MARK} ${escapeHtml(link.title)}</span>`;
}

/** A subjourney line in the Markdown grid: `↳ Title`. */
export function subjourneyMarkdown(link: RenderSubjourney): string {
    return `${SUBJOURNEY_MARK} ${escapeMarkdownText(link.title)}`;
}

/** Options of gridHtml and gridMarkdown. */
export interface GridOptions {
    /** Keys of lanes to leave out (`gridLaneChoices`); unknown keys are ignored. */
    hiddenLanes?: readonly string[];
}

interface Lane {
    key: string;
    title: (typeof GRID_LANES)[number] | (typeof OPTIONAL_GRID_LANES)[number];
    /** For an optional lane: whether the journey fills it. */
    shown?(journey: RenderJourney): boolean;
    /** HTML entries of one stage's cell. */
    html(stage: RenderStage): string[];
    /** Markdown entries of one stage's cell, joined by `<br>`. */
    markdown(stage: RenderStage): string[];
}

/** One lane whose entries are per touchpoint: `parts` lists escaped pieces of text for each. */
function touchpointLane(key: string, title: Lane['title'], parts: (t: RenderTouchpoint, target: Target) => string[], extraClass?: (t: RenderTouchpoint) => string, shown?: Lane['shown']): Lane {
    return {
        key,
        title,
        ...(shown ? { shown } : {}),
        html: stage => stage.touchpoints.flatMap(t => {
            const items = parts(t, HTML);
            if (items.length === 0) {
                return [];
            }
            const classes = ['cjm-item', extraClass?.(t)].filter(Boolean).join(' ');
            return [`<div class="${classes}"${anchor('touchpoint', t.id, t.range)}><div class="cjm-meta">${escapeHtml(t.title)}</div>${items.map(i => `<div>${i}</div>`).join('')}</div>`];
        }),
        markdown: stage => stage.touchpoints.flatMap(t => parts(t, MARKDOWN).map(item => `**${escapeMarkdownText(t.title)}**: ${item}`))
    };
}

/** How lane text is escaped and emphasised in each output. */
interface Target {
    text(value: string): string;
    meta(value: string): string;
    /** One persona's emotion, coloured by its score where the output has colours. */
    emotion(value: string, emotion: RenderEmotion): string;
    /** A mark of CJM's own (`stale`, `overdue`). */
    warning(value: string): string;
}

const HTML: Target = {
    text: escapeHtml,
    meta: value => `<span class="cjm-meta">${escapeHtml(value)}</span>`,
    emotion: (value, emotion) => `<span class="cjm-emotion cjm-persona-emotion ${scoreClass(emotion)}">${escapeHtml(value)}</span>`,
    warning: value => `<span class="cjm-${value}">${escapeHtml(value)}</span>`
};
const MARKDOWN: Target = { text: escapeMarkdownText, meta: value => `_${escapeMarkdownText(value)}_`, emotion: value => escapeMarkdownText(value), warning: value => `**${value}**` };

const anyTouchpoint = (has: (t: RenderTouchpoint) => boolean) => (journey: RenderJourney) => journey.stages.some(s => s.touchpoints.some(has));

const LANES: Lane[] = [
    {
        key: 'touchpoints',
        title: 'Touchpoints & channels',
        html: stage => stage.touchpoints.map(t => `<div class="cjm-item cjm-touchpoint"${anchor('touchpoint', t.id, t.range)}><strong>${escapeHtml(t.title)}</strong>${t.momentOfTruth ? ' <span class="cjm-moment">★ moment of truth</span>' : ''}${t.channels.length > 0 ? ` <span class="cjm-meta">${t.channels.map(escapeHtml).join(', ')}</span>` : ''}${t.subjourneys.map(subjourneyHtml).join('')}</div>`),
        markdown: stage => stage.touchpoints.flatMap(t => [
            `**${escapeMarkdownText(t.title)}**${t.momentOfTruth ? ' ★ moment of truth' : ''}${t.channels.length > 0 ? ` (${t.channels.map(escapeMarkdownText).join(', ')})` : ''}`,
            ...t.subjourneys.map(subjourneyMarkdown)
        ])
    },
    touchpointLane('actions', 'Actions', (t, out) => t.does.map(out.text)),
    touchpointLane('thoughts', 'Thoughts', (t, out) => t.thinks.map(out.text)),
    touchpointLane('questions', 'Questions', (t, out) => t.asks.map(out.text), undefined, anyTouchpoint(t => t.asks.length > 0)),
    touchpointLane('emotions', 'Emotions', (t, out) => t.personaFeelings ? personaEmotionTexts(t, out) : [emotionText(t, out)],
        t => t.personaFeelings ? '' : `cjm-emotion ${scoreClass(t.feels)}`),
    touchpointLane('pains', 'Pain points', (t, out) => t.pains.map(p => {
        const evidence = [
            p.source ? `source: ${p.source}` : undefined,
            p.evidence.length > 0 ? `evidence: ${p.evidence.map(e => e.id).join(', ')}` : undefined,
            p.source || p.evidence.length > 0 ? undefined : 'no evidence',
            p.severity ? `severity: ${p.severity}` : undefined
        ].filter(Boolean).join(', ');
        return `${out.text(p.text)} ${out.meta(`(${evidence})`)}`;
    })),
    touchpointLane('insights', 'Evidence', (t, out) => touchpointInsights(t).map(e => evidenceText(e, out)), undefined, anyTouchpoint(t => touchpointInsights(t).length > 0)),
    touchpointLane('opportunities', 'Opportunities', (t, out) => t.opportunities.map(o => `${out.text(o.text)} ${opportunityDetails(o, out)}`)),
    touchpointLane('evidence', BLUEPRINT_LANES.evidence, (t, out) => t.artifacts.map(out.text), undefined, hasBlueprint),
    touchpointLane('frontstage', BLUEPRINT_LANES.frontstage, (t, out) => t.frontstage.map(out.text), undefined, hasBlueprint),
    touchpointLane('backstage', BLUEPRINT_LANES.backstage, (t, out) => t.backstage.map(out.text), undefined, hasBlueprint),
    touchpointLane('support', BLUEPRINT_LANES.support, (t, out) => [...t.tools.map(out.text), ...(t.support.length > 0 ? [out.meta(`support: ${t.support.join(', ')}`)] : [])],
        undefined, hasBlueprint),
    touchpointLane('owners', 'Owners', (t, out) => t.owner || t.support.length > 0
        ? [`${out.text(t.owner ?? 'no owner')}${t.support.length > 0 ? ` ${out.meta(`(support: ${t.support.join(', ')})`)}` : ''}`]
        : []),
    {
        key: 'metrics',
        title: 'Metrics',
        html: stage => [
            ...stage.metrics.map(m => `<div class="cjm-item cjm-metric">${metricText(m, HTML)}</div>`),
            ...touchpointLane('metrics', 'Metrics', (t, out) => t.metrics.map(m => metricText(m, out))).html(stage)
        ],
        markdown: stage => [
            ...stage.metrics.map(m => metricText(m, MARKDOWN)),
            ...stage.touchpoints.flatMap(t => t.metrics.map(m => `**${escapeMarkdownText(t.title)}**: ${metricText(m, MARKDOWN)}`))
        ]
    }
];

/** The lanes of one journey's grid a reader can show or hide: each lane's key and title. */
export function gridLaneChoices(journey: RenderJourney): Array<{ key: string; title: string }> {
    return lanesOf(journey).map(({ key, title }) => ({ key, title }));
}

/** The emotion curve's scale in a cell: −2…+2 over a 40-unit-high box, 4 units of margin. */
const CURVE_HEIGHT = 40;
const curveY = (score: number) => round(CURVE_HEIGHT / 2 - Math.min(2, Math.max(-2, score)) * 8);

/**
 * The emotion curve drawn in the grid's emotions lane, one inline SVG per stage cell, stretched to
 * the cell's width: each touchpoint a point in the order of the entries below it, the actual line
 * solid and the expected line dashed (where any touchpoint has one), the same values as the emotion
 * curve diagram. A line leaves a cell at the midpoint towards the neighbouring stage's first or
 * last point, so the lines run on unbroken across the columns.
 */
function emotionCurveCells(stages: readonly RenderStage[]): string[] {
    const all = stages.flatMap(stage => stage.touchpoints);
    const actual = new Map(all.map(t => [t, t.feels?.score ?? 0]));
    const expected = new Map(all.map(t => [t, t.expected?.score ?? actual.get(t)!]));
    const showExpected = all.some(t => t.expected !== undefined);
    let before = 0;
    return stages.map(stage => {
        const own = stage.touchpoints;
        const previous = all[before - 1];
        const next = all[before + own.length];
        before += own.length;
        if (all.length === 0) {
            return '';
        }
        const line = (scores: Map<RenderTouchpoint, number>, kind: 'actual' | 'expected') => {
            const values = own.map(t => scores.get(t)!);
            const points = values.map((value, i) => [round(((i + 0.5) / own.length) * 100), curveY(value)] as const);
            const first = values[0] ?? (next ? scores.get(next)! : scores.get(previous!)!);
            const last = values[values.length - 1] ?? (previous ? scores.get(previous)! : first);
            const left = previous ? curveY((scores.get(previous)! + first) / 2) : points[0]?.[1];
            const right = next ? curveY((last + scores.get(next)!) / 2) : points[points.length - 1]?.[1];
            const path = [
                ...(left === undefined ? [] : [[0, left] as const]),
                ...points,
                ...(right === undefined ? [] : [[100, right] as const])
            ].map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${x} ${y}`).join(' ');
            const colour = EMOTION_CURVE_COLOURS[kind];
            // Round caps on zero-length segments draw dots that stay round however the cell stretches the box.
            const dots = kind === 'actual'
                ? own.map((t, i) => `<path class="cjm-curve-point" d="M${points[i][0]} ${points[i][1]}h0" stroke="${colour}" stroke-width="7" stroke-linecap="round" vector-effect="non-scaling-stroke"><title>${escapeHtml(`${t.title}: ${formatScore(values[i])}`)}</title></path>`).join('')
                : '';
            const dash = kind === 'expected' ? ' stroke-dasharray="5 4"' : '';
            return `<path class="cjm-curve-${kind}" d="${path}" fill="none" stroke="${colour}" stroke-width="2"${dash} vector-effect="non-scaling-stroke"/>${dots}`;
        };
        // The column's header names the stage; user text stays out of attributes.
        return [
            `<svg class="cjm-curve" viewBox="0 0 100 ${CURVE_HEIGHT}" preserveAspectRatio="none" role="img" aria-label="Emotion curve of this stage">`,
            `<line class="cjm-curve-zero" x1="0" y1="${curveY(0)}" x2="100" y2="${curveY(0)}" stroke="currentColor" stroke-opacity="0.25" vector-effect="non-scaling-stroke"/>`,
            showExpected ? line(expected, 'expected') : '',
            line(actual, 'actual'),
            '</svg>'
        ].join('');
    });
}

/** The insights a touchpoint and its pains name, each once, in order. */
export function touchpointInsights(t: RenderTouchpoint): RenderEvidence[] {
    const seen = new Set<string>();
    return [...t.evidence, ...t.pains.flatMap(p => p.evidence)].filter(e => !seen.has(e.id) && seen.add(e.id));
}

/** `Interview 12 (interviews, 2026-10-14) stale`. */
function evidenceText(e: RenderEvidence, out: Target): string {
    const details = [e.source, e.date].filter((part): part is string => part !== undefined);
    const meta = details.length > 0 ? ` ${out.meta(`(${details.join(', ')})`)}` : '';
    return `${out.text(e.title)}${meta}${e.stale ? ` ${out.warning('stale')}` : ''}`;
}

/** `(planned, owner: product, impact: high, effort: low, ticket: CX-142, due: 2026-11-30) overdue`. */
function opportunityDetails(o: RenderOpportunity, out: Target): string {
    const details = [
        o.status ?? 'idea',
        o.owner ? `owner: ${o.owner}` : undefined,
        o.outcome ? `outcome: ${o.outcome}` : undefined,
        o.impact ? `impact: ${o.impact}` : undefined,
        o.effort ? `effort: ${o.effort}` : undefined,
        o.ticket !== undefined ? `ticket: ${o.ticket}` : undefined,
        o.due ? `due: ${o.due}` : undefined
    ].filter(Boolean).join(', ');
    return `${out.meta(`(${details})`)}${o.overdue ? ` ${out.warning('overdue')}` : ''}`;
}

/** The lanes a journey's grid shows, less those `options` hides. */
function lanesOf(journey: RenderJourney, options: GridOptions = {}): Lane[] {
    return LANES.filter(lane => (lane.shown?.(journey) ?? true) && !options.hiddenLanes?.includes(lane.key));
}

/** Several personas: `maya: happy +1` for each, `everyone else: …`, then the mean and the lowest (and the expected). */
function personaEmotionTexts(t: RenderTouchpoint, out: Target): string[] {
    const lines = (t.personaFeelings ?? []).map(f => out.emotion(`${f.persona ?? 'everyone else'}: ${emotionNames(f)}${formatScore(f.score)}`, f));
    const summary = t.feels ? `mean ${formatScore(t.feels.score)}${t.lowest !== undefined ? `, lowest ${formatScore(t.lowest)}` : ''}` : '';
    const expected = t.expected ? `expected ${emotionNames(t.expected)}${formatScore(t.expected.score)}` : '';
    const meta = [summary, expected].filter(Boolean).join('; ');
    return [...lines, ...(meta ? [out.meta(`(${meta})`)] : [])];
}

/** `curious hesitant 0 (expected +1)`, or a dash when the touchpoint has no `feels`. */
function emotionText(t: RenderTouchpoint, out: Target): string {
    const actual = t.feels ? `${emotionNames(t.feels)}${formatScore(t.feels.score)}` : '— no feels';
    const expected = t.expected ? ` ${out.meta(`(expected ${emotionNames(t.expected)}${formatScore(t.expected.score)})`)}` : '';
    return `${out.text(actual)}${expected}`;
}

function emotionNames(emotion: RenderEmotion): string {
    return emotion.names.length > 0 ? `${emotion.names.join(' ')} ` : '';
}

/** The CSS class of an emotion: `score-neg2` … `score-pos2` by the rounded score, `score-none` without one. */
export function scoreClass(emotion: RenderEmotion | undefined): string {
    if (!emotion) {
        return 'score-none';
    }
    const rounded = Math.min(2, Math.max(-2, Math.round(emotion.score)));
    return rounded < 0 ? `score-neg${-rounded}` : rounded > 0 ? `score-pos${rounded}` : 'score-0';
}

/** `Quarterly retention: 95% (computed; target 96%; Q3 2026)`. */
function metricText(m: RenderMetric, out: Target): string {
    const details = [
        m.computed ? 'computed' : undefined,
        m.target !== undefined ? `target ${round(m.target)}${m.targetUnit}` : undefined,
        m.period
    ].filter(Boolean).join('; ');
    return `${out.text(`${m.title}: ${formatMetricValue(m.value, m.unit)}`)}${details ? ` ${out.meta(`(${details})`)}` : ''}`;
}

/** The attributes that tie a grid entry to its source. */
function anchor(kind: 'stage' | 'touchpoint', id: string, range: SourceRange): string {
    const at = `${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}`;
    return ` data-id="${escapeHtml(id)}" data-range="${at}" data-cjm-key="${escapeHtml(`${kind}:${id}`)}"`;
}
