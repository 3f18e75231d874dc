import { existsSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { buildRenderModel } from '@cjm/language';
import { EXIT, UsageError } from '../io/cli-error.js';
import { loadWorkspace, type LoadedWorkspace } from '../io/load-workspace.js';
import { git } from '../io/git.js';
import { displayPath } from '../io/paths.js';
import { readTextInput } from '../io/read-input.js';
import { loadRoot, workspaceRootFor } from '../io/workspace-root.js';
import { assertWritableTarget, emitResult } from '../io/write-output.js';
import { DEFAULT_MAX_LENGTH, fitToLength } from '../diff/comment-limit.js';
import { diffMarkdown } from '../diff/diff-markdown.js';
import { diffFiles, type FileDiff, type FilePair, type MapVersion } from '../diff/file-diff.js';

export interface DiffOptions {
    output?: string;
    root?: string;
    /** The longest Markdown to write (0: no limit); GitHub refuses longer comments. */
    maxLength?: number;
}

/** `cjm diff BASE HEAD`: the semantic diff of two versions of a map, each linked with the rest of the workspace. */
export async function runDiffFiles(basePath: string, headPath: string, options: DiffOptions): Promise<number> {
    const base = resolve(basePath);
    const head = resolve(headPath);
    const [baseText, headText] = await Promise.all([readTextInput(base), readTextInput(head)]);
    if (options.output) {
        await assertWritableTarget(options.output);
    }
    const rootOf = (file: string) => workspaceRootFor(file, { root: options.root });
    // Each version sees the workspace without the other version, so the two never clash as duplicates.
    const before = await loadWorkspace([base], [await rootOf(base)], { exclude: new Set([head].filter(path => path !== base)) });
    const after = await loadWorkspace([head], [await rootOf(head)], { exclude: new Set([base].filter(path => path !== head)) });
    const pair: FilePair = { path: displayPath(head), base: version(before, base, baseText), head: version(after, head, headText) };
    const [diff] = diffFiles([pair]);
    reportSyntaxErrors(diff, { base: displayPath(base), head: displayPath(head) });
    await emitResult(fitToLength([diffMarkdown(diff)], options.maxLength ?? DEFAULT_MAX_LENGTH, `cjm diff ${basePath} ${headPath}`), options.output);
    return exitCode([diff]);
}

/**
 * `cjm diff --git REF`: every .cjm file changed since REF — the working tree against
 * `git show REF:path`, including new files git does not track yet — with journeys matched by id
 * across files, so a journey moved to another file (or a renamed file) is moved, not removed and added.
 */
export async function runDiffGit(ref: string, options: DiffOptions): Promise<number> {
    if (options.output) {
        await assertWritableTarget(options.output);
    }
    const top = (await git(['rev-parse', '--show-toplevel'], process.cwd())).trim();
    await git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], top).catch(() => {
        throw new UsageError(`unknown git revision: ${ref}`);
    });
    const root = await loadRoot(options.root ? resolve(options.root) : top);
    const listed = [
        ...(await git(['diff', '--name-only', '-z', '--no-renames', ref, '--', '*.cjm'], top)).split('\0'),
        ...(await git(['ls-files', '--others', '--exclude-standard', '-z', '--', '*.cjm'], top)).split('\0')
    ];
    const changed = [...new Set(listed.filter(Boolean))].sort().map(path => join(top, path)).filter(path => !root.ignores(path));
    const shownRef = ref.replace(/`/g, "'");
    if (changed.length === 0) {
        await emitResult(`No .cjm files changed since \`${shownRef}\`.\n`, options.output);
        return EXIT.ok;
    }
    const fromTop = (file: string) => relative(top, file).split(sep).join('/');
    const overrides = new Map<string, string>();
    const exclude = new Set<string>();
    for (const file of changed) {
        const text = await git(['show', `${ref}:${fromTop(file)}`], top).catch(() => undefined);
        if (text === undefined) {
            exclude.add(file);
        } else {
            overrides.set(file, text);
        }
    }
    const present = changed.filter(file => existsSync(file));
    const before = await loadWorkspace([], [root], { overrides, exclude });
    const after = await loadWorkspace(present, [root]);
    const pairs: FilePair[] = [];
    for (const file of changed) {
        const old = overrides.get(file);
        const now = present.includes(file) ? await readTextInput(file) : undefined;
        const pair = { path: fromTop(file), base: old === undefined ? undefined : version(before, file, old), head: now === undefined ? undefined : version(after, file, now) };
        if (pair.base || pair.head) {
            pairs.push(pair);
        }
    }
    const diffs = diffFiles(pairs);
    for (const diff of diffs) {
        reportSyntaxErrors(diff, { base: `${ref}:${diff.path}`, head: diff.path });
    }
    await emitResult(fitToLength(diffs.map(diffMarkdown), options.maxLength ?? DEFAULT_MAX_LENGTH, `cjm diff --git ${shownRef}`), options.output);
    return exitCode(diffs);
}

function version(workspace: LoadedWorkspace, file: string, text: string): MapVersion | undefined {
    const document = workspace.documents.get(file);
    return document && { document, model: buildRenderModel(document), text };
}

/** One stderr line per version that does not parse, in `cjm check`'s format. */
function reportSyntaxErrors(diff: FileDiff, shown: { base: string; head: string }): void {
    for (const error of diff.syntaxErrors) {
        process.stderr.write(`${shown[error.side]}:${error.line}:${error.column} error parse-error ${error.message.replace(/\s*\n\s*/g, ' ')}\n`);
    }
}

/** 1 when the change leaves a map that does not parse (an old version that did not parse is only reported). */
function exitCode(diffs: FileDiff[]): number {
    return diffs.some(diff => diff.syntaxErrors.some(error => error.side === 'head')) ? EXIT.findings : EXIT.ok;
}
