import {
    diagramFigure, EMOTION_CURVE_COLOURS, escapeHtml, formatMetricValue, htmlDocument, lineChart, mermaidFence,
    type JourneyFigures, type PageDiagram, type PlacedMetric
} from '@cjm/language';
import { commentCode, commentText } from '../diff/comment-text.js';
import type { HistoryRow } from './journey-history.js';

/** What a history report shows: the journey, the file named, its rows (oldest first) and the metric charted. */
export interface HistoryReport {
    journey: { id: string; title: string };
    /** The file as named (path from the repository top, as of HEAD). */
    file: string;
    since?: string;
    rows: HistoryRow[];
    /** The metric whose values are charted, when the journey has one. */
    metric?: { id: string; title: string };
}

/** The metric a placed metric list holds under an id (the first, when several places use it). */
export function metricById(figures: JourneyFigures | undefined, id: string): PlacedMetric | undefined {
    return figures?.metrics.find(placed => placed.metric.id === id);
}

/** A Mermaid line chart of the mean actual (and expected) emotion at each commit that has one, oldest first. */
export function emotionHistoryChart(rows: HistoryRow[]): string | undefined {
    const points = rows.filter(row => row.journey?.figures.averageScore !== undefined);
    if (points.length === 0) {
        return undefined;
    }
    const actual = points.map(row => row.journey!.figures.averageScore!);
    // Lines have no gaps: a commit without an expected emotion puts that line on the actual one (as the emotion curve does).
    const expected = points.map((row, i) => row.journey!.figures.averageExpected ?? actual[i]);
    const showExpected = points.some(row => row.journey!.figures.averageExpected !== undefined);
    const actualLine = { values: actual, colour: EMOTION_CURVE_COLOURS.actual };
    return lineChart({
        title: showExpected ? 'Mean emotion by commit: actual (orange) and expected (blue)' : 'Mean emotion by commit: actual',
        categories: points.map(row => row.shortHash),
        yAxis: { title: 'Emotion', min: -2, max: 2 },
        lines: showExpected ? [{ values: expected, colour: EMOTION_CURVE_COLOURS.expected }, actualLine] : [actualLine]
    });
}

/** A Mermaid line chart of one metric's value at each commit that gives it one, oldest first. */
export function metricHistoryChart(rows: HistoryRow[], metric: { id: string; title: string }): string | undefined {
    const points = rows.flatMap(row => {
        const placed = metricById(row.journey?.figures, metric.id);
        return placed?.metric.value === undefined ? [] : [{ row, value: placed.metric.value, unit: placed.metric.unit }];
    });
    if (points.length === 0) {
        return undefined;
    }
    const unit = points[points.length - 1].unit;
    return lineChart({
        title: `${metric.title} by commit`,
        categories: points.map(point => point.row.shortHash),
        yAxis: { title: unit ? `${metric.title} (${unit})` : metric.title },
        lines: [{ values: points.map(point => point.value), colour: EMOTION_CURVE_COLOURS.actual }]
    });
}

/** The table's columns, each with how a row's figures show in it (plain text; each format escapes it). */
const COLUMNS: ReadonlyArray<{ heading: string; cell(figures: JourneyFigures): string }> = [
    { heading: 'Actual', cell: f => score(f.averageScore) },
    { heading: 'Expected', cell: f => score(f.averageExpected) },
    { heading: 'Pains high / medium / low / unrated', cell: f => `${f.pains.high} / ${f.pains.medium} / ${f.pains.low} / ${f.pains.unrated}` },
    { heading: 'Evidence coverage', cell: f => f.evidenceCoverage === undefined ? '—' : `${f.evidenceCoverage}%` },
    { heading: 'Open opportunities', cell: f => `${f.openOpportunities} of ${f.opportunities}` }
];

function score(value: number | undefined): string {
    return value === undefined ? '—' : value > 0 ? `+${value}` : `${value}`;
}

function metricText(placed: PlacedMetric): string {
    return `${placed.metric.title}: ${formatMetricValue(placed.metric.value, placed.metric.unit)}`;
}

function summary(report: HistoryReport): string {
    const count = report.rows.length;
    const since = report.since === undefined ? '' : ` since ${report.since} (its state first)`;
    return `${count} commit${count === 1 ? '' : 's'}${since} changed this journey or what it links to`;
}

/** Markdown for GitHub: the charts (Mermaid fences), then a table of the commits, newest first, as `git log` lists them. */
export function historyMarkdown(report: HistoryReport): string {
    const lines = [`# History of ${commentText(report.journey.title)} (${commentCode(report.journey.id)})`, ''];
    lines.push(`${commentText(summary(report))}, in ${commentCode(report.file)}. The charts run from the oldest to the newest; the table lists the newest first.`, '');
    const emotion = emotionHistoryChart(report.rows);
    lines.push('## Emotion', '', ...(emotion ? mermaidFence(emotion) : ['_No commit records an emotion._']), '');
    if (report.metric) {
        const chart = metricHistoryChart(report.rows, report.metric);
        lines.push(`## ${commentText(report.metric.title)} (${commentCode(report.metric.id)})`, '', ...(chart ? mermaidFence(chart) : ['_No commit gives this metric a value._']), '');
    }
    lines.push('## Commits', '');
    lines.push(`| Date | Commit | Subject | ${COLUMNS.map(c => c.heading).join(' | ')} | Metrics | Files |`);
    lines.push(`|${'---|'.repeat(COLUMNS.length + 5)}`);
    for (const row of [...report.rows].reverse()) {
        const journey = row.journey;
        const note = !journey ? ' — **journey removed**' : journey.parses ? '' : ' — ⚠ does not parse; figures from what could be read';
        const cells = journey ? COLUMNS.map(c => commentText(c.cell(journey.figures))) : COLUMNS.map(() => '—');
        const metrics = journey ? journey.figures.metrics.map(placed => commentText(metricText(placed))).join('<br>') || '—' : '—';
        lines.push(`| ${row.date.slice(0, 10)} | ${commentCode(row.shortHash)} | ${commentText(row.subject)}${note} | ${cells.join(' | ')} | ${metrics} | ${row.changed.map(commentCode).join('<br>') || '—'} |`);
    }
    return lines.join('\n') + '\n';
}

/** A self-contained HTML page (Mermaid inlined, no network): the charts and the table. */
export function historyHtml(report: HistoryReport, mermaidScript: string): string {
    const diagrams: PageDiagram[] = [];
    const emotion = emotionHistoryChart(report.rows);
    const chart = report.metric ? metricHistoryChart(report.rows, report.metric) : undefined;
    const rows = [...report.rows].reverse().map(row => {
        const journey = row.journey;
        const note = !journey ? ' <strong>journey removed</strong>' : journey.parses ? '' : ' <strong>does not parse</strong>; figures from what could be read';
        const cells = COLUMNS.map(c => `<td>${journey ? escapeHtml(c.cell(journey.figures)) : '—'}</td>`).join('');
        const metrics = journey ? journey.figures.metrics.map(placed => escapeHtml(metricText(placed))).join('<br>') : '—';
        return `<tr><td>${escapeHtml(row.date.slice(0, 10))}</td><td><code>${escapeHtml(row.shortHash)}</code></td><td>${escapeHtml(row.subject)}${note}</td>${cells}<td>${metrics}</td><td>${row.changed.map(path => `<code>${escapeHtml(path)}</code>`).join('<br>')}</td></tr>`;
    });
    const body = [
        `<h1>History of ${escapeHtml(report.journey.title)} <code>${escapeHtml(report.journey.id)}</code></h1>`,
        `<p>${escapeHtml(summary(report))}, in <code>${escapeHtml(report.file)}</code>.</p>`,
        emotion ? diagramFigure(diagrams, 'cjm-history-emotion', 'Emotion', emotion) : '<p>No commit records an emotion.</p>',
        report.metric ? (chart ? diagramFigure(diagrams, 'cjm-history-metric', report.metric.title, chart) : '<p>No commit gives this metric a value.</p>') : '',
        '<table class="cjm-history">',
        `<thead><tr><th>Date</th><th>Commit</th><th>Subject</th>${COLUMNS.map(c => `<th>${escapeHtml(c.heading)}</th>`).join('')}<th>Metrics</th><th>Files</th></tr></thead>`,
        `<tbody>${rows.join('\n')}</tbody>`,
        '</table>'
    ].filter(Boolean).join('\n');
    return htmlDocument({ title: `History of ${report.journey.title}`, body, diagrams, mermaidScript, css: HISTORY_CSS });
}

const HISTORY_CSS = `
.cjm-history { border-collapse: collapse; }
.cjm-history th, .cjm-history td { border: 1px solid #d0d0d0; padding: 4px 8px; text-align: left; vertical-align: top; }
.cjm-history td:first-child, .cjm-history td:nth-child(2) { white-space: nowrap; }
`;

/** The report as JSON with stable keys, commits oldest first (docs/cli.md describes every field). */
export function historyJson(report: HistoryReport): string {
    return JSON.stringify({
        journey: report.journey,
        file: report.file,
        ...(report.since !== undefined ? { since: report.since } : {}),
        ...(report.metric ? { metric: report.metric.id } : {}),
        commits: report.rows.map(row => ({
            hash: row.hash,
            shortHash: row.shortHash,
            date: row.date,
            subject: row.subject,
            changed: row.changed,
            removed: row.journey === undefined,
            ...(row.journey ? {
                file: row.journey.file,
                parses: row.journey.parses,
                figures: {
                    ...row.journey.figures,
                    metrics: row.journey.figures.metrics.map(({ scope, scopeId, metric }) => ({
                        id: metric.id,
                        title: metric.title,
                        type: metric.type,
                        scope,
                        ...(scopeId !== undefined ? { scopeId } : {}),
                        ...(metric.value !== undefined ? { value: metric.value } : {}),
                        unit: metric.unit,
                        computed: metric.computed,
                        ...(metric.target !== undefined ? { target: metric.target, targetUnit: metric.targetUnit } : {})
                    }))
                }
            } : {})
        }))
    }, undefined, 2) + '\n';
}
