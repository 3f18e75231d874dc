import { formatMetricValue, round } from '../model/metrics.js';
import { formatScore } from '../model/emotion-score.js';
import type { RenderEmotion, RenderJourney, RenderMetric, RenderStage, RenderTouchpoint, SourceRange } from './render-model.types.js';
import { escapeHtml, escapeMarkdownText } from './escape.js';
import { BLUEPRINT_LANES, hasBlueprint } from './mermaid/service-blueprint.js';

/** The lanes every journey grid has, top to bottom, as the classic journey-map canvas has them. */
export const GRID_LANES = [
    'Touchpoints & channels', 'Actions', 'Thoughts', 'Emotions', 'Pain points', 'Opportunities', 'Owners', 'Metrics'
] as const;

/** Lanes a grid has only when the journey fills them: the questions (`asks`), and the service blueprint's. */
export const OPTIONAL_GRID_LANES = [
    'Questions', BLUEPRINT_LANES.evidence, BLUEPRINT_LANES.frontstage, BLUEPRINT_LANES.backstage, BLUEPRINT_LANES.support
] as const;

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
.cjm-grid .cjm-persona-emotion + .cjm-persona-emotion { margin-top: 4px; }
.cjm-grid tr.cjm-lane-backstage > * { border-top: 3px dashed #888; }
`;

/**
 * The journey grid as an HTML `<table>`: stages as columns, one row per lane. Stage headers and
 * touchpoint entries carry `data-id`, `data-range` (`line:char-line:char`, zero-based) and
 * `data-cjm-key` (`stage:ID`, `touchpoint:ID`) so the preview can sync them with the editor.
 */
export function gridHtml(journey: RenderJourney): string {
    const head = journey.stages.map(stage => {
        const expectations = stage.expectations.map(e => `<div class="cjm-meta cjm-expectation">${escapeHtml(e)}</div>`).join('');
        return `<th scope="col" class="cjm-stage"${anchor('stage', stage.id, stage.range)}>${escapeHtml(stage.title)}${expectations}</th>`;
    });
    const rows = lanesOf(journey).map(lane => {
        const cells = journey.stages.map(stage => `<td>${lane.html(stage).join('')}</td>`);
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
export function gridMarkdown(journey: RenderJourney): string {
    if (journey.stages.length === 0) {
        return '_This journey has no stages._\n';
    }
    const header = `| Lane | ${journey.stages.map(s => escapeMarkdownText(s.title)).join(' | ')} |`;
    const rule = `|---|${journey.stages.map(() => '---').join('|')}|`;
    const expectations = journey.stages.some(s => s.expectations.length > 0)
        ? [`| Expectations | ${journey.stages.map(s => s.expectations.map(escapeMarkdownText).join('<br>')).join(' | ')} |`]
        : [];
    const rows = lanesOf(journey).map(lane => `| ${lane.key === 'backstage' ? `${lane.title} (below the ${BLUEPRINT_LANES.visibility.toLowerCase()})` : lane.title} | ${journey.stages.map(stage => lane.markdown(stage).join('<br>')).join(' | ')} |`);
    return [header, rule, ...expectations, ...rows].join('\n') + '\n';
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
}

const HTML: Target = {
    text: escapeHtml,
    meta: value => `<span class="cjm-meta">${escapeHtml(value)}</span>`,
    emotion: (value, emotion) => `<span class="cjm-emotion cjm-persona-emotion ${scoreClass(emotion)}">${escapeHtml(value)}</span>`
};
const MARKDOWN: Target = { text: escapeMarkdownText, meta: value => `_${escapeMarkdownText(value)}_`, emotion: value => escapeMarkdownText(value) };

const anyTouchpoint = (has: (t: RenderTouchpoint) => boolean) => (journey: RenderJourney) => journey.stages.some(s => s.touchpoints.some(has));

const LANES: Lane[] = [
    {
        key: 'touchpoints',
        title: 'Touchpoints & channels',
        html: stage => stage.touchpoints.map(t => `<div class="cjm-item cjm-touchpoint"${anchor('touchpoint', t.id, t.range)}><strong>${escapeHtml(t.title)}</strong>${t.momentOfTruth ? ' <span class="cjm-moment">★ moment of truth</span>' : ''}${t.channels.length > 0 ? ` <span class="cjm-meta">${t.channels.map(escapeHtml).join(', ')}</span>` : ''}</div>`),
        markdown: stage => stage.touchpoints.map(t => `**${escapeMarkdownText(t.title)}**${t.momentOfTruth ? ' ★ moment of truth' : ''}${t.channels.length > 0 ? ` (${t.channels.map(escapeMarkdownText).join(', ')})` : ''}`)
    },
    touchpointLane('actions', 'Actions', (t, out) => t.does.map(out.text)),
    touchpointLane('thoughts', 'Thoughts', (t, out) => t.thinks.map(out.text)),
    touchpointLane('questions', 'Questions', (t, out) => t.asks.map(out.text), undefined, anyTouchpoint(t => t.asks.length > 0)),
    touchpointLane('emotions', 'Emotions', (t, out) => t.personaFeelings ? personaEmotionTexts(t, out) : [emotionText(t, out)],
        t => t.personaFeelings ? '' : `cjm-emotion ${scoreClass(t.feels)}`),
    touchpointLane('pains', 'Pain points', (t, out) => t.pains.map(p => {
        const evidence = [p.source ? `source: ${p.source}` : 'no evidence', p.severity ? `severity: ${p.severity}` : undefined].filter(Boolean).join(', ');
        return `${out.text(p.text)} ${out.meta(`(${evidence})`)}`;
    })),
    touchpointLane('opportunities', 'Opportunities', (t, out) => t.opportunities.map(o => {
        const details = [o.status ?? 'idea', o.owner ? `owner: ${o.owner}` : undefined, o.outcome ? `outcome: ${o.outcome}` : undefined].filter(Boolean).join(', ');
        return `${out.text(o.text)} ${out.meta(`(${details})`)}`;
    })),
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

/** The lanes a journey's grid shows. */
function lanesOf(journey: RenderJourney): Lane[] {
    return LANES.filter(lane => lane.shown?.(journey) ?? true);
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
