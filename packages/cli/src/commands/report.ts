import { buildWorkspaceOverview, isSyntaxError, overviewMarkdown, renderOverviewPage, summarizeDocument, today } from '@cjm/language';
import { URI } from 'langium';
import { resolveTargets } from '../io/cjm-files.js';
import { EXIT } from '../io/cli-error.js';
import { loadWorkspace } from '../io/load-workspace.js';
import { displayPath } from '../io/paths.js';
import { warnIgnored } from '../io/workspace-root.js';
import { assertWritableTarget, writeOutputAtomically } from '../io/write-output.js';
import { mermaidScript } from './render.js';

export const REPORT_FORMATS = ['md', 'html', 'json'] as const;
export type ReportFormat = typeof REPORT_FORMATS[number];

export interface ReportOptions {
    format: ReportFormat;
    output?: string;
    root?: string;
    ignore?: boolean;
    theme: 'default' | 'dark';
}

/**
 * `cjm report [paths…]`: the workspace overview of the requested files (journeys, portfolio,
 * insights, metrics), each file linked with its workspace as `cjm check` links it. A file that does
 * not parse is reported as far as it goes, with its first syntax error on stderr, and the run exits 1.
 */
export async function runReport(paths: string[], options: ReportOptions): Promise<number> {
    if (options.output) {
        await assertWritableTarget(options.output);
    }
    const targets = await resolveTargets(paths.length > 0 ? paths : ['.'], { root: options.root, ignore: options.ignore });
    warnIgnored(targets.ignored, targets.roots);
    const { documents } = await loadWorkspace(targets.files, targets.roots, {}, { progress: true });
    const day = today();
    const requested = targets.files.map(file => documents.get(file)!);
    const overview = buildWorkspaceOverview(requested.map(document => summarizeDocument(document, day)), day, uri => displayPath(URI.parse(uri).fsPath));
    // As `cjm render` does: a map that does not parse is drawn as far as error recovery read it, and the run fails.
    let broken = false;
    for (const document of requested) {
        const syntax = (document.diagnostics ?? []).filter(isSyntaxError)
            .sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character)[0];
        if (syntax) {
            broken = true;
            const { line, character } = syntax.range.start;
            process.stderr.write(`${displayPath(document.uri.fsPath)}:${line + 1}:${character + 1} error parse-error ${(typeof syntax.message === 'string' ? syntax.message : syntax.message.value).replace(/\s*\n\s*/g, ' ')}\n`);
        }
    }
    const text = options.format === 'md' ? overviewMarkdown(overview)
        : options.format === 'html' ? renderOverviewPage(overview, { mermaidScript: await mermaidScript(), theme: options.theme })
            : JSON.stringify(overview, undefined, 2) + '\n';
    if (options.output) {
        await writeOutputAtomically(options.output, text);
    } else {
        process.stdout.write(text);
    }
    return broken ? EXIT.findings : EXIT.ok;
}
