import type { LangiumDocument } from 'langium';
import { AstUtils } from 'langium';
import type { Model } from '../generated/ast.js';
import { Evidence, isInsight, isInsightSample, isJourney, isPain } from '../generated/ast.js';
import type { CalendarDate } from '../model/dates.js';
import { buildRenderModel, insightSummary, rangeOf } from '../render/render-model.js';
import type { RenderJourney, RenderMetric, SourceRange } from '../render/render-model.types.js';
import type { OverviewInsight, OverviewJourney, OverviewMetric, OverviewOpportunity, OverviewPlace, SeverityCounts, StatusCounts } from './overview-model.types.js';

/** An element of the overview before the caller names its file. */
export type Unplaced<T extends OverviewPlace> = Omit<T, 'file' | 'uri'> & { range: SourceRange };

/** Sums behind a mean: the overview's totals add them up over journeys. */
export interface ScoreSums {
    actual: number;
    actualCount: number;
    expected: number;
    expectedCount: number;
    /** Pains with a source or evidence. */
    evidenced: number;
}

/** What one journey contributes to the overview. */
export interface JourneySummary {
    row: Unplaced<OverviewJourney>;
    sums: ScoreSums;
    opportunities: Array<Unplaced<OverviewOpportunity>>;
    metrics: Array<Unplaced<OverviewMetric>>;
}

/** A pain or touchpoint naming an insight (by the name written), and its journey. */
export interface InsightUse {
    insight: string;
    kind: 'pain' | 'touchpoint';
    journey: string;
}

/**
 * What one document contributes to the workspace overview. It depends on that document alone (its
 * text and what its references resolve to), so the overview keeps it until the document is parsed
 * or linked again, and recomputes only the summaries of the documents a change touches.
 */
export interface DocumentSummary {
    uri: string;
    journeys: JourneySummary[];
    insights: Array<Omit<Unplaced<OverviewInsight>, 'pains' | 'touchpoints' | 'journeys'>>;
    uses: InsightUse[];
}

/** The summary of a built document, with stale marks for `today`. */
export function summarizeDocument(document: LangiumDocument<Model>, today: CalendarDate): DocumentSummary {
    const model = buildRenderModel(document, today);
    const root = document.parseResult.value;
    const insights = root.elements.filter(isInsight).map(insight => {
        const sample = insight.fields.filter(isInsightSample).map(f => f.value).filter(value => typeof value === 'number').pop();
        return { ...insightSummary(insight.name ?? '', insight, today), ...(sample !== undefined ? { sample } : {}), range: rangeOf(insight) };
    }).filter(insight => insight.id !== '');
    const uses: InsightUse[] = [];
    // The linker lists the document's references; each one's node is that of the line holding it.
    for (const reference of document.references) {
        const container = reference.$refNode?.astNode;
        // `$type` rather than `isEvidence`: this runs for every reference of the document.
        if (container?.$type === Evidence.$type && reference.$refText) {
            uses.push({
                insight: reference.$refText,
                kind: isPain(container.$container) ? 'pain' : 'touchpoint',
                journey: AstUtils.getContainerOfType(container, isJourney)?.name ?? ''
            });
        }
    }
    return { uri: document.uri.toString(), journeys: model.journeys.filter(j => j.id !== '').map(summarizeJourney), insights, uses };
}

/** The row, portfolio entries and metrics of one journey. */
export function summarizeJourney(journey: RenderJourney): JourneySummary {
    const touchpoints = journey.stages.flatMap(stage => stage.touchpoints);
    const pains = touchpoints.flatMap(t => t.pains);
    const severity: SeverityCounts = { high: 0, medium: 0, low: 0, unrated: 0 };
    for (const pain of pains) {
        severity[pain.severity ?? 'unrated']++;
    }
    const evidenced = pains.filter(p => p.source !== undefined || p.evidence.length > 0).length;
    const opportunities: Array<Unplaced<OverviewOpportunity>> = touchpoints.flatMap(t => t.opportunities.map(o => ({
        text: o.text,
        journey: journey.id,
        journeyTitle: journey.title,
        touchpoint: t.id,
        touchpointTitle: t.title,
        ...(o.impact ? { impact: o.impact } : {}),
        ...(o.effort ? { effort: o.effort } : {}),
        ...(o.owner !== undefined ? { owner: o.owner } : {}),
        status: o.status ?? 'idea',
        ...(o.ticket !== undefined ? { ticket: o.ticket } : {}),
        ...(o.due ? { due: o.due, overdue: o.overdue === true } : {}),
        range: o.range
    })));
    const status: StatusCounts = { idea: 0, planned: 0, inProgress: 0, done: 0 };
    for (const o of opportunities) {
        status[o.status === 'in-progress' ? 'inProgress' : o.status]++;
    }
    const metric = (m: RenderMetric, at: OverviewMetric['at'], where?: string): Unplaced<OverviewMetric> => ({
        id: m.id,
        title: m.title,
        journey: journey.id,
        at,
        ...(where !== undefined ? { where } : {}),
        type: m.type,
        ...(m.value !== undefined ? { value: m.value } : {}),
        unit: m.unit,
        computed: m.computed,
        ...(m.target !== undefined ? { target: m.target } : {}),
        targetUnit: m.targetUnit,
        verdict: verdictOf(m),
        range: m.range
    });
    const metrics = [
        ...journey.metrics.map(m => metric(m, 'journey')),
        ...journey.stages.flatMap(stage => [
            ...stage.metrics.map(m => metric(m, 'stage', stage.title)),
            ...stage.touchpoints.flatMap(t => t.metrics.map(m => metric(m, 'touchpoint', t.title)))
        ])
    ];
    const felt = touchpoints.filter(t => t.feels !== undefined);
    const lowest = felt.reduce<(typeof felt)[number] | undefined>((low, t) => !low || t.feels!.score < low.feels!.score ? t : low, undefined);
    const expected = touchpoints.filter(t => t.expected !== undefined);
    const subjourneys = [...new Set(journey.stages.flatMap(stage => [...stage.subjourneys, ...stage.touchpoints.flatMap(t => t.subjourneys)]).map(link => link.id))];
    const withVerdict = metrics.filter(m => m.verdict !== 'none');
    const row: Unplaced<OverviewJourney> = {
        id: journey.id,
        title: journey.title,
        ...(journey.owner !== undefined ? { owner: journey.owner } : {}),
        personas: journey.personas.map(p => p.id),
        stages: journey.stages.length,
        touchpoints: touchpoints.length,
        ...(journey.averageScore !== undefined ? { meanActual: journey.averageScore } : {}),
        ...(journey.averageExpected !== undefined ? { meanExpected: journey.averageExpected } : {}),
        ...(lowest ? { lowest: { id: lowest.id, title: lowest.title, score: lowest.feels!.score } } : {}),
        pains: severity,
        painCount: pains.length,
        ...(pains.length > 0 ? { evidenceCoverage: evidenced / pains.length * 100 } : {}),
        unownedPains: touchpoints.filter(t => t.owner === undefined).reduce((sum, t) => sum + t.pains.length, 0),
        opportunities: status,
        opportunityCount: opportunities.length,
        metricsWithTarget: withVerdict.length,
        metricsMeetingTarget: withVerdict.filter(m => m.verdict === 'meets').length,
        ...(journey.reviewed !== undefined ? { reviewed: journey.reviewed, reviewedStale: journey.reviewedStale === true } : {}),
        subjourneys,
        range: journey.range
    };
    const sums: ScoreSums = {
        actual: felt.reduce((sum, t) => sum + t.feels!.score, 0),
        actualCount: felt.length,
        expected: expected.reduce((sum, t) => sum + t.expected!.score, 0),
        expectedCount: expected.length,
        evidenced
    };
    return { row, sums, opportunities, metrics };
}

/** Higher is better, except for churn; a custom metric, or one without value or target, has no verdict. */
export function verdictOf(metric: Pick<RenderMetric, 'type' | 'value' | 'target'>): OverviewMetric['verdict'] {
    if (metric.type === 'custom' || metric.value === undefined || metric.target === undefined) {
        return 'none';
    }
    const meets = metric.type === 'churn' ? metric.value <= metric.target : metric.value >= metric.target;
    return meets ? 'meets' : 'misses';
}
