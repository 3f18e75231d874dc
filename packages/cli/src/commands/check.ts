import { resolve } from 'node:path';
import { resolveTargets } from '../io/cjm-files.js';
import { EXIT, UsageError } from '../io/cli-error.js';
import { loadWorkspace, type LoadedWorkspace } from '../io/load-workspace.js';
import { displayPath } from '../io/paths.js';
import { readStandardInput } from '../io/read-input.js';
import { warnIgnored, workspaceRootFor } from '../io/workspace-root.js';
import { compareDiagnostics, countSeverities, toFileDiagnostic, type FileDiagnostic } from '../check/file-diagnostic.js';
import { githubReport } from '../check/github-reporter.js';
import { prettyReport } from '../check/pretty-reporter.js';
import { sarifReport } from '../check/sarif-reporter.js';
import { plural } from '../text/plural.js';
import { CLI_VERSION } from '../version.js';

export const CHECK_FORMATS = ['pretty', 'json', 'github', 'sarif'] as const;
export type CheckFormat = typeof CHECK_FORMATS[number];

export interface CheckOptions {
    format: CheckFormat;
    /** The workspace root (default: the repository around each file, see workspaceRootFor). */
    root?: string;
    /** False with --no-ignore: `.cjmignore` excludes nothing. */
    ignore?: boolean;
    /** Exit 1 when there are more warnings than this (like ESLint); unlimited when undefined or negative (`-1`, ESLint's default). */
    maxWarnings?: number;
    /** Report errors only (ESLint's --quiet): warnings and information are neither shown nor counted. */
    quiet?: boolean;
    /** For `cjm check -`: the path standard input stands for, which decides its workspace (ESLint's --stdin-filename). */
    stdinFilename?: string;
}

/** The argument that names standard input. */
const STDIN = '-';

/**
 * `cjm check`: loads the workspace around the requested files so cross-file references resolve,
 * prints the requested files' diagnostics, and returns 1 on errors or too many warnings.
 */
export async function runCheck(paths: string[], options: CheckOptions): Promise<number> {
    const { files, documents, shown } = paths.includes(STDIN) ? await loadStandardInput(paths, options) : await loadTargets(paths, options);
    const diagnostics: FileDiagnostic[] = [];
    for (const file of files) {
        const document = documents.get(file);
        if (!document) {
            throw new UsageError(`internal: ${file} was not loaded`);
        }
        diagnostics.push(...(document.diagnostics ?? []).map(d => toFileDiagnostic(file, d, shown.get(file))));
    }
    const reported = options.quiet ? diagnostics.filter(d => d.severity === 'error') : diagnostics;
    reported.sort(compareDiagnostics);
    process.stdout.write(formatReport(reported, files.length, options.format));
    const { errors, warnings } = countSeverities(reported);
    if (errors > 0) {
        return EXIT.findings;
    }
    if (!options.quiet && options.maxWarnings !== undefined && options.maxWarnings >= 0 && warnings > options.maxWarnings) {
        process.stderr.write(`cjm: ${plural(warnings, 'warning')}, more than --max-warnings ${options.maxWarnings}\n`);
        return EXIT.findings;
    }
    return EXIT.ok;
}

interface LoadedTargets {
    files: string[];
    documents: LoadedWorkspace['documents'];
    /** Files reports name otherwise than by their path (standard input). */
    shown: Map<string, string>;
}

async function loadTargets(paths: string[], options: CheckOptions): Promise<LoadedTargets> {
    if (options.stdinFilename !== undefined) {
        throw new UsageError('--stdin-filename names standard input: use it with `cjm check -`');
    }
    const targets = await resolveTargets(paths.length > 0 ? paths : ['.'], { root: options.root, ignore: options.ignore });
    warnIgnored(targets.ignored, targets.roots);
    const { documents } = await loadWorkspace(targets.files, targets.roots, {}, { progress: true });
    return { files: targets.files, documents, shown: new Map() };
}

/** `cjm check -`: the text on standard input, checked as the file `--stdin-filename` names (or `<stdin>` in the current folder) within its workspace. */
async function loadStandardInput(paths: string[], options: CheckOptions): Promise<LoadedTargets> {
    if (paths.length > 1) {
        throw new UsageError('`-` (standard input) cannot be combined with other paths');
    }
    const path = resolve(options.stdinFilename ?? STDIN_NAME);
    const shown = options.stdinFilename === undefined ? '<stdin>' : displayPath(path);
    const text = await readStandardInput(shown);
    const root = await workspaceRootFor(path, { root: options.root, ignore: options.ignore });
    if (root.ignores(path)) {
        warnIgnored([path], [root]);
        return { files: [], documents: new Map(), shown: new Map() };
    }
    // Standard input stands in for the file on disk, if there is one, as in the editor's unsaved buffer.
    const { documents } = await loadWorkspace([path], [root], { overrides: new Map([[path, text]]) });
    return { files: [path], documents, shown: new Map([[path, shown]]) };
}

/** The file standard input is when --stdin-filename does not name one: in the current folder, never on disk. */
const STDIN_NAME = '<stdin>.cjm';

function formatReport(diagnostics: FileDiagnostic[], fileCount: number, format: CheckFormat): string {
    switch (format) {
        case 'pretty': return prettyReport(diagnostics, fileCount);
        case 'json': return JSON.stringify(diagnostics, undefined, 2) + '\n';
        case 'github': return githubReport(diagnostics);
        case 'sarif': return JSON.stringify(sarifReport(diagnostics, CLI_VERSION), undefined, 2) + '\n';
    }
}
