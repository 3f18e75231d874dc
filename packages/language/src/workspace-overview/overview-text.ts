import { formatMetricValue, round } from '../model/metrics.js';
import { formatScore } from '../model/emotion-score.js';
import type { OverviewJourney, OverviewMetric, OverviewTotals, OverviewTreeNode, SeverityCounts, StatusCounts, WorkspaceOverview } from './overview-model.types.js';

/**
 * The words and figures of the overview's cells, shared by the Markdown and the HTML: plain text
 * (each output escapes it), so both say the same thing.
 */

/** The row of the journeys table for one place in the tree, in display order. */
export interface TreeRow {
    journey: OverviewJourney;
    depth: number;
    cycle: boolean;
    repeated: boolean;
}

/** The tree flattened into table rows, depth first. */
export function treeRows(overview: WorkspaceOverview): TreeRow[] {
    const byId = new Map<string, OverviewJourney>();
    for (const journey of overview.journeys) {
        if (!byId.has(journey.id)) {
            byId.set(journey.id, journey);
        }
    }
    const rows: TreeRow[] = [];
    const stack: Array<{ node: OverviewTreeNode; depth: number }> = [...overview.tree].reverse().map(node => ({ node, depth: 0 }));
    while (stack.length > 0) {
        const { node, depth } = stack.pop()!;
        const journey = byId.get(node.journey);
        if (journey) {
            rows.push({ journey, depth, cycle: node.cycle === true, repeated: node.repeated === true });
        }
        for (let i = node.children.length - 1; i >= 0; i--) {
            stack.push({ node: node.children[i], depth: depth + 1 });
        }
    }
    return rows;
}

/** The journeys table's columns, and the text of each cell for a journey row or the totals. */
export const JOURNEY_COLUMNS = [
    'Journey', 'File', 'Owner', 'Personas', 'Stages', 'Touchpoints', 'Emotion (actual / expected)', 'Lowest touchpoint',
    'Pains (high / medium / low / unrated)', 'Evidence', 'Unowned pains', 'Opportunities (idea / planned / in progress / done)',
    'Metrics on target', 'Reviewed'
] as const;

/** Cells after the first (the title), for a journey. */
export function journeyCells(journey: OverviewJourney): string[] {
    return [
        journey.file,
        journey.owner ?? '—',
        journey.personas.length > 0 ? journey.personas.join(', ') : '—',
        String(journey.stages),
        String(journey.touchpoints),
        emotion(journey.meanActual, journey.meanExpected),
        journey.lowest ? `${journey.lowest.title} (${formatScore(journey.lowest.score)})` : '—',
        severities(journey.pains),
        coverage(journey.evidenceCoverage),
        String(journey.unownedPains),
        statuses(journey.opportunities),
        metricsOnTarget(journey.metricsMeetingTarget, journey.metricsWithTarget),
        journey.reviewed ?? '—'
    ];
}

/** Cells after the first, for the totals row. */
export function totalCells(totals: OverviewTotals, files: number): string[] {
    return [
        `${files} file${files === 1 ? '' : 's'}`,
        '',
        '',
        String(totals.stages),
        String(totals.touchpoints),
        emotion(totals.meanActual, totals.meanExpected),
        '',
        severities(totals.pains),
        coverage(totals.evidenceCoverage),
        String(totals.unownedPains),
        statuses(totals.opportunities),
        metricsOnTarget(totals.metricsMeetingTarget, totals.metricsWithTarget),
        totals.staleJourneys > 0 ? `${totals.staleJourneys} stale` : ''
    ];
}

/** `12 journeys in 4 files; 3 reviews stale, 2 opportunities overdue, 1 insight stale, 1 unused` — as of today. */
export function overviewSummary(overview: WorkspaceOverview, files: number): string {
    const t = overview.totals;
    const notes = [
        t.staleJourneys > 0 ? plural(t.staleJourneys, 'review') + ' stale' : undefined,
        t.overdueOpportunities > 0 ? plural(t.overdueOpportunities, 'opportunity', 'opportunities') + ' overdue' : undefined,
        t.staleInsights > 0 ? plural(t.staleInsights, 'insight') + ' stale' : undefined,
        t.unusedInsights > 0 ? plural(t.unusedInsights, 'insight') + ' unused' : undefined
    ].filter(Boolean);
    return `${plural(t.journeys, 'journey')} in ${plural(files, 'file')}, as of ${overview.today}${notes.length > 0 ? `; ${notes.join(', ')}` : ''}.`;
}

/** `3 pains, 1 touchpoint in 2 journeys`, or `unused`. */
export function usedBy(pains: number, touchpoints: number, journeys: number): string {
    if (pains + touchpoints === 0) {
        return 'unused';
    }
    const parts = [pains > 0 ? plural(pains, 'pain') : undefined, touchpoints > 0 ? plural(touchpoints, 'touchpoint') : undefined].filter(Boolean);
    return `${parts.join(', ')} in ${plural(journeys, 'journey')}`;
}

export const METRIC_COLUMNS = ['Metric', 'Journey', 'Where', 'Type', 'Value', 'Target', 'Verdict'] as const;

export function metricCells(metric: OverviewMetric, journeyTitle: string): string[] {
    return [
        metric.title,
        journeyTitle,
        metric.at === 'journey' ? 'journey' : `${metric.at} ${metric.where ?? ''}`.trim(),
        metric.type,
        `${formatMetricValue(metric.value, metric.unit)}${metric.computed ? ' (computed)' : ''}`,
        metric.target !== undefined ? `${round(metric.target)}${metric.targetUnit}` : '—',
        metric.verdict === 'meets' ? 'meets' : metric.verdict === 'misses' ? 'misses' : '—'
    ];
}

function emotion(actual: number | undefined, expected: number | undefined): string {
    return `${actual === undefined ? '—' : formatScore(actual)} / ${expected === undefined ? '—' : formatScore(expected)}`;
}

function severities(counts: SeverityCounts): string {
    return `${counts.high} / ${counts.medium} / ${counts.low} / ${counts.unrated}`;
}

function statuses(counts: StatusCounts): string {
    return `${counts.idea} / ${counts.planned} / ${counts.inProgress} / ${counts.done}`;
}

function coverage(percent: number | undefined): string {
    return percent === undefined ? '—' : `${Math.round(percent)}%`;
}

function metricsOnTarget(meeting: number, withTarget: number): string {
    return withTarget === 0 ? '—' : `${meeting} of ${withTarget}`;
}

export function plural(count: number, noun: string, plural = `${noun}s`): string {
    return `${count} ${count === 1 ? noun : plural}`;
}
