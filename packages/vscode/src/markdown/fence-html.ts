import type { PageDiagram, RenderModel } from '@cjm/language';
import { errorBannerHtml, escapeHtml, journeySectionHtml } from '@cjm/language';

/** Where a ```cjm fence's map is: asked of the language server, drawn, or failed. */
export type FenceState = { kind: 'drawing' } | { kind: 'failed'; reason: string } | { kind: 'drawn'; model: RenderModel };

/**
 * The HTML a ```cjm fence becomes in VS Code's Markdown preview: the journeys as the CLI's HTML
 * page shows them (title, personas, a figure per diagram, the grid, the error banner), every user
 * string escaped by the language package. Each diagram's Mermaid text waits in a hidden `<pre>`
 * beside its empty canvas for the preview script (markdown-preview/index.ts) to draw: the preview
 * runs no script of the page's own. `id` is unique in the document; `line` is the fence's first
 * line, for the preview's scroll sync.
 */
export function fenceHtml(state: FenceState, id: string, line: number | undefined): string {
    const open = `<div class="cjm-fence${line === undefined ? '' : ' code-line'}" id="${escapeHtml(id)}"${line === undefined ? '' : ` data-line="${line}"`}>`;
    switch (state.kind) {
        case 'drawing':
            return `${open}<p class="cjm-fence-note">Drawing the map…</p></div>\n`;
        case 'failed':
            return `${open}<p class="cjm-errors" role="alert">The map could not be drawn: ${escapeHtml(state.reason)}</p></div>\n`;
        case 'drawn':
            return `${open}${drawnHtml(state.model, id)}</div>\n`;
    }
}

function drawnHtml(model: RenderModel, id: string): string {
    if (model.journeys.length === 0) {
        return `${errorBannerHtml(model)}<p class="cjm-fence-note">This cjm block has no journey to draw.</p>`;
    }
    const sources: string[] = [];
    const sections = model.journeys.map((journey, index) => {
        const diagrams: PageDiagram[] = [];
        const html = journeySectionHtml(journey, `${id}-j${index}`, diagrams);
        // The emotion curve makes room for its x-axis labels, as the preview's does (and turns them
        // past a width): they follow its source as JSON text (user text stays out of attributes).
        const labels = journey.stages.flatMap((stage) => stage.touchpoints).map((touchpoint) => touchpoint.title.trim() || touchpoint.id);
        for (const diagram of diagrams) {
            sources.push(`<pre class="cjm-fence-source" hidden data-canvas="${escapeHtml(diagram.id)}">${escapeHtml(diagram.text)}</pre>`);
            if (diagram.id.endsWith('-emotion')) {
                sources.push(`<pre class="cjm-fence-curve-labels" hidden>${escapeHtml(JSON.stringify(labels))}</pre>`);
            }
        }
        return html;
    });
    return [errorBannerHtml(model), ...sections, ...sources].join('\n');
}
