/**
 * The workspace overview (README, "Journey management"): every journey of the workspace as a tree
 * by `subjourney`, the opportunity portfolio, the insights and the metrics. Plain JSON with stable
 * keys: `cjm report --format json` writes it (documented by docs/report.schema.json), the language
 * server sends it to the VS Code overview, and the Markdown and HTML reports are drawn from it.
 */
import type { RenderLevel, SourceRange } from '../render/render-model.types.js';

export interface WorkspaceOverview {
    /** The version of this format; it changes only when a key changes meaning or goes. */
    version: 1;
    /** The day stale marks are computed for (`CJM_TODAY` or the clock). */
    today: string;
    /** Every journey once, in file order (files sorted by path), then source order. */
    journeys: OverviewJourney[];
    /** The journeys as a tree by `subjourney`: under each journey, the journeys it names. */
    tree: OverviewTreeNode[];
    /** The workspace's totals: every journey counted once. */
    totals: OverviewTotals;
    /** Every opportunity, the most promising first (see `portfolioOrder`). */
    portfolio: OverviewOpportunity[];
    /** Every insight, those backing something first, unused ones last. */
    insights: OverviewInsight[];
    /** Every metric, with its verdict against its target. */
    metrics: OverviewMetric[];
}

/** Where an element is: its file as the reader sees it, its document URI and its source range. */
export interface OverviewPlace {
    /** The file, as the caller names files (relative to the workspace, or to the current folder). */
    file: string;
    uri: string;
    range: SourceRange;
}

export interface SeverityCounts {
    high: number;
    medium: number;
    low: number;
    /** Pains without `severity`. */
    unrated: number;
}

export interface StatusCounts {
    /** Opportunities without `status` count as ideas. */
    idea: number;
    planned: number;
    inProgress: number;
    done: number;
}

/** What a journey's row and the totals both count. */
export interface OverviewCounts {
    stages: number;
    touchpoints: number;
    /** Mean actual and expected emotion (−2…+2) over the touchpoints that have one. */
    meanActual?: number;
    meanExpected?: number;
    pains: SeverityCounts;
    painCount: number;
    /** Pains with a `source` or an `evidence`, in percent of all pains; absent without pains. */
    evidenceCoverage?: number;
    /** Pains at touchpoints without an `owner`. */
    unownedPains: number;
    opportunities: StatusCounts;
    opportunityCount: number;
    /** Metrics with a verdict against a target, and how many of them meet it. */
    metricsWithTarget: number;
    metricsMeetingTarget: number;
}

/** One journey's row: what the overview and the code lens sum up about it. */
export interface OverviewJourney extends OverviewPlace, OverviewCounts {
    id: string;
    title: string;
    owner?: string;
    personas: string[];
    /** The touchpoint with the lowest actual emotion. */
    lowest?: { id: string; title: string; score: number };
    reviewed?: string;
    reviewedStale?: boolean;
    /** The journeys this journey names with `subjourney`, each once, in source order. */
    subjourneys: string[];
}

/** A journey's place in the tree. */
export interface OverviewTreeNode {
    /** The journey's id (see `journeys`). */
    journey: string;
    children: OverviewTreeNode[];
    /** This journey is already one of the nodes above: the link closes a cycle and is not followed. */
    cycle?: true;
    /** This journey's subjourneys are shown where it first appears in the tree, not again here. */
    repeated?: true;
}

export interface OverviewTotals extends OverviewCounts {
    journeys: number;
    /** Journeys whose `reviewed` date is more than six months old. */
    staleJourneys: number;
    /** Opportunities not done whose due date has passed. */
    overdueOpportunities: number;
    /** Insights more than twelve months old, and insights nothing names. */
    staleInsights: number;
    unusedInsights: number;
}

export interface OverviewOpportunity extends OverviewPlace {
    text: string;
    journey: string;
    journeyTitle: string;
    touchpoint: string;
    touchpointTitle: string;
    impact?: RenderLevel;
    effort?: RenderLevel;
    owner?: string;
    /** `idea` when not written. */
    status: 'idea' | 'planned' | 'in-progress' | 'done';
    ticket?: string;
    due?: string;
    overdue?: boolean;
}

export interface OverviewInsight extends OverviewPlace {
    id: string;
    title: string;
    source?: string;
    date?: string;
    stale?: boolean;
    sample?: number;
    /** The pains and touchpoints naming the insight, and their journeys (each once). */
    pains: number;
    touchpoints: number;
    journeys: string[];
}

export interface OverviewMetric extends OverviewPlace {
    id: string;
    title: string;
    journey: string;
    /** What the metric is measured at; `where` is that stage's or touchpoint's title. */
    at: 'journey' | 'stage' | 'touchpoint';
    where?: string;
    type: 'retention' | 'churn' | 'nps' | 'csat' | 'ces' | 'conversion' | 'custom';
    value?: number;
    unit: '%' | '';
    computed: boolean;
    target?: number;
    targetUnit: '%' | '';
    /**
     * Against the target: higher is better for every type but `churn` (lower is better); `custom`
     * metrics and metrics without a value or a target have no verdict.
     */
    verdict: 'meets' | 'misses' | 'none';
}

/** The LSP request for the workspace overview (no parameters). */
export const WORKSPACE_OVERVIEW_REQUEST = 'cjm/workspaceOverview';
