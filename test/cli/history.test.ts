/**
 * `cjm history FILE`: real git repositories in temporary folders, read as a user runs the CLI.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DocumentState } from 'langium';
import MarkdownIt from 'markdown-it';
import { chromium } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { createNodeCjmWorkspace } from '@cjm/language/node';
import { journeyHistory } from '../../packages/cli/src/history/journey-history.js';
import { PAYLOADS } from '../support/hostile-corpus.js';
import { cjm, expectUsageError, mermaid, mermaidBlocks, tempCopy, writeFiles } from './cli-harness.js';
import { gitRepo } from './git-repo.js';

const PERSONAS = (maya = 'Maya') => `persona maya "${maya}" { role "Parent" }\npersona dev "Dev"\nteam product "Product"\n`;

function checkout({ visit = 'frustrated', conversion = '2.1', metricTitle = 'Conversion' } = {}): string {
    return `journey checkout "Checkout" {
  persona maya
  stage buy "Buy" {
    touchpoint visit "Visit" {
      feels ${visit}
      expected happy
      pain "Hard to navigate" source interviews severity high
      opportunity "Better menu" { status planned }
      owner product
    }
    touchpoint pay "Pay" {
      feels confused
      pain "Long form" severity medium
      opportunity "Shorter form" { status done }
      metric conversion ${JSON.stringify(metricTitle)} { value ${conversion}% target 3% }
      owner product
    }
  }
}
`;
}

const ONBOARDING = (title = 'Onboarding') => `journey onboarding "${title}" {\n  persona dev\n  stage start "Start" {\n    touchpoint signup "Sign up" { feels happy owner product }\n  }\n}\n`;

interface JsonCommit {
    shortHash: string;
    date: string;
    subject: string;
    changed: string[];
    removed: boolean;
    file?: string;
    parses?: boolean;
    figures?: {
        averageScore?: number;
        averageExpected?: number;
        pains: Record<string, number>;
        evidenceCoverage?: number;
        opportunities: number;
        openOpportunities: number;
        metrics: Array<{ id: string; value?: number; unit: string }>;
    };
}

/** The main story: commits that change the journey, what it links to, and things it does not care about. */
function checkoutHistory() {
    const repo = gitRepo();
    repo.commit('Initial maps', { 'personas.cjm': PERSONAS(), 'checkout.cjm': checkout(), 'onboarding.cjm': ONBOARDING() });
    repo.commit('Docs only', { 'README.md': '# Maps\n' });
    repo.commit('Onboarding tweak', { 'onboarding.cjm': ONBOARDING('First steps') });
    repo.commit('Visit feels better', { 'checkout.cjm': checkout({ visit: 'hesitant' }) });
    repo.commit('Rename Dev', { 'personas.cjm': PERSONAS().replace('"Dev"', '"Dev, founder"') });
    repo.commit('Rename Maya', { 'personas.cjm': PERSONAS('Maya, busy parent').replace('"Dev"', '"Dev, founder"') });
    repo.commit('Move checkout to maps/', { 'checkout.cjm': null, 'maps/checkout.cjm': checkout({ visit: 'hesitant' }) });
    repo.commit('Conversion up', { 'maps/checkout.cjm': checkout({ visit: 'hesitant', conversion: '2.6' }) });
    return repo;
}

async function historyJson(dir: string, ...args: string[]): Promise<{ journey: { id: string; title: string }; file: string; metric?: string; commits: JsonCommit[] }> {
    const result = await cjm(['history', ...args, '-f', 'json'], dir);
    expect(result.code, result.stderr).toBe(0);
    return JSON.parse(result.stdout);
}

describe('cjm history', () => {
    test('lists the commits that changed the journey or what it links to, follows the rename, and gives each commit\'s figures', async () => {
        const repo = checkoutHistory();
        const history = await historyJson(repo.dir, 'maps/checkout.cjm');
        expect(history.journey).toEqual({ id: 'checkout', title: 'Checkout' });
        expect(history.file).toBe('maps/checkout.cjm');
        // Not: the README, the other journey, nor the persona the journey does not use.
        expect(history.commits.map(c => c.subject)).toEqual(['Initial maps', 'Visit feels better', 'Rename Maya', 'Move checkout to maps/', 'Conversion up']);
        expect(history.commits.map(c => c.changed)).toEqual([
            ['checkout.cjm', 'personas.cjm'], ['checkout.cjm'], ['personas.cjm'], ['checkout.cjm', 'maps/checkout.cjm'], ['maps/checkout.cjm']
        ]);
        expect(history.commits.map(c => c.file)).toEqual(['checkout.cjm', 'checkout.cjm', 'checkout.cjm', 'maps/checkout.cjm', 'maps/checkout.cjm']);
        expect(history.commits.map(c => c.date)).toEqual(['2026-11-01T12:00:00Z', '2026-11-04T12:00:00Z', '2026-11-06T12:00:00Z', '2026-11-07T12:00:00Z', '2026-11-08T12:00:00Z']
            .map(date => date.replace('Z', '+00:00')));
        expect(history.commits.map(c => c.shortHash)).toEqual(repo.git('log', '--format=%h', '--reverse', '--', 'checkout.cjm', 'maps/checkout.cjm', 'personas.cjm').trim().split('\n').filter((_, i) => i !== 2));
        const [first, , , , last] = history.commits;
        expect(first.figures).toMatchObject({
            averageScore: -1.5, averageExpected: 1, pains: { high: 1, medium: 1, low: 0, unrated: 0, total: 2 }, evidenceCoverage: 50, opportunities: 2, openOpportunities: 1
        });
        expect(last.figures).toMatchObject({ averageScore: -1, metrics: [{ id: 'conversion', value: 2.6, unit: '%' }] });
        expect(history.commits.every(c => c.parses && !c.removed)).toBe(true);
        expect(history.metric).toBe('conversion');
    });

    test('Markdown: the emotion and metric charts parse as Mermaid, across commits oldest first; the table lists the newest first', async () => {
        const repo = checkoutHistory();
        const result = await cjm(['history', 'maps/checkout.cjm', '--metric', 'conversion'], repo.dir);
        expect(result.code, result.stderr).toBe(0);
        const charts = mermaidBlocks(result.stdout);
        expect(charts).toHaveLength(2);
        const api = await mermaid();
        for (const chart of charts) {
            expect((await api.parse(chart)).diagramType).toBe('xychart');
        }
        const hashes = repo.git('log', '--format=%h', '--reverse', '--', 'checkout.cjm', 'maps/checkout.cjm', 'personas.cjm').trim().split('\n').filter((_, i) => i !== 2);
        expect(charts[0]).toContain(`x-axis [${hashes.map(h => `"${h}"`).join(', ')}]`);
        expect(charts[0]).toContain('line [-1.5, -1, -1, -1, -1]');
        expect(charts[1]).toContain('line [2.1, 2.1, 2.1, 2.1, 2.6]');
        expect(charts[1]).toContain('title "Conversion by commit"');
        const html = new MarkdownIt().render(result.stdout);
        const subjects = [...html.matchAll(/<tr>\n<td>[^<]*<\/td>\n<td><code>[^<]*<\/code><\/td>\n<td>([^<]*)<\/td>/g)].map(m => m[1]);
        expect(subjects).toEqual(['Conversion up', 'Move checkout to maps/', 'Rename Maya', 'Visit feels better', 'Initial maps']);
        expect(html).toContain('<td>1 / 1 / 0 / 0</td>');
        expect(html).toContain('<td>50%</td>');
        expect(html).toContain('<td>1 of 2</td>');
        expect(html).toContain('<td>Conversion: 2.6%</td>');
    });

    test('reads git objects only: the working tree, the index and HEAD are left as they were, and uncommitted edits are not history', async () => {
        const repo = checkoutHistory();
        writeFileSync(join(repo.dir, 'maps/checkout.cjm'), checkout({ visit: 'hesitant', conversion: '9.9' }));
        const status = repo.git('status', '--porcelain');
        const head = repo.git('rev-parse', 'HEAD');
        const history = await historyJson(repo.dir, 'maps/checkout.cjm');
        expect(history.commits.at(-1)!.figures!.metrics[0].value).toBe(2.6);
        expect(repo.git('status', '--porcelain')).toBe(status);
        expect(repo.git('rev-parse', 'HEAD')).toBe(head);
        expect(readFileSync(join(repo.dir, 'maps/checkout.cjm'), 'utf8')).toContain('value 9.9%');
    });

    test('a commit that breaks the map, removes the journey and brings it back; --since starts at a revision', async () => {
        const repo = gitRepo();
        repo.commit('Add', { 'personas.cjm': PERSONAS(), 'checkout.cjm': checkout() + ONBOARDING() });
        const broken = repo.commit('Break it', { 'checkout.cjm': checkout().replace('feels confused', 'feels confused {') + ONBOARDING() });
        repo.commit('Fix it', { 'checkout.cjm': checkout({ visit: 'happy' }) + ONBOARDING() });
        repo.commit('Remove it', { 'checkout.cjm': ONBOARDING() });
        repo.commit('Bring it back', { 'checkout.cjm': checkout({ visit: 'happy', conversion: '3' }) + ONBOARDING() });
        const history = await historyJson(repo.dir, 'checkout.cjm', '--journey', 'checkout');
        expect(history.commits.map(c => [c.subject, c.parses, c.removed])).toEqual([
            ['Add', true, false], ['Break it', false, false], ['Fix it', true, false], ['Remove it', undefined, true], ['Bring it back', true, false]
        ]);
        expect(history.commits[3].figures).toBeUndefined();
        const since = await historyJson(repo.dir, 'checkout.cjm', '--journey', 'checkout', '--since', broken);
        expect(since.commits.map(c => c.subject)).toEqual(['Break it', 'Fix it', 'Remove it', 'Bring it back']);
        const markdown = (await cjm(['history', 'checkout.cjm', '--journey', 'checkout'], repo.dir)).stdout;
        expect(markdown).toContain('| Remove it — **journey removed** | — | — | — | — | — | — |');
        expect(markdown).toMatch(/\| Break it — ⚠ does not parse; figures from what could be read \| /);
    });

    test('--root limits the workspace to a folder of the repository', async () => {
        const repo = checkoutHistory();
        // personas.cjm lies outside maps/, so the journey links to no library there, and before the move the journey was outside too.
        const history = await historyJson(repo.dir, 'maps/checkout.cjm', '--root', 'maps');
        expect(history.commits.map(c => [c.subject, c.changed])).toEqual([['Move checkout to maps/', ['maps/checkout.cjm']], ['Conversion up', ['maps/checkout.cjm']]]);
        expectUsageError(await cjm(['history', 'maps/checkout.cjm', '--root', tempCopy()], repo.dir), /^cjm: --root \S+ is outside the repository /);
    });

    test('a file with two journeys: the first, with a note naming the others', async () => {
        const repo = gitRepo();
        repo.commit('Add', { 'personas.cjm': PERSONAS(), 'both.cjm': ONBOARDING() + checkout() });
        const result = await cjm(['history', 'both.cjm', '-f', 'json'], repo.dir);
        expect(result.stderr).toBe('cjm: note: both.cjm has 2 journeys; this is the history of onboarding, the first. Pick another with --journey ID (onboarding, checkout).\n');
        expect(JSON.parse(result.stdout).journey.id).toBe('onboarding');
    });

    test('each commit\'s .cjmignore decides which files join the workspace', async () => {
        const repo = gitRepo();
        repo.commit('Add', { '.cjmignore': 'drafts/\n', 'personas.cjm': PERSONAS(), 'checkout.cjm': checkout({ visit: 'hopeful' }) });
        // A draft overriding the built-in emotion the journey uses: ignored, and node_modules is never read.
        repo.commit('Draft emotions', { 'drafts/emotions.cjm': 'emotions { hopeful -2 }\n', 'node_modules/x/emotions.cjm': 'emotions { confused 2 }\n' });
        repo.commit('Stop ignoring drafts', { '.cjmignore': '' });
        const history = await historyJson(repo.dir, 'checkout.cjm');
        expect(history.commits.map(c => [c.subject, c.figures!.averageScore, c.changed])).toEqual([
            ['Add', 0, ['.cjmignore', 'checkout.cjm', 'personas.cjm']],
            ['Stop ignoring drafts', -1.5, ['.cjmignore']]
        ]);
    });

    test('parses only the files each commit changed (a changed persona library relinks the maps, it does not re-parse them)', async () => {
        const repo = checkoutHistory();
        const workspace = createNodeCjmWorkspace();
        const parsed: string[][] = [];
        workspace.services.shared.workspace.DocumentBuilder.onDocumentPhase(DocumentState.Parsed, document => {
            parsed.at(-1)?.push(document.uri.path.slice(repo.dir.length + 1));
        });
        const subjects: string[] = [];
        const rows = await journeyHistory({
            top: repo.dir, root: repo.dir, file: 'maps/checkout.cjm', journey: 'checkout', workspace,
            onCommit: (_, __, commit) => { subjects.push(commit.subject); parsed.push([]); }
        });
        expect(rows).toHaveLength(5);
        expect(subjects.map((subject, i) => [subject, parsed[i].sort()])).toEqual([
            ['Initial maps', ['checkout.cjm', 'onboarding.cjm', 'personas.cjm']],
            ['Onboarding tweak', ['onboarding.cjm']],
            ['Visit feels better', ['checkout.cjm']],
            ['Rename Dev', ['personas.cjm']],
            ['Rename Maya', ['personas.cjm']],
            ['Move checkout to maps/', ['maps/checkout.cjm']],
            ['Conversion up', ['maps/checkout.cjm']]
        ]);
    });

    test('hostile commit subjects and metric titles: shown literally in Markdown and HTML, nothing runs, the charts still parse', async () => {
        const repo = gitRepo();
        const subjects = PAYLOADS.map(payload => payload.text.replace(/[\r\n\u2028\u2029]+/g, ' ').replace(/§/g, payload.name).trim());
        const title = PAYLOADS[0].text.replace(/§/g, 'metric');
        repo.commit('Add', { 'personas.cjm': PERSONAS(), 'checkout.cjm': checkout({ metricTitle: title }) });
        subjects.forEach((subject, i) => repo.commit(subject, { 'checkout.cjm': checkout({ metricTitle: title, conversion: String(2 + i / 10) }) }));

        const history = await historyJson(repo.dir, 'checkout.cjm');
        expect(history.commits.slice(1).map(c => c.subject)).toEqual(subjects);

        const markdown = (await cjm(['history', 'checkout.cjm'], repo.dir)).stdout;
        const api = await mermaid();
        for (const chart of mermaidBlocks(markdown)) {
            await api.parse(chart);
        }
        const tokens = new MarkdownIt({ html: true }).parse(markdown, {});
        const raw = tokens.flatMap(t => [t, ...(t.children ?? [])]).filter(t => t.type.startsWith('html_')).map(t => t.content);
        expect(raw.filter(html => html !== '<br>')).toEqual([]);
        // Each row's subject cell reads as the subject was typed (less the invisible joiners that keep @ and # from notifying anyone).
        const cells: string[][] = [];
        for (const token of tokens) {
            if (token.type === 'tr_open') {
                cells.push([]);
            } else if (token.type === 'inline' && cells.length > 0) {
                cells.at(-1)!.push((token.children ?? []).map(child => child.type === 'text' || child.type === 'code_inline' ? child.content : '').join('').replace(/\u2060/g, ''));
            }
        }
        expect(cells.slice(1).map(row => row[2]).reverse().slice(1)).toEqual(subjects.map(subject => subject.replace(/\u2060/g, '')));

        const page = join(repo.dir, 'history.html');
        expect((await cjm(['history', 'checkout.cjm', '-f', 'html', '-o', page], repo.dir)).code).toBe(0);
        const browser = await chromium.launch({
            executablePath: '/usr/bin/chromium',
            args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
        });
        try {
            const tab = await browser.newPage();
            const problems: string[] = [];
            tab.on('dialog', dialog => { problems.push(dialog.message()); void dialog.dismiss(); });
            tab.on('request', request => { if (!request.url().startsWith('file://')) problems.push(request.url()); });
            await tab.goto(pathToFileURL(page).href);
            await tab.locator('body[data-rendered="true"]').waitFor({ state: 'attached', timeout: 60_000 });
            const shown = await tab.evaluate(() => ({
                pwned: (window as { __pwned?: unknown }).__pwned,
                subjects: Array.from(document.querySelectorAll('tbody tr td:nth-child(3)'), td => td.textContent),
                charts: document.querySelectorAll('.cjm-diagram-canvas svg').length,
                metric: document.querySelector('#cjm-history-metric')?.closest('figure')?.querySelector('figcaption')?.textContent
            }));
            expect(problems).toEqual([]);
            expect(shown.pwned).toBeUndefined();
            expect(shown.charts).toBe(2);
            expect(shown.metric).toBe(title);
            expect(shown.subjects.slice(0, subjects.length).reverse()).toEqual(subjects);
        } finally {
            await browser.close();
        }
    });
});

describe('cjm history: where there is no history, one line and exit 2', () => {
    test('outside a git repository', async () => {
        const dir = tempCopy();
        writeFiles(dir, { 'checkout.cjm': checkout() });
        expectUsageError(await cjm(['history', 'checkout.cjm'], dir), /^cjm: cjm history reads git history, and checkout\.cjm is not in a git repository$/);
    });

    test('a repository without commits, and a file never committed', async () => {
        const repo = gitRepo();
        writeFiles(repo.dir, { 'checkout.cjm': checkout() });
        expectUsageError(await cjm(['history', 'checkout.cjm'], repo.dir), /^cjm: checkout\.cjm has no history: the repository has no commits yet$/);
        repo.commit('Personas', { 'personas.cjm': PERSONAS(), 'checkout.cjm': null });
        writeFiles(repo.dir, { 'checkout.cjm': checkout() });
        expectUsageError(await cjm(['history', 'checkout.cjm'], repo.dir), /^cjm: checkout\.cjm has no history: it is not in the last commit \(HEAD\); commit it first$/);
    });

    test('a shallow clone', async () => {
        const repo = checkoutHistory();
        const clone = join(tempCopy(), 'clone');
        execFileSync('git', ['clone', '-q', '--depth', '1', pathToFileURL(repo.dir).href, clone]);
        expectUsageError(await cjm(['history', 'maps/checkout.cjm'], clone), /^cjm: \S+ is a shallow clone, so its history is cut short; fetch all of it first \(git fetch --unshallow; in GitHub Actions, actions\/checkout with fetch-depth: 0\)$/);
    });

    test('an unknown journey, revision or metric', async () => {
        const repo = checkoutHistory();
        expectUsageError(await cjm(['history', 'maps/checkout.cjm', '--journey', 'nope'], repo.dir), /^cjm: no journey nope in maps\/checkout\.cjm at HEAD \(journeys: checkout\)$/);
        expectUsageError(await cjm(['history', 'maps/checkout.cjm', '--since', 'nope'], repo.dir), /^cjm: unknown git revision: nope$/);
        expectUsageError(await cjm(['history', 'maps/checkout.cjm', '--metric', 'nope'], repo.dir), /^cjm: no metric nope in journey checkout at any of its commits \(metrics: conversion\)$/);
    });
});
