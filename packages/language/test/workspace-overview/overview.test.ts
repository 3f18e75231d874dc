import type { LangiumDocument } from 'langium';
import MarkdownIt from 'markdown-it';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import type { Model } from '../../src/generated/ast.js';
import { today } from '../../src/model/dates.js';
import type { WorkspaceOverview } from '../../src/workspace-overview/overview-model.types.js';
import { overviewMarkdown } from '../../src/workspace-overview/overview-markdown.js';
import { buildWorkspaceOverview, journeyTree, WorkspaceOverviewCache } from '../../src/workspace-overview/workspace-overview.js';
import { summarizeDocument } from '../../src/workspace-overview/document-summary.js';
import { journeyLensTitle } from '../../src/lsp/cjm-code-lens-provider.js';
import { fixture, loadFiles } from '../test-workspace.js';

const NAMES = ['library.cjm', 'lifecycle.cjm', 'checkout.cjm', 'support-call.cjm'];
const MANAGEMENT = Object.fromEntries(NAMES.map(name => [name, fixture(`management/${name}`)]));
const fileOf = (uri: string) => uri.replace('file:///ws/', '');

beforeAll(() => {
    vi.stubEnv('CJM_TODAY', '2026-12-01');
});
afterAll(() => {
    vi.unstubAllEnvs();
});

async function overviewOf(files: Record<string, string>): Promise<WorkspaceOverview> {
    const { documents } = await loadFiles(files);
    return buildWorkspaceOverview(Object.values(documents).map(document => summarizeDocument(document, today())), today(), fileOf);
}

/** The tree as indented lines: `id`, two spaces per level, ` (cycle)` or ` (repeated)` marks. */
function treeLines(overview: Pick<WorkspaceOverview, 'tree'>): string[] {
    const lines: string[] = [];
    const walk = (nodes: WorkspaceOverview['tree'], depth: number) => nodes.forEach(node => {
        lines.push(`${'  '.repeat(depth)}${node.journey}${node.cycle ? ' (cycle)' : ''}${node.repeated ? ' (repeated)' : ''}`);
        walk(node.children, depth + 1);
    });
    walk(overview.tree, 0);
    return lines;
}

describe('the workspace overview of the journey-management fixture', () => {
    test('journeys as a tree by subjourney: the macro journey at the top, its subjourneys under it', async () => {
        const overview = await overviewOf(MANAGEMENT);
        expect(overview.today).toBe('2026-12-01');
        expect(overview.journeys.map(j => `${j.file}#${j.id}`)).toEqual(['checkout.cjm#checkout', 'lifecycle.cjm#lifecycle', 'support-call.cjm#support-call']);
        expect(treeLines(overview)).toEqual(['lifecycle', '  checkout', '  support-call']);
    });

    test('one row per journey: owner, personas, counts, emotions, lowest touchpoint, pains, evidence, opportunities, metrics, review', async () => {
        const overview = await overviewOf(MANAGEMENT);
        const checkout = overview.journeys.find(j => j.id === 'checkout')!;
        expect(checkout).toMatchObject({
            title: 'Online checkout', owner: 'product', personas: ['maya'], stages: 1, touchpoints: 2,
            meanActual: -0.5, meanExpected: 1, lowest: { id: 'signup', title: 'Forced sign-up', score: -2 },
            pains: { high: 1, medium: 1, low: 0, unrated: 1 }, painCount: 3, evidenceCoverage: 100, unownedPains: 1,
            opportunities: { idea: 1, planned: 1, inProgress: 1, done: 1 }, opportunityCount: 4,
            metricsWithTarget: 1, metricsMeetingTarget: 0, reviewed: '2026-03-02', reviewedStale: true, subjourneys: []
        });
        const lifecycle = overview.journeys.find(j => j.id === 'lifecycle')!;
        expect(lifecycle).toMatchObject({ subjourneys: ['checkout', 'support-call'], reviewedStale: false, evidenceCoverage: 100, unownedPains: 0 });
        const support = overview.journeys.find(j => j.id === 'support-call')!;
        expect(support).toMatchObject({ evidenceCoverage: 0, unownedPains: 1, metricsWithTarget: 1, metricsMeetingTarget: 1 });
        expect(support.reviewed).toBeUndefined();
        expect(overview.totals).toMatchObject({
            journeys: 3, stages: 4, touchpoints: 5, painCount: 5, pains: { high: 1, medium: 1, low: 1, unrated: 2 },
            evidenceCoverage: 80, unownedPains: 2, opportunityCount: 4, metricsWithTarget: 3, metricsMeetingTarget: 1,
            staleJourneys: 1, overdueOpportunities: 1, staleInsights: 1, unusedInsights: 1
        });
        // The mean over all touchpoints that feel something, not the mean of the journeys' means.
        expect(overview.totals.meanActual).toBeCloseTo((1 - 1 - 2 + 1 - 2) / 5);
    });

    test('the portfolio: every opportunity, not done first, by impact then effort, with where it is', async () => {
        const overview = await overviewOf(MANAGEMENT);
        expect(overview.portfolio.map(o => [o.text, o.status, o.impact, o.effort])).toEqual([
            ['Guest checkout', 'planned', 'high', 'low'],
            ['Remember the card form', 'in-progress', 'medium', 'medium'],
            ['Redesign the receipt', 'idea', 'low', 'high'],
            ['Show the delivery date', 'done', 'high', 'low']
        ]);
        expect(overview.portfolio[0]).toMatchObject({ journey: 'checkout', journeyTitle: 'Online checkout', touchpoint: 'signup', ticket: 'CX-142', due: '2026-11-15', overdue: true, file: 'checkout.cjm' });
    });

    test('insights: what backs what, stale ones marked, unused ones last', async () => {
        const overview = await overviewOf(MANAGEMENT);
        expect(overview.insights.map(i => [i.id, i.pains, i.touchpoints, i.journeys, i.stale ?? false])).toEqual([
            ['int-12', 1, 0, ['checkout'], false],
            ['survey-q3', 2, 1, ['checkout', 'lifecycle'], false],
            ['old-study', 1, 0, ['checkout'], true],
            ['unused', 0, 0, [], false]
        ]);
        expect(overview.insights[1]).toMatchObject({ title: 'Q3 checkout survey', source: 'survey', date: '2026-09', sample: 412, file: 'library.cjm' });
    });

    test('metrics with their verdict: higher is better, lower for churn, no verdict without a target or for custom', async () => {
        const overview = await overviewOf(MANAGEMENT);
        expect(overview.metrics.map(m => [m.id, m.at, m.value, m.target, m.verdict])).toEqual([
            ['conversion', 'touchpoint', 2.1, 3, 'misses'],
            ['nps', 'journey', 31, 40, 'misses'],
            ['churn', 'journey', 4.5, 5, 'meets']
        ]);
    });

    test('the code lens of each journey sums its row', async () => {
        const { documents } = await loadFiles(MANAGEMENT);
        const [checkout] = summarizeDocument(documents['checkout.cjm'], today()).journeys;
        expect(journeyLensTitle(checkout.row)).toBe('2 touchpoints · emotion −0.5 vs expected +1 · 3 pains (1 unowned) · 4 opportunities · evidence 100%');
        const [support] = summarizeDocument(documents['support-call.cjm'], today()).journeys;
        expect(journeyLensTitle(support.row)).toBe('1 touchpoint · emotion −2 vs expected — · 1 pain (1 unowned) · 0 opportunities · evidence 0%');
    });
});

describe('bad input: the tree draws what it can', () => {
    const links = (pairs: Record<string, string[]>) => Object.entries(pairs).map(([id, subjourneys]) => ({ id, subjourneys }));

    test('a cycle is shown once, marked, and not followed; a journey that is its own subjourney too', () => {
        expect(treeLines({ tree: journeyTree(links({ top: ['a'], a: ['b'], b: ['a', 'c'], c: [] })) })).toEqual(['top', '  a', '    b', '      a (cycle)', '      c']);
        expect(treeLines({ tree: journeyTree(links({ self: ['self'] })) })).toEqual(['self', '  self (cycle)']);
    });

    test('journeys reachable only through a cycle still appear, as roots', () => {
        expect(treeLines({ tree: journeyTree(links({ a: ['b'], b: ['c'], c: ['a'], d: [] })) })).toEqual(['d', 'a', '  b', '    c', '      a (cycle)']);
    });

    test('a journey named by several journeys appears under each; its subjourneys are listed once', () => {
        expect(treeLines({ tree: journeyTree(links({ top: ['x', 'y'], x: ['shared'], y: ['shared'], shared: ['leaf'], leaf: [] })) }))
            .toEqual(['top', '  x', '    shared', '      leaf', '  y', '    shared (repeated)']);
    });

    test('links to journeys that do not exist are left out; thousands of levels and crossings stay linear', () => {
        expect(treeLines({ tree: journeyTree(links({ a: ['missing', 'b'], b: [] })) })).toEqual(['a', '  b']);
        const chain = Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`j${i}`, i + 1 < 20_000 ? [`j${i + 1}`] : []]));
        const deep = journeyTree(links(chain));
        expect(deep).toHaveLength(1);
        // Every level crossing to every journey below: 300 journeys, 45,000 links.
        const dense = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`d${i}`, Array.from({ length: 300 - i - 1 }, (__, k) => `d${i + k + 1}`)]));
        const count = (nodes: WorkspaceOverview['tree']): number => nodes.reduce((sum, node) => sum + 1 + count(node.children), 0);
        expect(count(journeyTree(links(dense)))).toBe(1 + 300 * 299 / 2);
    });

    test('half-typed insights, links to nothing, bad dates and a self-subjourney: an overview, never an exception', async () => {
        const overview = await overviewOf({
            'broken.cjm': 'insight\ninsight half "Half" { source\njourney j "J" { reviewed "soon" stage s { subjourney j subjourney nowhere touchpoint t { pain "p" evidence half, missing opportunity "o" { due "2026-02-30" impact high } } } }',
            'many.cjm': Array.from({ length: 3_000 }, (_, i) => `insight i${i} "Insight ${i}" { date "2026-0${(i % 9) + 1}" }`).join('\n')
        });
        expect(overview.journeys.map(j => j.id)).toContain('j');
        expect(treeLines(overview)).toEqual(['j', '  j (cycle)']);
        expect(overview.insights).toHaveLength(3_000 + overview.insights.filter(i => !i.id.startsWith('i')).length);
        expect(overview.portfolio[0]).toMatchObject({ text: 'o', impact: 'high' });
        expect(overview.portfolio[0].due).toBeUndefined();
        expect(() => overviewMarkdown(overview)).not.toThrow();
    });
});

describe('incremental: after an edit only the edited file is summarised again', () => {
    test('the other files\' summaries are kept, and the overview equals one computed from scratch', async () => {
        const { workspace, documents } = await loadFiles(MANAGEMENT);
        const cache = new WorkspaceOverviewCache();
        const all = () => NAMES.map(name => workspace.document(`file:///ws/${name}`)!) as Array<LangiumDocument<Model>>;
        cache.overview(all(), today(), fileOf);
        const before = new Map(all().map(document => [document.uri.toString(), cache.summaryOf(document, today())]));
        await workspace.change('file:///ws/support-call.cjm', MANAGEMENT['support-call.cjm'].replace('"Long wait"', '"Very long wait"'));
        const overview = cache.overview(all(), today(), fileOf);
        const after = all().map(document => [document.uri.toString(), cache.summaryOf(document, today())] as const);
        // lifecycle.cjm names the edited journey, so it was linked again (a subjourney's title may have changed).
        expect(after.filter(([uri, summary]) => before.get(uri) !== summary).map(([uri]) => fileOf(uri))).toEqual(['lifecycle.cjm', 'support-call.cjm']);
        expect(overview).toEqual(buildWorkspaceOverview(all().map(document => summarizeDocument(document, today())), today(), fileOf));
        expect(documents['library.cjm']).toBe(workspace.document('file:///ws/library.cjm'));
    });

    test('a file linked again (an insight renamed in the library) is summarised again: its uses follow', async () => {
        const { workspace } = await loadFiles(MANAGEMENT);
        const cache = new WorkspaceOverviewCache();
        const all = () => NAMES.map(name => workspace.document(`file:///ws/${name}`)!) as Array<LangiumDocument<Model>>;
        expect(cache.overview(all(), today(), fileOf).journeys.find(j => j.id === 'lifecycle')?.subjourneys).toEqual(['checkout', 'support-call']);
        await workspace.change('file:///ws/checkout.cjm', MANAGEMENT['checkout.cjm'].replace('"Online checkout"', '"Checkout online"'));
        const overview = cache.overview(all(), today(), fileOf);
        expect(overview.journeys.find(j => j.id === 'checkout')?.title).toBe('Checkout online');
        expect(overview).toEqual(buildWorkspaceOverview(all().map(document => summarizeDocument(document, today())), today(), fileOf));
    });
});

describe('the Markdown report', () => {
    test('the tree, the portfolio and the insights, as GitHub renders them', async () => {
        const markdown = overviewMarkdown(await overviewOf(MANAGEMENT));
        const html = new MarkdownIt({ html: true, linkify: true }).render(markdown);
        expect(html).toContain('<h2>Journeys</h2>');
        // File names get a word joiner after the dot, as all user text does, so that GitHub links no domain-like name.
        expect(markdown).toContain('| Customer lifecycle | lifecycle.\u2060cjm | cx | maya | 2 | 2 | 0 / +1 | Asks for help (-1) | 0 / 0 / 0 / 1 | 100% | 0 | 0 / 0 / 0 / 0 | 0 of 1 | 2026-11-20 |');
        expect(markdown).toContain('| ↳ Online checkout | checkout.\u2060cjm |');
        expect(markdown).toContain('| 2026-03-02 **stale** |');
        expect(markdown).toContain('| **Total** | 3 files |');
        expect(markdown).toContain('## Opportunity portfolio\n\n```mermaid\n---\nconfig:\n  quadrantChart:\n');
        expect(markdown).toContain('| Guest checkout | Online checkout | Forced sign-up | high | low | product | planned | CX-142 | 2026-11-15 **overdue** |');
        expect(markdown).toContain('| Nobody cites this | reviews | 2026-11-01 | — | **unused** | — |');
        expect(markdown).toContain('| 2024 diary study | Diary study | 2024-05 **stale** | 8 | 1 pain in 1 journey | Online checkout |');
        const tags = new Set(Array.from(html.matchAll(/<\/?([a-zA-Z][\w-]*)/g), m => m[1].toLowerCase()));
        expect([...tags].filter(tag => !['h1', 'h2', 'p', 'em', 'strong', 'code', 'pre', 'table', 'thead', 'tbody', 'tr', 'th', 'td'].includes(tag))).toEqual([]);
    });
});
