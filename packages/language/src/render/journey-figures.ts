import { round } from '../model/metrics.js';
import type { RenderJourney, RenderMetric, RenderPain } from './render-model.types.js';

/** Where a metric is measured: the journey itself, one of its stages or one of its touchpoints. */
export interface PlacedMetric {
    scope: 'journey' | 'stage' | 'touchpoint';
    /** The stage's or touchpoint's id (absent for the journey's own metrics). */
    scopeId?: string;
    /** The stage's or touchpoint's title, for tables. */
    scopeTitle?: string;
    metric: RenderMetric;
}

/** Pains counted by severity; `unrated` have none. */
export interface PainCounts {
    high: number;
    medium: number;
    low: number;
    unrated: number;
    total: number;
}

/** The figures a reviewer compares between versions of a journey (`cjm history`). */
export interface JourneyFigures {
    touchpoints: number;
    /** Mean actual emotion over the touchpoints that have one. */
    averageScore?: number;
    /** Mean expected emotion over the touchpoints that have one. */
    averageExpected?: number;
    pains: PainCounts;
    /** Pains with evidence ÷ pains, in percent, rounded to two decimals; absent when there are no pains. */
    evidenceCoverage?: number;
    opportunities: number;
    /** Opportunities not `done` (one without a status is open). */
    openOpportunities: number;
    metrics: PlacedMetric[];
}

/** Every metric of a journey in source order: the journey's, then each stage's and its touchpoints'. */
export function journeyMetrics(journey: RenderJourney): PlacedMetric[] {
    return [
        ...journey.metrics.map(metric => ({ scope: 'journey' as const, metric })),
        ...journey.stages.flatMap(stage => [
            ...stage.metrics.map(metric => ({ scope: 'stage' as const, scopeId: stage.id, scopeTitle: stage.title, metric })),
            ...stage.touchpoints.flatMap(t => t.metrics.map(metric => ({ scope: 'touchpoint' as const, scopeId: t.id, scopeTitle: t.title, metric })))
        ])
    ];
}

/**
 * Whether a pain is backed by evidence. Today that is its `source`; when pains can name insights
 * (`evidence …`, spec §7.1), a pain with either counts, so this is the one place to extend.
 */
export function painHasEvidence(pain: RenderPain): boolean {
    return pain.source !== undefined;
}

/** Evidence coverage of a set of pains (spec §7.1): those with evidence ÷ all, in percent; undefined without pains. */
export function evidenceCoverage(pains: readonly RenderPain[]): number | undefined {
    return pains.length === 0 ? undefined : round(pains.filter(painHasEvidence).length / pains.length * 100);
}

/** The figures of one journey, computed from its render model. */
export function journeyFigures(journey: RenderJourney): JourneyFigures {
    const touchpoints = journey.stages.flatMap(stage => stage.touchpoints);
    const pains = touchpoints.flatMap(t => t.pains);
    const opportunities = touchpoints.flatMap(t => t.opportunities);
    const coverage = evidenceCoverage(pains);
    return {
        touchpoints: touchpoints.length,
        ...(journey.averageScore !== undefined ? { averageScore: round(journey.averageScore) } : {}),
        ...(journey.averageExpected !== undefined ? { averageExpected: round(journey.averageExpected) } : {}),
        pains: {
            high: pains.filter(p => p.severity === 'high').length,
            medium: pains.filter(p => p.severity === 'medium').length,
            low: pains.filter(p => p.severity === 'low').length,
            unrated: pains.filter(p => p.severity === undefined).length,
            total: pains.length
        },
        ...(coverage !== undefined ? { evidenceCoverage: coverage } : {}),
        opportunities: opportunities.length,
        openOpportunities: opportunities.filter(o => o.status !== 'done').length,
        metrics: journeyMetrics(journey)
    };
}
