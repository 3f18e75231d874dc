/**
 * The CJM benchmark: workspace build, incremental edit, completion and hover, preview pipeline,
 * journey management (the report, the overview after a keystroke, code lenses),
 * `cjm history` and memory, each side by side with the alternative a team would otherwise pick (JSON files checked by
 * vscode-json-languageservice against a JSON Schema of the same model; Mermaid's own rendering).
 * Run with `npm run bench` (Node 24, `--expose-gc`). Prints one table and writes bench-results/*.json.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Model } from '@cjm/language';
import { buildRenderModel, buildWorkspaceOverview, CjmWorkspace, emotionCurve, hasBlueprint, journeyDiagram, serviceBlueprint, stageFlow, summarizeDocument, today, WorkspaceOverviewCache } from '@cjm/language';
import { createNodeCjmServices } from '@cjm/language/node';
import type { LangiumDocument } from 'langium';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { blueprintJourneyText } from './blueprint-generator.ts';
import { createJsonService, validateJson } from './json-alternative.ts';
import type { HistoryResult } from './history-bench.ts';
import { measureHistory } from './history-bench.ts';
import { MermaidBrowser } from './mermaid-browser.ts';
import type { PreviewPageResult } from './preview-page.ts';
import { measurePreviewPage, PreviewPage } from './preview-page.ts';
import type { MemoryReport } from './memory.ts';
import type { ServerStartupResult } from './server-startup.ts';
import { measureServerStartup } from './server-startup.ts';
import type { Repeat, Timing } from './timing.ts';
import { collectGarbage, time, timeAlternately } from './timing.ts';
import type { GeneratedFile, GeneratedWorkspace } from './workspace-generator.ts';
import { generateWorkspace } from './workspace-generator.ts';

const REPOSITORY = fileURLToPath(new URL('../../../', import.meta.url));
const TOUCHPOINT_COUNTS = [100, 1_000, 10_000];
const FILE_COUNTS = [1, 10, 100];
const LARGE = 10_000;
/** The service blueprint's budget journey (issue 13): every lane at every touchpoint. */
const BLUEPRINT_TOUCHPOINTS = 300;
/** Editor requests timed back to back in one run (see `measureEditorRequests`). */
const EDITOR_BATCH = 20;
/** Runs per measurement; `BENCH_RUNS` overrides (e.g. 3 for a quick look). */
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
/** `cjm history` is measured over this many commits of the 1,000-touchpoint, 10-file workspace. */
const HISTORY_COMMITS = 200;

function repeatFor(touchpoints: number): Repeat {
    return touchpoints >= LARGE ? { warmup: 2, runs: Math.max(3, Math.ceil(RUNS / 2)) } : { warmup: 2, runs: RUNS };
}

function progress(message: string): void {
    process.stderr.write(`· ${message}\n`);
}

// ---------------------------------------------------------------- CJM side

/** A fresh language server's worth of services with the built-in library already built (untimed). */
async function freshWorkspace(): Promise<CjmWorkspace> {
    const workspace = new CjmWorkspace(createNodeCjmServices().Cjm);
    await workspace.load([]);
    return workspace;
}

function cjmSources(files: GeneratedFile[]): Array<{ uri: string; text: string }> {
    return files.map(f => ({ uri: `file:///bench/${f.name}.cjm`, text: f.cjm }));
}

interface DiagnosticCounts {
    errors: number;
    warnings: number;
    other: number;
}

function countDiagnostics(documents: Array<LangiumDocument<Model>>): DiagnosticCounts {
    const counts = { errors: 0, warnings: 0, other: 0 };
    for (const diagnostic of documents.flatMap(d => d.diagnostics ?? [])) {
        if (diagnostic.severity === 1) counts.errors++;
        else if (diagnostic.severity === 2) counts.warnings++;
        else counts.other++;
    }
    return counts;
}

// ---------------------------------------------------------------- 1. workspace build

interface BuildResult {
    touchpoints: number;
    files: number;
    lines: number;
    cjm: Timing;
    json: Timing;
    jsonParse: Timing;
    ratio: number;
    cjmDiagnostics: DiagnosticCounts;
    jsonDiagnostics: number;
}

async function measureBuild(generated: GeneratedWorkspace, journeyFiles: number): Promise<BuildResult> {
    const repeat = repeatFor(generated.touchpoints);
    const sources = cjmSources(generated.files);
    let cjmDiagnostics: DiagnosticCounts = { errors: 0, warnings: 0, other: 0 };
    let jsonDiagnostics = 0;
    const [cjm, json] = await timeAlternately(repeat, async () => {
        const workspace = await freshWorkspace();
        const started = performance.now();
        const documents = await workspace.load(sources);
        const elapsed = performance.now() - started;
        cjmDiagnostics = countDiagnostics(documents);
        return elapsed;
    }, async () => {
        const service = await createJsonService();
        const started = performance.now();
        const result = await validateJson(service, generated.files);
        const elapsed = performance.now() - started;
        jsonDiagnostics = result.diagnostics;
        return elapsed;
    });
    const jsonParse = await time(repeat, () => {
        const started = performance.now();
        for (const file of generated.files) JSON.parse(file.json);
        return performance.now() - started;
    });
    const lines = generated.files.reduce((sum, f) => sum + f.cjm.split('\n').length, 0);
    return { touchpoints: generated.touchpoints, files: journeyFiles, lines, cjm, json, jsonParse, ratio: cjm.median / json.median, cjmDiagnostics, jsonDiagnostics };
}

// ---------------------------------------------------------------- 2. incremental edit

interface IncrementalResult {
    where: string;
    timing: Timing;
    fullBuild: number;
    ratio: number;
}

/** One keystroke in `file` (a character typed after `anchor`), as the server sees it: new text, then DocumentBuilder.update. */
async function measureKeystroke(workspace: CjmWorkspace, file: GeneratedFile, anchor: string, fullBuild: number, where: string): Promise<IncrementalResult> {
    const uri = `file:///bench/${file.name}.cjm`;
    const shared = workspace.services.shared;
    const at = file.cjm.indexOf(anchor) + anchor.length;
    const typed = file.cjm.slice(0, at) + 'x' + file.cjm.slice(at);
    let version = 1;
    const timing = await time({ warmup: 2, runs: RUNS * 2 }, async () => {
        // Alternate between the typed and the original text so that every run really changes the document.
        const text = version % 2 ? typed : file.cjm;
        shared.workspace.TextDocuments.set(TextDocument.create(uri, 'cjm', ++version, text));
        const started = performance.now();
        await shared.workspace.DocumentBuilder.update([workspace.document(uri)!.uri], []);
        const elapsed = performance.now() - started;
        if (workspace.document(uri)?.diagnostics === undefined) {
            throw new Error(`no diagnostics for ${uri} after the update`);
        }
        return elapsed;
    });
    return { where, timing, fullBuild, ratio: timing.median / fullBuild };
}

// ---------------------------------------------------------------- 3. completion and hover

interface EditorResult {
    what: string;
    files: number;
    cjm: Timing;
    json: Timing;
    ratio: number;
    cjmItems: number;
    jsonItems: number;
}

async function measureEditorRequests(workspace: CjmWorkspace, generated: GeneratedWorkspace, files: number): Promise<EditorResult[]> {
    const { file: name, id } = generated.probeTouchpoint;
    const file = generated.files.find(f => f.name === name)!;
    const document = workspace.document(`file:///bench/${name}.cjm`)!;
    const ownerLine = '\n      owner ';
    const cjmOffset = file.cjm.indexOf(ownerLine, file.cjm.indexOf(`touchpoint ${id} `)) + ownerLine.length;
    const cjmPosition = document.textDocument.positionAt(cjmOffset);
    const cjmHoverPosition = document.textDocument.positionAt(cjmOffset + 1);
    const textDocument = { uri: document.uri.toString() };

    const service = await createJsonService();
    const { documents } = await validateJson(service, generated.files);
    const jsonDocument = documents[generated.files.indexOf(file)];
    const jsonOwner = '"owner": "';
    const jsonOffset = file.json.indexOf(jsonOwner, file.json.indexOf(`"id": "${id}"`)) + jsonOwner.length;
    const jsonPosition = jsonDocument.text.positionAt(jsonOffset);
    const jsonHoverPosition = jsonDocument.text.positionAt(jsonOffset + 1);

    const repeat = { warmup: 5, runs: RUNS * 3 };
    // Each run is a batch of requests after one collection: a full collection right before a
    // 0.05 ms request measures the collector's lazy sweeping of the heap the request allocates in
    // (a lookup in the syntax tree takes 2 µs warm and 50 µs just after one), not the request.
    const batch = async (request: () => Promise<unknown>): Promise<number> => {
        const started = performance.now();
        for (let i = 0; i < EDITOR_BATCH; i++) {
            await request();
        }
        return (performance.now() - started) / EDITOR_BATCH;
    };
    const completion = workspace.services.lsp.CompletionProvider!;
    const hover = workspace.services.lsp.HoverProvider!;
    let cjmItems = 0;
    let jsonItems = 0;
    const [cjmCompletion, jsonCompletion] = await timeAlternately(repeat, () => batch(async () => {
        cjmItems = (await completion.getCompletion(document, { textDocument, position: cjmPosition }))?.items.length ?? 0;
    }), () => batch(async () => {
        jsonItems = (await service.doComplete(jsonDocument.text, jsonPosition, jsonDocument.json))?.items.length ?? 0;
    }));
    let cjmHovers = 0;
    let jsonHovers = 0;
    const [cjmHover, jsonHover] = await timeAlternately(repeat, () => batch(async () => {
        cjmHovers = await hover.getHoverContent(document, { textDocument, position: cjmHoverPosition }) ? 1 : 0;
    }), () => batch(async () => {
        jsonHovers = await service.doHover(jsonDocument.text, jsonHoverPosition, jsonDocument.json) ? 1 : 0;
    }));
    return [
        { what: 'completion', files, cjm: cjmCompletion, json: jsonCompletion, ratio: cjmCompletion.median / jsonCompletion.median, cjmItems, jsonItems },
        { what: 'hover', files, cjm: cjmHover, json: jsonHover, ratio: cjmHover.median / jsonHover.median, cjmItems: cjmHovers, jsonItems: jsonHovers }
    ];
}

// ---------------------------------------------------------------- 4. preview pipeline

interface PreviewResult {
    touchpoints: number;
    /** One journey with every service blueprint lane, rather than the generated workspace. */
    blueprint: boolean;
    diagrams: number;
    mermaidChars: number;
    pipeline: Timing;
    mermaid: Timing;
    ratio: number;
}

/** The preview's work on the language side: render model, then the Mermaid texts of each journey (its service blueprint too, where it has one). */
function previewTexts(document: LangiumDocument<Model>): string[] {
    const model = buildRenderModel(document);
    return model.journeys.flatMap(journey => [journeyDiagram(journey), emotionCurve(journey), stageFlow(journey), ...(hasBlueprint(journey) ? [serviceBlueprint(journey)] : [])]);
}

/**
 * The preview pipeline against Mermaid's render of the same diagrams, for the generated workspace
 * of `touchpoints`, or for one journey of that many touchpoints with every blueprint lane (Mermaid
 * lays a blueprint of hundreds of columns out in minutes, so it is rendered fewer times).
 */
async function measurePreview(browser: MermaidBrowser, touchpoints: number, blueprint = false): Promise<PreviewResult> {
    const workspace = await freshWorkspace();
    const sources = blueprint ? [{ uri: 'file:///bench/blueprint.cjm', text: blueprintJourneyText(touchpoints) }] : cjmSources(generateWorkspace(touchpoints, 1).files);
    const documents = await workspace.load(sources);
    const document = documents[documents.length - 1];
    const texts = previewTexts(document);
    const pipeline = await time({ warmup: 5, runs: RUNS * 3 }, () => {
        const started = performance.now();
        previewTexts(document);
        return performance.now() - started;
    });
    const mermaid = await time(blueprint ? { warmup: 0, runs: Math.min(RUNS, 3) } : { warmup: 1, runs: RUNS }, () => browser.render(texts));
    return { touchpoints, blueprint, diagrams: texts.length, mermaidChars: texts.join('').length, pipeline, mermaid, ratio: pipeline.median / mermaid.median };
}

// ---------------------------------------------------------------- 5. journey management

interface ManagementResult {
    what: string;
    timing: Timing;
    reference: string;
    referenceMs: number;
    ratio: number;
}

const fileOfUri = (uri: string) => uri.slice(uri.lastIndexOf('/') + 1);

/** `cjm report`'s computation from scratch: every file's summary, then the overview (the workspace is built, untimed). */
async function measureReport(workspace: CjmWorkspace, generated: GeneratedWorkspace, fullBuild: number): Promise<ManagementResult> {
    const documents = cjmSources(generated.files).map(source => workspace.document(source.uri)!);
    const day = today();
    const timing = await time(repeatFor(LARGE), () => {
        const started = performance.now();
        const overview = buildWorkspaceOverview(documents.map(document => summarizeDocument(document, day)), day, fileOfUri);
        const elapsed = performance.now() - started;
        if (overview.totals.touchpoints !== generated.touchpoints) {
            throw new Error(`the overview counts ${overview.totals.touchpoints} touchpoints, not ${generated.touchpoints}`);
        }
        return elapsed;
    });
    return { what: `report computation (${LARGE} tp / 100 files)`, timing, reference: 'full CJM build', referenceMs: fullBuild, ratio: timing.median / fullBuild };
}

/** The overview after one keystroke in a journey file, as the language server recomputes it: only that file is summarised again. */
async function measureOverviewAfterKeystroke(workspace: CjmWorkspace, generated: GeneratedWorkspace, fullBuild: number): Promise<ManagementResult> {
    const shared = workspace.services.shared;
    const documents = () => cjmSources(generated.files).map(source => workspace.document(source.uri)!);
    const file = generated.files.find(f => f.name === generated.probeTouchpoint.file)!;
    const uri = `file:///bench/${file.name}.cjm`;
    const anchor = `touchpoint ${generated.probeTouchpoint.id} "`;
    const at = file.cjm.indexOf(anchor) + anchor.length;
    const typed = file.cjm.slice(0, at) + 'x' + file.cjm.slice(at);
    const day = today();
    const cache = new WorkspaceOverviewCache();
    cache.overview(documents(), day, fileOfUri);
    let version = 1_000;
    const timing = await time({ warmup: 2, runs: RUNS * 2 }, async () => {
        shared.workspace.TextDocuments.set(TextDocument.create(uri, 'cjm', ++version, version % 2 ? typed : file.cjm));
        await shared.workspace.DocumentBuilder.update([workspace.document(uri)!.uri], []);
        const started = performance.now();
        cache.overview(documents(), day, fileOfUri);
        return performance.now() - started;
    });
    return { what: `overview after a keystroke (${LARGE} tp / 100 files)`, timing, reference: 'full CJM build', referenceMs: fullBuild, ratio: timing.median / fullBuild };
}

/**
 * Code lenses of a 1,000-touchpoint file after an edit (each run changes the text, untimed, so the
 * lenses are computed afresh), against the JSON language service's doValidation of the same content.
 */
async function measureCodeLens(): Promise<ManagementResult> {
    const generated = generateWorkspace(1_000, 1);
    const workspace = await freshWorkspace();
    await workspace.load(cjmSources(generated.files));
    const file = generated.files[1];
    const uri = `file:///bench/${file.name}.cjm`;
    const shared = workspace.services.shared;
    const lens = workspace.services.lsp.CodeLensProvider!;
    const service = await createJsonService();
    const { documents } = await validateJson(service, [file]);
    const [json] = documents;
    let version = 1;
    let lenses = 0;
    const [cjm, jsonTiming] = await timeAlternately({ warmup: 3, runs: RUNS * 2 }, async () => {
        shared.workspace.TextDocuments.set(TextDocument.create(uri, 'cjm', ++version, version % 2 ? file.cjm : `${file.cjm}\n`));
        await shared.workspace.DocumentBuilder.update([workspace.document(uri)!.uri], []);
        const document = workspace.document(uri)!;
        const started = performance.now();
        lenses = (await lens.provideCodeLens(document, { textDocument: { uri } }))?.length ?? 0;
        return performance.now() - started;
    }, async () => {
        const started = performance.now();
        await service.doValidation(json.text, json.json);
        return performance.now() - started;
    });
    if (lenses === 0) {
        throw new Error('no code lenses for the 1,000-touchpoint file');
    }
    return { what: `code lenses, 1000 tp file (${lenses} lenses)`, timing: cjm, reference: 'JSON LS doValidation', referenceMs: jsonTiming.median, ratio: cjm.median / jsonTiming.median };
}

// ---------------------------------------------------------------- 6. memory

function measureMemory(kind: 'cjm' | 'json'): MemoryReport {
    const script = fileURLToPath(new URL('./memory.ts', import.meta.url));
    const output = execFileSync(process.execPath, ['--expose-gc', script, kind, String(LARGE), '100'], { encoding: 'utf8', maxBuffer: 1 << 20 });
    return JSON.parse(output) as MemoryReport;
}

// ---------------------------------------------------------------- report

function ms(value: number): string {
    return value < 10 ? value.toFixed(2) : value < 100 ? value.toFixed(1) : value.toFixed(0);
}

function spread(t: Timing): string {
    return `${ms(t.min)} / ${ms(t.median)} / ${ms(t.max)}`;
}

function table(rows: string[][]): string {
    const widths = rows[0].map((_, c) => Math.max(...rows.map(r => r[c].length)));
    const line = (r: string[]) => `| ${r.map((cell, c) => c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c])).join(' | ')} |`;
    return [line(rows[0]), `|${widths.map(w => '-'.repeat(w + 2)).join('|')}|`, ...rows.slice(1).map(line)].join('\n');
}

interface Budget {
    name: string;
    value: number;
    limit: number;
}

async function main(): Promise<void> {
    if (!(globalThis as { gc?: unknown }).gc) {
        progress('warning: run with --expose-gc for stable numbers');
    }
    const builds: BuildResult[] = [];
    const workspaces = new Map<string, GeneratedWorkspace>();
    for (const files of FILE_COUNTS) {
        for (const touchpoints of TOUCHPOINT_COUNTS) {
            progress(`build ${touchpoints} touchpoints over ${files} files`);
            const generated = generateWorkspace(touchpoints, files);
            workspaces.set(`${touchpoints}/${files}`, generated);
            builds.push(await measureBuild(generated, files));
            collectGarbage();
        }
    }
    const large = workspaces.get(`${LARGE}/100`)!;
    const largeBuild = builds.find(b => b.touchpoints === LARGE && b.files === 100)!;

    progress('incremental edit and editor requests on the 10,000-touchpoint, 100-file workspace');
    const server = await freshWorkspace();
    await server.load(cjmSources(large.files));
    const probe = large.files.find(f => f.name === large.probeTouchpoint.file)!;
    const incremental = [
        await measureKeystroke(server, probe, `touchpoint ${large.probeTouchpoint.id} "`, largeBuild.cjm.median, 'journey file'),
        await measureKeystroke(server, large.files[0], 'quote "', largeBuild.cjm.median, 'persona library')
    ];
    const editor = await measureEditorRequests(server, large, 100);
    progress('journey management: report, overview after a keystroke, code lenses');
    const management = [
        await measureReport(server, large, largeBuild.cjm.median),
        await measureOverviewAfterKeystroke(server, large, largeBuild.cjm.median),
        await measureCodeLens()
    ];
    // The same requests with all 10,000 touchpoints in one file: completion cost grows with the file.
    const single = workspaces.get(`${LARGE}/1`)!;
    const singleServer = await freshWorkspace();
    await singleServer.load(cjmSources(single.files));
    editor.push(...await measureEditorRequests(singleServer, single, 1));

    progress('preview pipeline vs Mermaid in Chromium');
    const browser = await MermaidBrowser.launch();
    const previews: PreviewResult[] = [];
    try {
        for (const touchpoints of [10, 50]) {
            previews.push(await measurePreview(browser, touchpoints));
        }
        progress(`preview pipeline of a ${BLUEPRINT_TOUCHPOINTS}-touchpoint service blueprint vs Mermaid in Chromium (minutes)`);
        previews.push(await measurePreview(browser, BLUEPRINT_TOUCHPOINTS, true));
    } finally {
        await browser.close();
    }

    progress('the preview page (webview bundle and Mermaid) in Chromium');
    const page = await PreviewPage.launch();
    const previewPages: PreviewPageResult[] = [];
    try {
        previewPages.push(await measurePreviewPage(page, 50, 5, RUNS));
        // A journey as large as journeys get: a few runs, each takes seconds.
        previewPages.push(await measurePreviewPage(page, 300, 10, Math.max(3, Math.ceil(RUNS / 2))));
    } finally {
        await page.close();
    }
    progress(`cjm history over ${HISTORY_COMMITS} commits vs cjm check (1,000 touchpoints, 10 files, separate processes)`);
    const history: HistoryResult = await measureHistory(workspaces.get('1000/10')!, 10, HISTORY_COMMITS, { warmup: 1, runs: Math.max(3, Math.ceil(RUNS / 2)) });
    progress('web-worker server vs Node server, cold, over LSP (Chromium)');
    const startups: ServerStartupResult[] = [];
    for (const files of [10, 100]) {
        startups.push(await measureServerStartup(workspaces.get(`1000/${files}`)!, files, { warmup: 1, runs: RUNS }));
    }

    progress('memory (separate processes)');
    const memory = { cjm: measureMemory('cjm'), json: measureMemory('json') };

    const rows: string[][] = [['measurement', 'CJM ms min / median / max', 'alternative', 'alternative ms min / median / max', 'ratio', 'JSON.parse ms']];
    for (const b of builds) {
        rows.push([`build ${b.touchpoints} tp / ${b.files} files (${b.lines} lines)`, spread(b.cjm), 'JSON LS validate', spread(b.json), b.ratio.toFixed(2), ms(b.jsonParse.median)]);
    }
    for (const i of incremental) {
        rows.push([`keystroke in ${i.where} (${LARGE} tp / 100 files)`, spread(i.timing), 'full CJM build', ms(i.fullBuild), i.ratio.toFixed(3), '']);
    }
    for (const e of editor) {
        rows.push([`${e.what} at owner ref (${LARGE} tp / ${e.files} files) [items ${e.cjmItems} vs ${e.jsonItems}]`, spread(e.cjm), `JSON LS ${e.what === 'hover' ? 'doHover' : 'doComplete'}`, spread(e.json), e.ratio.toFixed(2), '']);
    }
    for (const p of previews) {
        rows.push([`preview ${p.touchpoints} tp${p.blueprint ? ', every blueprint lane' : ''} (${p.diagrams} diagrams)`, spread(p.pipeline), 'Mermaid render', spread(p.mermaid), p.ratio.toFixed(3), '']);
    }
    for (const p of previewPages) {
        rows.push([`preview page ${p.touchpoints} tp: redraw after a one-touchpoint edit`, spread(p.editRedraw), 'first picture', spread(p.firstPicture), p.ratio.toFixed(3), '']);
    }
    for (const m of management) {
        rows.push([m.what, spread(m.timing), m.reference, ms(m.referenceMs), m.ratio.toFixed(3), '']);
    }
    rows.push([`cjm history, ${history.commits} commits (${history.touchpoints} tp / ${history.files} files) [${history.rows} rows]`, spread(history.history), 'cjm check', spread(history.check), history.ratio.toFixed(2), '']);
    for (const startup of startups) {
        rows.push([`server startup ${startup.touchpoints} tp / ${startup.files} files, web worker vs Node`, spread(startup.worker), 'Node server', spread(startup.node), startup.ratio.toFixed(2), '']);
    }
    const mb = (r: MemoryReport) => `heap ${(r.heapAfter - r.heapBefore).toFixed(0)} MB, rss ${r.rssAfter.toFixed(0)} MB (peak ${r.peakRss.toFixed(0)})`;
    rows.push([`memory holding ${LARGE} tp (after gc)`, mb(memory.cjm), 'JSON LS', mb(memory.json), ((memory.cjm.heapAfter - memory.cjm.heapBefore) / (memory.json.heapAfter - memory.json.heapBefore)).toFixed(2), '']);

    const budgets: Budget[] = [];
    for (const b of builds.filter(b => b.touchpoints === LARGE)) {
        budgets.push({ name: `build CJM/JSON at ${LARGE} tp, ${b.files} files`, value: b.ratio, limit: 1.0 });
    }
    for (const i of incremental.filter(i => i.where === 'journey file')) {
        budgets.push({ name: 'keystroke / full build', value: i.ratio, limit: 0.1 });
    }
    for (const completion of editor.filter(e => e.what === 'completion')) {
        budgets.push({ name: `completion CJM/JSON, ${completion.files} files`, value: completion.ratio, limit: 1.0 });
    }
    for (const p of previews) {
        budgets.push({ name: `preview / Mermaid render, ${p.touchpoints} tp${p.blueprint ? ' with every blueprint lane' : ''}`, value: p.ratio, limit: 0.1 });
    }
    for (const p of previewPages.filter(p => p.touchpoints === 50)) {
        budgets.push({ name: 'preview page, one-touchpoint edit / full redraw, 50 tp', value: p.ratio, limit: 0.35 });
    }
    const [report, overviewKeystroke, codeLens] = management;
    budgets.push(
        { name: 'report computation / full build', value: report.ratio, limit: 0.5 },
        { name: 'overview after a keystroke / full build', value: overviewKeystroke.ratio, limit: 0.1 },
        { name: 'code lenses 1000 tp / JSON doValidation', value: codeLens.ratio, limit: 1.0 }
    );
    budgets.push({ name: `cjm history of ${history.commits} commits / cjm check, ${history.touchpoints} tp`, value: history.ratio, limit: 20 });
    for (const startup of startups) {
        budgets.push({ name: `web-worker / Node server startup, ${startup.touchpoints} tp, ${startup.files} files`, value: startup.ratio, limit: 1.5 });
    }
    for (const files of FILE_COUNTS) {
        const at = (tp: number) => builds.find(b => b.files === files && b.touchpoints === tp)!.cjm.median;
        for (const [small, big] of [[100, 1_000], [1_000, 10_000]]) {
            budgets.push({ name: `scaling ${small}→${big} tp, ${files} files (time ×)`, value: at(big) / at(small), limit: 12 });
        }
    }

    const cjmErrors = builds.reduce((sum, b) => sum + b.cjmDiagnostics.errors, 0);
    const jsonErrors = builds.reduce((sum, b) => sum + b.jsonDiagnostics, 0);
    const largest = builds.find(b => b.touchpoints === LARGE && b.files === 100)!.cjmDiagnostics;
    process.stdout.write(`${table(rows)}\n\n`);
    process.stdout.write(`Diagnostics per build of ${LARGE} tp / 100 files: ${largest.errors} errors, ${largest.warnings} warnings, ${largest.other} information; JSON: ${jsonErrors} over all builds.\n`);
    if (cjmErrors > 0) {
        process.stdout.write(`NOTE: the generated CJM has ${cjmErrors} errors over all builds; the workspaces are meant to be error-free.\n`);
    }
    for (const budget of budgets) {
        process.stdout.write(`${budget.value <= budget.limit ? 'PASS' : 'FAIL'}  ${budget.name}: ${budget.value.toFixed(3)} (limit ${budget.limit})\n`);
    }

    const results = {
        date: new Date().toISOString(),
        commit: execFileSync('git', ['rev-parse', 'HEAD'], { cwd: REPOSITORY, encoding: 'utf8' }).trim(),
        node: process.version,
        cpu: cpus()[0]?.model,
        cpus: cpus().length,
        runs: RUNS,
        builds, incremental, editor, previews, previewPages, management, history, startups, memory, budgets
    };
    const folder = `${REPOSITORY}bench-results/`;
    mkdirSync(folder, { recursive: true });
    const file = `${folder}bench-${results.date.replace(/[:.]/g, '-')}.json`;
    writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
    process.stdout.write(`\nResults written to ${file}\n`);
}

await main();
