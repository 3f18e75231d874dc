import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import { buildRenderModel } from '@cjm/language';
import { EXIT, UsageError } from '../io/cli-error.js';
import { loadWorkspace } from '../io/load-workspace.js';
import { displayPath } from '../io/paths.js';
import { readTextInput } from '../io/read-input.js';
import { writeOutputAtomically, assertWritableTarget } from '../io/write-output.js';
import { loadRoot, workspaceRootFor } from '../io/workspace-root.js';
import { diffMarkdown } from '../diff/diff-markdown.js';
import { diffModels } from '../diff/semantic-diff.js';

const run = promisify(execFile);

/** `cjm diff BASE HEAD`: the semantic diff of two versions of a map, each linked with the rest of the workspace. */
export async function runDiffFiles(basePath: string, headPath: string, options: { output?: string; root?: string }): Promise<number> {
    const base = resolve(basePath);
    const head = resolve(headPath);
    await Promise.all([readTextInput(base), readTextInput(head)]);
    if (options.output) {
        await assertWritableTarget(options.output);
    }
    const rootOf = (file: string) => workspaceRootFor(file, { root: options.root });
    // Each version sees the workspace without the other version, so the two never clash as duplicates.
    const before = await loadWorkspace([base], [await rootOf(base)], { exclude: new Set([head].filter(path => path !== base)) });
    const after = await loadWorkspace([head], [await rootOf(head)], { exclude: new Set([base].filter(path => path !== head)) });
    const diffs = diffModels(buildRenderModel(before.documents.get(base)!), buildRenderModel(after.documents.get(head)!));
    await emit(diffMarkdown(displayPath(head), diffs), options.output);
    return EXIT.ok;
}

/** `cjm diff --git REF`: every .cjm file changed since REF (working tree against `git show REF:path`). */
export async function runDiffGit(ref: string, options: { output?: string }): Promise<number> {
    if (options.output) {
        await assertWritableTarget(options.output);
    }
    const top = (await git(['rev-parse', '--show-toplevel'], process.cwd())).trim();
    await git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], top).catch(() => {
        throw new UsageError(`unknown git revision: ${ref}`);
    });
    const root = await loadRoot(top);
    const changed = (await git(['diff', '--name-only', '-z', '--no-renames', ref, '--', '*.cjm'], top))
        .split('\0').filter(Boolean).map(path => join(top, path)).filter(path => !root.ignores(path));
    if (changed.length === 0) {
        await emit(`No .cjm files changed since \`${ref.replace(/`/g, "'")}\`.\n`, options.output);
        return EXIT.ok;
    }
    const overrides = new Map<string, string>();
    const exclude = new Set<string>();
    for (const file of changed) {
        const relativePath = relative(top, file).split(sep).join('/');
        const text = await git(['show', `${ref}:${relativePath}`], top).catch(() => undefined);
        if (text === undefined) {
            exclude.add(file);
        } else {
            overrides.set(file, text);
        }
    }
    const present = changed.filter(file => existsSync(file));
    const before = await loadWorkspace([], [root], { overrides, exclude });
    const after = await loadWorkspace(present, [root]);
    const parts = changed.map(file => {
        const old = before.documents.get(file);
        const now = after.documents.get(file);
        const status = !old ? 'added' : !now ? 'removed' : 'changed';
        return diffMarkdown(displayPath(file), diffModels(old && buildRenderModel(old), now && buildRenderModel(now)), status);
    });
    await emit(parts.join('\n'), options.output);
    return EXIT.ok;
}

async function emit(markdown: string, output: string | undefined): Promise<void> {
    if (output) {
        await writeOutputAtomically(output, markdown);
    } else {
        process.stdout.write(markdown);
    }
}

async function git(args: string[], cwd: string): Promise<string> {
    try {
        const { stdout } = await run('git', args, { cwd, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' });
        return stdout;
    } catch (error) {
        const failure = error as { code?: string; stderr?: string };
        if (failure.code === 'ENOENT') {
            throw new UsageError('git is not installed or not on PATH');
        }
        throw new UsageError(`git ${args[0]} failed: ${(failure.stderr ?? '').trim().split('\n')[0] || 'unknown error'}`);
    }
}
