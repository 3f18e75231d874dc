import type { LangiumDocument } from 'langium';
import { URI, UriUtils } from 'langium';
import type { CjmServices } from '../cjm-module.js';
import type { Model } from '../generated/ast.js';
import { isModel } from '../generated/ast.js';
import type { CalendarDate } from '../model/dates.js';
import { formatDate } from '../model/dates.js';
import type { RenderLevel } from '../render/render-model.types.js';
import type { DocumentSummary, JourneySummary, Unplaced } from './document-summary.js';
import { summarizeDocument } from './document-summary.js';
import type {
    OverviewInsight, OverviewJourney, OverviewOpportunity, OverviewPlace, OverviewTotals, OverviewTreeNode, SeverityCounts, StatusCounts, WorkspaceOverview
} from './overview-model.types.js';

/** How the caller shows a document's file (`maps/checkout.cjm`). */
export type FileNamer = (uri: string) => string;

/**
 * The workspace overview of a set of document summaries (one per file, in any order): pure, and
 * linear in the size of the summaries. Journeys named by no journey are the tree's roots; a journey
 * only reachable through a cycle becomes a root too, so every journey is in the tree, and a link
 * back to a journey above is shown once, marked `cycle`, and not followed.
 */
export function buildWorkspaceOverview(summaries: readonly DocumentSummary[], today: CalendarDate, fileOf: FileNamer): WorkspaceOverview {
    const files = [...summaries].sort((a, b) => compareText(fileOf(a.uri), fileOf(b.uri)) || compareText(a.uri, b.uri));
    const place = <T extends { range: OverviewPlace['range'] }>(item: T, uri: string) => ({ file: fileOf(uri), uri, ...item });
    const journeySummaries: Array<{ summary: JourneySummary; uri: string }> = files.flatMap(file => file.journeys.map(summary => ({ summary, uri: file.uri })));
    const journeys: OverviewJourney[] = journeySummaries.map(({ summary, uri }) => place(summary.row, uri));
    const insights = insightRows(files, place);
    const portfolio = journeySummaries.flatMap(({ summary, uri }) => summary.opportunities.map(o => place(o, uri)));
    portfolio.sort(portfolioOrder);
    return {
        version: 1,
        today: formatDate(today),
        journeys,
        tree: journeyTree(journeys),
        totals: totalsOf(journeySummaries.map(j => j.summary), portfolio, insights),
        portfolio,
        insights,
        metrics: journeySummaries.flatMap(({ summary, uri }) => summary.metrics.map(m => place(m, uri)))
    };
}

/** The opportunities in portfolio order: not done first, then by impact (high first), then effort (low first); unrated last. */
export function portfolioOrder(a: Pick<OverviewOpportunity, 'status' | 'impact' | 'effort'>, b: Pick<OverviewOpportunity, 'status' | 'impact' | 'effort'>): number {
    const done = (o: typeof a) => o.status === 'done' ? 1 : 0;
    const rank = (level: RenderLevel | undefined, order: readonly RenderLevel[]) => level === undefined ? order.length : order.indexOf(level);
    return done(a) - done(b)
        || rank(a.impact, ['high', 'medium', 'low']) - rank(b.impact, ['high', 'medium', 'low'])
        || rank(a.effort, ['low', 'medium', 'high']) - rank(b.effort, ['low', 'medium', 'high']);
}

function insightRows(files: readonly DocumentSummary[], place: <T extends { range: OverviewPlace['range'] }>(item: T, uri: string) => T & OverviewPlace): OverviewInsight[] {
    const uses = new Map<string, { pains: number; touchpoints: number; journeys: Set<string> }>();
    for (const use of files.flatMap(file => file.uses)) {
        let entry = uses.get(use.insight);
        if (!entry) {
            entry = { pains: 0, touchpoints: 0, journeys: new Set() };
            uses.set(use.insight, entry);
        }
        entry[use.kind === 'pain' ? 'pains' : 'touchpoints']++;
        if (use.journey) {
            entry.journeys.add(use.journey);
        }
    }
    const rows = files.flatMap(file => file.insights.map(insight => {
        const used = uses.get(insight.id);
        return place({ ...insight, pains: used?.pains ?? 0, touchpoints: used?.touchpoints ?? 0, journeys: [...used?.journeys ?? []] }, file.uri);
    }));
    const unused = (row: OverviewInsight) => row.pains + row.touchpoints === 0 ? 1 : 0;
    return rows.map((row, index) => ({ row, index })).sort((a, b) => unused(a.row) - unused(b.row) || a.index - b.index).map(({ row }) => row);
}

/**
 * The tree by `subjourney`. A journey appears under every journey that names it; its own
 * subjourneys are listed where it first appears and marked `repeated` elsewhere, so the tree stays
 * as large as the links, however they cross. Links to journeys that are not in the overview are left out.
 */
export function journeyTree(journeys: readonly Pick<OverviewJourney, 'id' | 'subjourneys'>[]): OverviewTreeNode[] {
    const byId = new Map<string, Pick<OverviewJourney, 'id' | 'subjourneys'>>();
    for (const journey of journeys) {
        if (!byId.has(journey.id)) {
            byId.set(journey.id, journey);
        }
    }
    const named = new Set(journeys.flatMap(j => j.subjourneys.filter(child => child !== j.id && byId.has(child))));
    const expanded = new Set<string>();
    const ancestors = new Set<string>();
    /** A journey's node, and the subjourneys still to place under it (none for a cycle or a repeat). */
    const visit = (id: string): { node: OverviewTreeNode; pending: string[] } => {
        if (ancestors.has(id)) {
            return { node: { journey: id, children: [], cycle: true }, pending: [] };
        }
        const children = byId.get(id)!.subjourneys.filter(child => byId.has(child));
        if (expanded.has(id) && children.length > 0) {
            return { node: { journey: id, children: [], repeated: true }, pending: [] };
        }
        expanded.add(id);
        return { node: { journey: id, children: [] }, pending: children };
    };
    // Depth first with a stack of its own: a chain of thousands of subjourneys must not overflow the call stack.
    const grow = (id: string): OverviewTreeNode => {
        const root = visit(id);
        const stack = [{ id, ...root, next: 0 }];
        ancestors.add(id);
        while (stack.length > 0) {
            const top = stack[stack.length - 1];
            if (top.next >= top.pending.length) {
                ancestors.delete(top.id);
                stack.pop();
                continue;
            }
            const childId = top.pending[top.next++];
            const child = visit(childId);
            top.node.children.push(child.node);
            if (child.pending.length > 0) {
                ancestors.add(childId);
                stack.push({ id: childId, ...child, next: 0 });
            }
        }
        return root.node;
    };
    const tree: OverviewTreeNode[] = [];
    for (const id of byId.keys()) {
        if (!named.has(id)) {
            tree.push(grow(id));
        }
    }
    // A journey reachable only through a cycle has no root above it: it becomes one.
    for (const id of byId.keys()) {
        if (!expanded.has(id)) {
            tree.push(grow(id));
        }
    }
    return tree;
}

function totalsOf(journeys: readonly JourneySummary[], portfolio: readonly OverviewOpportunity[], insights: readonly OverviewInsight[]): OverviewTotals {
    const pains: SeverityCounts = { high: 0, medium: 0, low: 0, unrated: 0 };
    const opportunities: StatusCounts = { idea: 0, planned: 0, inProgress: 0, done: 0 };
    let actual = 0;
    let actualCount = 0;
    let expected = 0;
    let expectedCount = 0;
    let evidenced = 0;
    let painCount = 0;
    for (const { row, sums } of journeys) {
        for (const key of ['high', 'medium', 'low', 'unrated'] as const) {
            pains[key] += row.pains[key];
        }
        for (const key of ['idea', 'planned', 'inProgress', 'done'] as const) {
            opportunities[key] += row.opportunities[key];
        }
        actual += sums.actual;
        actualCount += sums.actualCount;
        expected += sums.expected;
        expectedCount += sums.expectedCount;
        evidenced += sums.evidenced;
        painCount += row.painCount;
    }
    const sum = (pick: (row: Unplaced<OverviewJourney>) => number) => journeys.reduce((total, j) => total + pick(j.row), 0);
    return {
        journeys: journeys.length,
        stages: sum(row => row.stages),
        touchpoints: sum(row => row.touchpoints),
        ...(actualCount > 0 ? { meanActual: actual / actualCount } : {}),
        ...(expectedCount > 0 ? { meanExpected: expected / expectedCount } : {}),
        pains,
        painCount,
        ...(painCount > 0 ? { evidenceCoverage: evidenced / painCount * 100 } : {}),
        unownedPains: sum(row => row.unownedPains),
        opportunities,
        opportunityCount: portfolio.length,
        metricsWithTarget: sum(row => row.metricsWithTarget),
        metricsMeetingTarget: sum(row => row.metricsMeetingTarget),
        staleJourneys: journeys.filter(j => j.row.reviewedStale).length,
        overdueOpportunities: portfolio.filter(o => o.overdue).length,
        staleInsights: insights.filter(i => i.stale).length,
        unusedInsights: insights.filter(i => i.pains + i.touchpoints === 0).length
    };
}

function compareText(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The overview kept up to date as documents change: each document's summary is kept until the
 * document is parsed or linked again (or the day changes), so after a keystroke only the edited
 * file's summary is recomputed, and the overview from the summaries.
 */
export class WorkspaceOverviewCache {
    private readonly summaries = new Map<string, { root: unknown; references: unknown; today: string; summary: DocumentSummary }>();

    /** The summary of a built document, computed again only when the document changed since. */
    summaryOf(document: LangiumDocument<Model>, today: CalendarDate): DocumentSummary {
        const key = document.uri.toString();
        const day = formatDate(today);
        const cached = this.summaries.get(key);
        // A new parse gives a new root; linking again gives a new list of references.
        if (cached && cached.root === document.parseResult.value && cached.references === document.references && cached.today === day) {
            return cached.summary;
        }
        const summary = summarizeDocument(document, today);
        this.summaries.set(key, { root: document.parseResult.value, references: document.references, today: day, summary });
        return summary;
    }

    /** The overview of these documents; summaries of documents no longer among them are forgotten. */
    overview(documents: ReadonlyArray<LangiumDocument<Model>>, today: CalendarDate, fileOf: FileNamer): WorkspaceOverview {
        const keep = new Set(documents.map(document => document.uri.toString()));
        for (const key of this.summaries.keys()) {
            if (!keep.has(key)) {
                this.summaries.delete(key);
            }
        }
        return buildWorkspaceOverview(documents.map(document => this.summaryOf(document, today)), today, fileOf);
    }
}

/** The overview of every document of a language server's workspace (the built-in library aside), files named relative to their workspace folder. */
export function serverWorkspaceOverview(services: CjmServices, today: CalendarDate): WorkspaceOverview {
    const shared = services.shared.workspace;
    const library = services.builtins.Library;
    const documents = shared.LangiumDocuments.all.filter(document => !library.isBuiltin(document.uri) && isModel(document.parseResult.value))
        .map(document => document as LangiumDocument<Model>).toArray();
    const folders = (shared.WorkspaceManager.workspaceFolders ?? []).map(folder => URI.parse(folder.uri));
    const fileOf = (uri: string) => {
        const parsed = URI.parse(uri);
        const folder = folders.find(candidate => UriUtils.contains(candidate, parsed));
        return folder ? UriUtils.relative(folder, parsed) : UriUtils.basename(parsed);
    };
    return services.overview.WorkspaceOverview.overview(documents, today, fileOf);
}
