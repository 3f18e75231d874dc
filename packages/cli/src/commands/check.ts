import { resolveTargets } from '../io/cjm-files.js';
import { EXIT, UsageError } from '../io/cli-error.js';
import { loadWorkspace } from '../io/load-workspace.js';
import { displayPath } from '../io/paths.js';
import { IGNORE_FILE, type WorkspaceRoot } from '../io/workspace-root.js';
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
}

/**
 * `cjm check`: loads the workspace around the requested files so cross-file references resolve,
 * prints the requested files' diagnostics, and returns 1 on errors or too many warnings.
 */
export async function runCheck(paths: string[], options: CheckOptions): Promise<number> {
    const targets = await resolveTargets(paths.length > 0 ? paths : ['.'], { root: options.root, ignore: options.ignore });
    warnIgnored(targets.ignored, targets.roots);
    const { documents } = await loadWorkspace(targets.files, targets.roots, {}, { progress: true });
    const diagnostics: FileDiagnostic[] = [];
    for (const file of targets.files) {
        const document = documents.get(file);
        if (!document) {
            throw new UsageError(`internal: ${file} was not loaded`);
        }
        diagnostics.push(...(document.diagnostics ?? []).map(d => toFileDiagnostic(file, d)));
    }
    diagnostics.sort(compareDiagnostics);
    process.stdout.write(formatReport(diagnostics, targets.files.length, options.format));
    const { errors, warnings } = countSeverities(diagnostics);
    if (errors > 0) {
        return EXIT.findings;
    }
    if (options.maxWarnings !== undefined && options.maxWarnings >= 0 && warnings > options.maxWarnings) {
        process.stderr.write(`cjm: ${plural(warnings, 'warning')}, more than --max-warnings ${options.maxWarnings}\n`);
        return EXIT.findings;
    }
    return EXIT.ok;
}

/** ESLint's warning for a file named on the command line that the ignore file excludes. */
export function warnIgnored(ignored: string[], roots: WorkspaceRoot[]): void {
    for (const file of ignored) {
        const rule = roots.map(root => root.ruleFor(file)).find(Boolean);
        process.stderr.write(`cjm: warning: ${displayPath(file)} is ignored by ${IGNORE_FILE}${rule ? ` (${rule})` : ''}; use --no-ignore to include it\n`);
    }
}

function formatReport(diagnostics: FileDiagnostic[], fileCount: number, format: CheckFormat): string {
    switch (format) {
        case 'pretty': return prettyReport(diagnostics, fileCount);
        case 'json': return JSON.stringify(diagnostics, undefined, 2) + '\n';
        case 'github': return githubReport(diagnostics);
        case 'sarif': return JSON.stringify(sarifReport(diagnostics, CLI_VERSION), undefined, 2) + '\n';
    }
}
