import { realpath, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { isJourney, type Journey, type Model } from '@cjm/language';
import { createNodeCjmWorkspace } from '@cjm/language/node';
import { EXIT, UsageError } from '../io/cli-error.js';
import { git } from '../io/git.js';
import { displayPath } from '../io/paths.js';
import { Progress } from '../io/progress.js';
import { assertWritableTarget, emitResult } from '../io/write-output.js';
import { historyHtml, historyJson, historyMarkdown, metricById, type HistoryReport } from '../history/history-report.js';
import { journeyHistory, type HistoryRow } from '../history/journey-history.js';
import { mermaidScript } from './render.js';

export const HISTORY_FORMATS = ['md', 'html', 'json'] as const;
export type HistoryFormat = typeof HISTORY_FORMATS[number];

export interface HistoryOptions {
    format: HistoryFormat;
    journey?: string;
    since?: string;
    metric?: string;
    output?: string;
    root?: string;
}

/**
 * `cjm history FILE`: the figures of one journey of FILE at each commit that changed it or what it
 * links to, with charts of the emotion and of one metric, read from git objects (never checked out).
 */
export async function runHistory(file: string, options: HistoryOptions): Promise<number> {
    const path = resolve(file);
    const shown = displayPath(path);
    if (options.output) {
        await assertWritableTarget(options.output);
    }
    const folder = await realpath(dirname(path)).catch(() => {
        throw new UsageError(`no such file or directory: ${shown}`);
    });
    const top = await git(['rev-parse', '--show-toplevel'], folder).then(out => out.trim(), () => {
        throw new UsageError(`cjm history reads git history, and ${shown} is not in a git repository`);
    });
    if ((await git(['rev-parse', '--is-shallow-repository'], top)).trim() === 'true') {
        throw new UsageError(`${displayPath(top)} is a shallow clone, so its history is cut short; fetch all of it first (git fetch --unshallow; in GitHub Actions, actions/checkout with fetch-depth: 0)`);
    }
    const fromTop = relative(top, join(folder, basename(path))).split(sep).join('/');
    await git(['rev-parse', '--verify', '--quiet', 'HEAD'], top).catch(() => {
        throw new UsageError(`${shown} has no history: the repository has no commits yet`);
    });
    const headText = await git(['show', `HEAD:${fromTop}`], top).catch(() => {
        throw new UsageError(`${shown} has no history: it is not in the last commit (HEAD); commit it first`);
    });
    if (headText.includes('\0')) {
        throw new UsageError(`${shown} is a binary file at HEAD, not a map`);
    }
    if (options.since !== undefined) {
        await git(['rev-parse', '--verify', '--quiet', `${options.since}^{commit}`], top).catch(() => {
            throw new UsageError(`unknown git revision: ${options.since}`);
        });
    }
    const root = await historyRoot(top, options.root);
    const workspace = createNodeCjmWorkspace();
    const journey = pickJourney(workspace.services.parser.LangiumParser.parse<Model>(headText).value.elements.filter(isJourney), options.journey, shown);

    let progress: Progress | undefined;
    let rows: HistoryRow[];
    try {
        rows = await journeyHistory({
            top, root, file: fromTop, journey: journey.name, since: options.since, workspace,
            onCommit: (done, total, commit) => {
                progress ??= new Progress('history', total);
                progress.tick(done, `${commit.shortHash} ${commit.subject}`);
            }
        });
    } finally {
        progress?.done();
    }
    const report: HistoryReport = {
        journey: { id: journey.name, title: journey.title ?? journey.name },
        file: fromTop,
        ...(options.since !== undefined ? { since: options.since } : {}),
        rows,
        ...chartedMetric(rows, options.metric, journey.name)
    };
    switch (options.format) {
        case 'md': await emitResult(historyMarkdown(report), options.output); break;
        case 'html': await emitResult(historyHtml(report, await mermaidScript()), options.output); break;
        case 'json': await emitResult(historyJson(report), options.output); break;
    }
    return EXIT.ok;
}

/** The journey asked for, or the file's first (saying so on stderr when it has several, as `cjm render` does). */
function pickJourney(journeys: Journey[], id: string | undefined, shown: string): Journey {
    const known = journeys.map(j => j.name).join(', ') || 'none';
    if (id !== undefined) {
        const journey = journeys.find(j => j.name === id);
        if (!journey) {
            throw new UsageError(`no journey ${id} in ${shown} at HEAD (journeys: ${known})`);
        }
        return journey;
    }
    if (journeys.length === 0) {
        throw new UsageError(`${shown} has no journey at HEAD`);
    }
    if (journeys.length > 1) {
        process.stderr.write(`cjm: note: ${shown} has ${journeys.length} journeys; this is the history of ${journeys[0].name}, the first. Pick another with --journey ID (${known}).\n`);
    }
    return journeys[0];
}

/** `--root DIR` must lie in the repository, whose history is read; the default is the repository top. */
async function historyRoot(top: string, root: string | undefined): Promise<string> {
    if (root === undefined) {
        return top;
    }
    const folder = await realpath(resolve(root)).catch(() => undefined);
    if (!folder || !(await stat(folder)).isDirectory()) {
        throw new UsageError(`--root ${displayPath(resolve(root))} is not a folder`);
    }
    const inside = relative(top, folder);
    if (inside.startsWith('..') || isAbsolute(inside)) {
        throw new UsageError(`--root ${displayPath(folder)} is outside the repository ${displayPath(top)}`);
    }
    return folder;
}

/** The metric to chart: the one asked for, else the journey's first metric in its newest version that has one. */
function chartedMetric(rows: HistoryRow[], id: string | undefined, journey: string): Pick<HistoryReport, 'metric'> {
    const newestFirst = [...rows].reverse();
    if (id !== undefined) {
        const placed = newestFirst.map(row => metricById(row.journey?.figures, id)).find(Boolean);
        if (!placed) {
            const known = [...new Set(rows.flatMap(row => row.journey?.figures.metrics.map(m => m.metric.id) ?? []))].sort();
            throw new UsageError(`no metric ${id} in journey ${journey} at any of its commits (metrics: ${known.join(', ') || 'none'})`);
        }
        return { metric: { id, title: placed.metric.title } };
    }
    const first = newestFirst.map(row => row.journey?.figures.metrics[0]).find(Boolean);
    return first ? { metric: { id: first.metric.id, title: first.metric.title } } : {};
}
