import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import {
    buildRenderModel, emotionCurve, hasBlueprint, hasPortfolio, journeyDiagram, journeyPortfolio, portfolioDiagram, renderHtmlPage, renderMarkdown,
    serviceBlueprint, stageFlow, type RenderJourney, type RenderModel
} from '@cjm/language';
import { printPdf, type PageSize } from '@cjm/language/node';
import { EXIT, UsageError } from '../io/cli-error.js';
import { loadWorkspace } from '../io/load-workspace.js';
import { displayPath } from '../io/paths.js';
import { readTextInput } from '../io/read-input.js';
import { assertWritableTarget, emitResult } from '../io/write-output.js';
import { workspaceRootFor } from '../io/workspace-root.js';
import { drawInBrowser, findBrowser } from '../render/browser.js';
import { syntaxErrorLine } from '../check/pretty-reporter.js';
import { isMarkdownFile, runRenderMarkdown } from './render-markdown.js';

export const RENDER_FORMATS = ['md', 'mermaid', 'html', 'svg', 'png', 'pdf'] as const;
export type RenderFormat = typeof RENDER_FORMATS[number];
export const DIAGRAMS = ['journey', 'emotion', 'flow', 'blueprint', 'portfolio'] as const;
export type DiagramKind = typeof DIAGRAMS[number];

export interface RenderOptions {
    format: RenderFormat;
    journey?: string;
    diagram: DiagramKind;
    output?: string;
    check?: boolean;
    browser?: string;
    theme: 'default' | 'dark';
    /** The paper of pdf output (landscape); A3 when not given. */
    page?: PageSize;
    root?: string;
}

/** Formats drawn in headless Chromium. */
const IN_BROWSER: readonly RenderFormat[] = ['svg', 'png', 'pdf'];

/** Formats whose output is binary, so it goes to a file. */
const BINARY: readonly RenderFormat[] = ['png', 'pdf'];

/** Formats that draw one diagram of one journey. */
const ONE_DIAGRAM: readonly RenderFormat[] = ['mermaid', 'svg'];

/** Formats whose output is the same for the same input, so a committed copy can be checked. */
const CHECKABLE: readonly RenderFormat[] = ['md', 'mermaid', 'html'];

/**
 * `cjm render FILE`: draws a map as Markdown, Mermaid, a self-contained HTML page, or (in headless
 * Chromium) SVG, PNG or a PDF of every diagram and grid. With --check, compares with the committed
 * -o OUT instead of writing it.
 */
export async function runRender(file: string, options: RenderOptions): Promise<number> {
    const path = resolve(file);
    if (isMarkdownFile(path)) {
        if (options.format !== 'md' || options.journey !== undefined || options.output !== undefined || options.diagram !== 'journey' || options.browser !== undefined) {
            throw new UsageError(`${displayPath(path)} is Markdown: its <!-- cjm: … --> blocks name the map, journey and parts, and it is filled in place (no --format, --journey, --diagram, -o or --browser)`);
        }
        return runRenderMarkdown(path, options);
    }
    await readTextInput(path);
    if (options.check && !options.output) {
        throw new UsageError('--check needs -o OUT, the committed rendering to compare with');
    }
    if (options.check && !CHECKABLE.includes(options.format)) {
        throw new UsageError(`--check works with ${CHECKABLE.join(', ')}; ${options.format} output differs between browsers and runs`);
    }
    if (BINARY.includes(options.format) && !options.output) {
        throw new UsageError(`${options.format} output needs -o OUT (it is binary)`);
    }
    if (options.page && options.format !== 'pdf') {
        throw new UsageError(`--page sets the paper of pdf output; ${options.format} output has no pages`);
    }
    if (options.output && !options.check) {
        await assertWritableTarget(options.output);
    }
    const browser = IN_BROWSER.includes(options.format) ? findBrowser(options.browser) : undefined;
    const { documents } = await loadWorkspace([path], [await workspaceRootFor(path, { root: options.root })]);
    const full = buildRenderModel(documents.get(path)!);
    const model = selectJourney(full, options.journey, path);
    if (ONE_DIAGRAM.includes(options.format) && options.diagram === 'portfolio' && !hasPortfolio(model.journeys[0])) {
        throw new UsageError(`journey ${model.journeys[0].id} has no portfolio: rate an opportunity with both \`impact\` and \`effort\``);
    }
    if (ONE_DIAGRAM.includes(options.format) && model.journeys.length > 1) {
        // Like a Mermaid CLI run on a file of several diagrams, draw one and say which; never pick silently.
        process.stderr.write(`cjm: note: ${displayPath(path)} has ${model.journeys.length} journeys; drew ${model.journeys[0].id}, the first. `
            + `Pick another with --journey ID (${model.journeys.map(j => j.id).join(', ')}).\n`);
    }
    if (ONE_DIAGRAM.includes(options.format) && options.diagram === 'blueprint' && !hasBlueprint(model.journeys[0])) {
        throw new UsageError(`journey ${model.journeys[0].id} in ${displayPath(path)} has no service blueprint: add frontstage, backstage or artifact lines to its touchpoints`);
    }
    // A map that does not parse still draws what error recovery read (as the preview does), but the run fails like `cjm check`.
    const syntaxError = full.firstSyntaxError;
    if (syntaxError) {
        process.stderr.write(syntaxErrorLine(displayPath(path), syntaxError));
    }
    // The render model is total over error recovery's half-built maps: a broken map is drawn as far as it goes.
    const rendered = await renderModel(model, options, browser);
    const result = options.check ? await checkCommitted(options.output!, rendered as string, options.format) : await emitResult(rendered, options.output).then(() => EXIT.ok);
    return syntaxError ? EXIT.findings : result;
}

async function renderModel(model: RenderModel, options: RenderOptions, browser: string | undefined): Promise<string | Buffer> {
    switch (options.format) {
        case 'md':
            return renderMarkdown(model);
        case 'mermaid':
            return diagramText(model.journeys[0], options.diagram) + '\n';
        case 'html':
            return renderHtmlPage(model, { mermaidScript: await mermaidScript(), theme: options.theme });
        case 'svg':
        case 'png': {
            const html = renderHtmlPage(model, { mermaidScript: await mermaidScript(), theme: options.theme });
            const drawing = options.format === 'png' ? { kind: 'png' as const } : { kind: 'svg' as const, diagram: `cjm-j0-${options.diagram}` };
            return drawInBrowser(html, browser!, drawing);
        }
        case 'pdf': {
            const html = renderHtmlPage(model, { mermaidScript: await mermaidScript(), theme: options.theme });
            return Buffer.from(await printPdf(html, { chromium: browser!, page: options.page ?? 'a3' }).catch((error: Error) => {
                throw new UsageError(`could not print the PDF: ${error.message}`);
            }));
        }
    }
}

/** Keeps the requested journey (the first one when several are drawn as a single diagram). */
function selectJourney(model: RenderModel, id: string | undefined, path: string): RenderModel {
    if (id === undefined) {
        if (model.journeys.length === 0) {
            throw new UsageError(`${displayPath(path)} has no journey to render`);
        }
        return model;
    }
    const journey = model.journeys.find(j => j.id === id);
    if (!journey) {
        const known = model.journeys.map(j => j.id).join(', ') || 'none';
        throw new UsageError(`no journey ${id} in ${displayPath(path)} (journeys: ${known})`);
    }
    return { ...model, journeys: [journey] };
}

function diagramText(journey: RenderJourney, kind: DiagramKind): string {
    switch (kind) {
        case 'journey': return journeyDiagram(journey).trimEnd();
        case 'emotion': return emotionCurve(journey).trimEnd();
        case 'flow': return stageFlow(journey).trimEnd();
        case 'blueprint': return serviceBlueprint(journey).trimEnd();
        case 'portfolio': return portfolioDiagram(journeyPortfolio(journey)).trimEnd();
    }
}

async function checkCommitted(output: string, rendered: string, format: RenderFormat): Promise<number> {
    const committed = await readFile(output, 'utf8').catch(() => undefined);
    if (committed === undefined) {
        process.stdout.write(`${displayPath(output)} is missing; run cjm render without --check to create it\n`);
        return EXIT.findings;
    }
    // The HTML page carries a fresh CSP nonce on every run; it is not content.
    const comparable = (text: string) => format === 'html' ? text.replace(/nonce-[A-Za-z0-9+/=]+/g, 'nonce').replace(/nonce="[A-Za-z0-9+/=]+"/g, 'nonce') : text;
    if (comparable(committed) !== comparable(rendered)) {
        process.stdout.write(`${displayPath(output)} is out of date; run cjm render without --check to update it\n`);
        return EXIT.findings;
    }
    return EXIT.ok;
}

/** The UMD build of Mermaid, inlined into HTML pages so they draw without network access. */
export async function mermaidScript(): Promise<string> {
    const require = createRequire(import.meta.url);
    let path: string;
    try {
        path = resolve(dirname(require.resolve('mermaid/package.json')), 'dist', 'mermaid.min.js');
    } catch {
        throw new UsageError('the mermaid package is not installed; html, svg, png and pdf output need it');
    }
    return readFile(path, 'utf8');
}
