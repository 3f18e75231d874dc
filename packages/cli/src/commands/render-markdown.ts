import { stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { buildRenderModel, renderMarkdown, type RenderModel } from '@cjm/language';
import { EXIT, UsageError } from '../io/cli-error.js';
import { loadWorkspace } from '../io/load-workspace.js';
import { displayPath } from '../io/paths.js';
import { readTextInput, startsWithBom } from '../io/read-input.js';
import { writeOutputAtomically } from '../io/write-output.js';
import { workspaceRootFor, type WorkspaceRoot } from '../io/workspace-root.js';
import { blockContent, currentContent, fillBlocks, findBlocks, type MarkdownBlock } from '../markdown/markdown-blocks.js';
import { plural } from '../text/plural.js';
import { syntaxErrorLine } from '../check/pretty-reporter.js';

/** Markdown files `cjm render` fills instead of drawing. */
export function isMarkdownFile(path: string): boolean {
    return /\.(md|markdown)$/i.test(path);
}

/** The largest Markdown file filled: a document people write is far smaller; a bigger file is likely not the one meant (a log, a dump). */
export const MAX_MARKDOWN_BYTES = 10 * 1024 * 1024;

/**
 * `cjm render doc.md`: fills every `<!-- cjm: … -->` … `<!-- /cjm -->` block with the Markdown
 * `cjm render --format md` writes for the map, journey and parts it names, rewriting the file
 * (atomically) only when a block changed. With --check, writes nothing and returns 1 when a block
 * is out of date. Every marker is resolved before anything is written, so a bad one leaves the file as it was.
 */
export async function runRenderMarkdown(file: string, options: { check?: boolean; root?: string }): Promise<number> {
    const path = resolve(file);
    const shown = displayPath(path);
    const size = (await stat(path).catch(() => undefined))?.size ?? 0;
    if (size > MAX_MARKDOWN_BYTES) {
        throw new UsageError(`${shown} is ${(size / 1024 / 1024).toFixed(1)} MB; cjm fills Markdown files of up to ${MAX_MARKDOWN_BYTES / 1024 / 1024} MB (is it the document you meant?)`);
    }
    const text = await readTextInput(path);
    const marked = findBlocks(text, shown);
    if (marked.blocks.length === 0) {
        process.stderr.write(`cjm: note: ${shown} has no <!-- cjm: MAP.cjm#JOURNEY --> … <!-- /cjm --> blocks to fill\n`);
        return EXIT.ok;
    }
    const models = await loadBlockMaps(path, marked.blocks, options.root);
    const broken = new Set<string>();
    const contents = marked.blocks.map(block => {
        const { model, map } = models.get(block)!;
        if (model.firstSyntaxError && !broken.has(map)) {
            broken.add(map);
            process.stderr.write(syntaxErrorLine(displayPath(map), model.firstSyntaxError));
        }
        return blockContent(renderMarkdown(model, { journey: block.journey, parts: block.parts }), marked.eol);
    });
    const stale = marked.blocks.filter((block, i) => currentContent(marked, block) !== contents[i]);
    if (options.check) {
        for (const block of stale) {
            process.stdout.write(`${shown}:${block.line}: the block of ${block.target} is out of date\n`);
        }
        if (stale.length > 0) {
            process.stderr.write(`${plural(stale.length, 'block')} of ${marked.blocks.length} out of date; run cjm render ${shown} to update.\n`);
        }
    } else if (stale.length > 0) {
        // The text was read without its byte order mark; an editor that wrote one expects it kept.
        await writeOutputAtomically(path, (await startsWithBom(path) ? '\uFEFF' : '') + fillBlocks(marked, contents));
        process.stdout.write(`updated ${shown} (${stale.length} of ${plural(marked.blocks.length, 'block')})\n`);
    }
    // Like `cjm render` of a map that does not parse: drawn from error recovery, but the run fails.
    return broken.size > 0 || (options.check && stale.length > 0) ? EXIT.findings : EXIT.ok;
}

/**
 * The render model each block names, with the maps of each workspace loaded together (so a map
 * links against its persona library as in the editor). A missing map or journey is a UsageError
 * naming the Markdown file and the marker's line.
 */
async function loadBlockMaps(markdown: string, blocks: MarkdownBlock[], root: string | undefined): Promise<Map<MarkdownBlock, { model: RenderModel; map: string }>> {
    const shown = displayPath(markdown);
    const markdownRoot = await workspaceRootFor(markdown, { root });
    const maps = new Map<MarkdownBlock, string>();
    const byRoot = new Map<string, { root: WorkspaceRoot; maps: Set<string> }>();
    for (const block of blocks) {
        // As GitHub resolves links in Markdown: relative to the file, or from the top with a leading `/`.
        const map = block.path.startsWith('/') ? resolve(markdownRoot.folder, `.${block.path}`) : resolve(dirname(markdown), block.path);
        if (!map.endsWith('.cjm')) {
            throw new UsageError(`${shown}:${block.line}: ${block.path} is not a .cjm file`);
        }
        await readTextInput(map).catch((error: unknown) => {
            throw new UsageError(`${shown}:${block.line}: ${error instanceof Error ? error.message : String(error)}`);
        });
        maps.set(block, map);
        const mapRoot = await workspaceRootFor(map, { root });
        const group = byRoot.get(mapRoot.folder) ?? { root: mapRoot, maps: new Set<string>() };
        group.maps.add(map);
        byRoot.set(mapRoot.folder, group);
    }
    const documents = new Map<string, RenderModel>();
    for (const group of byRoot.values()) {
        const loaded = await loadWorkspace([...group.maps], [group.root]);
        group.maps.forEach(map => documents.set(map, buildRenderModel(loaded.documents.get(map)!)));
    }
    const result = new Map<MarkdownBlock, { model: RenderModel; map: string }>();
    for (const block of blocks) {
        const map = maps.get(block)!;
        const model = documents.get(map)!;
        const known = model.journeys.map(j => j.id);
        if (block.journey !== undefined && !known.includes(block.journey)) {
            throw new UsageError(`${shown}:${block.line}: no journey ${block.journey} in ${block.path} (journeys: ${known.join(', ') || 'none'})`);
        }
        if (known.length === 0) {
            throw new UsageError(`${shown}:${block.line}: ${block.path} has no journey to render`);
        }
        result.set(block, { model, map });
    }
    return result;
}
