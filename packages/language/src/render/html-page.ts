import type { RenderJourney, RenderModel } from './render-model.types.js';
import { escapeHtml } from './escape.js';
import { GRID_CSS, gridHtml } from './grid.js';
import { emotionCurve, emotionCurveLines } from './mermaid/emotion-curve.js';
import { journeyDiagram } from './mermaid/journey-diagram.js';
import { hasBlueprint, serviceBlueprint } from './mermaid/service-blueprint.js';
import { stageFlow } from './mermaid/stage-flow.js';
import { hasPortfolio, journeyPortfolio, portfolioDiagram, portfolioTableHtml } from './portfolio.js';

/** Options of renderHtmlPage. */
export interface HtmlPageOptions {
    /** The text of `mermaid/dist/mermaid.min.js` (UMD), inlined so the page needs no network. */
    mermaidScript: string;
    theme?: 'default' | 'dark';
}

/**
 * One self-contained HTML page: every journey's diagrams (drawn in the page by the inlined
 * Mermaid, `securityLevel: 'strict'`) and grid, under a CSP that only runs this page's scripts.
 */
export function renderHtmlPage(model: RenderModel, options: HtmlPageOptions): string {
    const diagrams: PageDiagram[] = [];
    const sections = model.journeys.map((journey, j) => journeySectionHtml(journey, `cjm-j${j}`, diagrams));
    const banner = errorBannerHtml(model);
    const title = model.journeys.map(j => j.title).join(', ') || 'Customer journey map';
    return htmlDocument({ ...options, title, body: `${banner}\n${sections.join('\n')}`, diagrams, css: GRID_CSS });
}

/** A Mermaid diagram of a page: the id of the element it is drawn into, and its text. */
export interface PageDiagram {
    id: string;
    text: string;
}

/** What htmlDocument wraps: the page's title (plain text), its body (HTML, user text already escaped) and diagrams. */
export interface HtmlDocumentContent extends HtmlPageOptions {
    title: string;
    body: string;
    diagrams: PageDiagram[];
    /** Style sheet text added to the page's own. */
    css?: string;
}

/**
 * The page every HTML output shares: the CSP (only this page's nonce runs script; no network), the
 * inlined Mermaid, and a script that draws each diagram into the element with its id.
 */
export function htmlDocument(content: HtmlDocumentContent): string {
    const theme = content.theme ?? 'default';
    const nonce = createNonce();
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-${nonce}'; style-src 'unsafe-inline'; img-src data:; font-src data:; form-action 'none'; base-uri 'none'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(content.title)}</title>
<style>${PAGE_CSS}${content.css ?? ''}${theme === 'dark' ? DARK_CSS : ''}${PRINT_CSS}</style>
</head>
<body class="cjm-theme-${theme}">
${content.body}
<script type="application/json" id="cjm-diagrams">${jsonForScript(content.diagrams)}</script>
<script nonce="${nonce}">${content.mermaidScript.replace(/<\/(script)/gi, '<\\/$1')}</script>
<script nonce="${nonce}">${drawScript(theme)}</script>
</body>
</html>
`;
}

/** A captioned figure whose diagram the page draws; the diagram joins `diagrams`. `caption` is plain text, `legend` HTML after the drawing. */
export function diagramFigure(diagrams: PageDiagram[], id: string, caption: string, text: string, legend = ''): string {
    diagrams.push({ id, text });
    return `<figure class="cjm-diagram"><figcaption>${escapeHtml(caption)}</figcaption><div id="${escapeHtml(id)}" class="cjm-diagram-canvas"></div>${legend}</figure>`;
}

/** The banner over a map with errors: how many, and the first with its line (empty without errors). */
export function errorBannerHtml(model: RenderModel): string {
    return model.errorCount > 0
        ? `<p class="cjm-errors" role="alert">This map has ${model.errorCount} error${model.errorCount === 1 ? '' : 's'}; the drawing may be incomplete.${model.firstError ? ` First, at line ${model.firstError.range.start.line + 1}: ${escapeHtml(model.firstError.message)}` : ''}</p>`
        : '';
}

/**
 * One journey as HTML: its title, description and personas, a figure for each diagram with an
 * empty canvas (`<idPrefix>-<diagram>`, added to `diagrams` with its Mermaid text for the caller
 * to draw) and the grid. Every user string is escaped.
 */
export function journeySectionHtml(journey: RenderJourney, idPrefix: string, diagrams: PageDiagram[]): string {
    const figure = (kind: string, caption: string, text: string, legend = '') => diagramFigure(diagrams, `${idPrefix}-${kind}`, caption, text, legend);
    const personas = journey.personas.map(p => `<li>${escapeHtml(p.title ?? p.id)}${p.role ? ` <span class="cjm-meta">${escapeHtml(p.role)}</span>` : ''}</li>`).join('');
    const entries = hasPortfolio(journey) ? journeyPortfolio(journey) : [];
    return [
        `<section class="cjm-journey" id="cjm-journey-${escapeHtml(journey.id)}" data-id="${escapeHtml(journey.id)}">`,
        `<h1>${escapeHtml(journey.title)}</h1>`,
        journey.description ? `<p>${escapeHtml(journey.description)}</p>` : '',
        journeyManagementHtml(journey),
        personas ? `<ul class="cjm-personas">${personas}</ul>` : '',
        figure('journey', 'Journey', journeyDiagram(journey)),
        figure('emotion', 'Emotion curve', emotionCurve(journey), emotionLegend(journey)),
        figure('flow', 'Stage flow', stageFlow(journey)),
        hasBlueprint(journey) ? figure('blueprint', 'Service blueprint', serviceBlueprint(journey)) : '',
        `<div class="cjm-grid-scroller">${gridHtml(journey)}</div>`,
        entries.length > 0 ? figure('portfolio', 'Opportunity portfolio', portfolioDiagram(entries)) + portfolioTableHtml(entries, false) : '',
        '</section>'
    ].filter(Boolean).join('\n');
}

/** The journey's owner and review date, the date marked when stale. */
function journeyManagementHtml(journey: RenderJourney): string {
    const parts = [
        journey.owner !== undefined ? `Owner: <code>${escapeHtml(journey.owner)}</code>` : '',
        journey.reviewed !== undefined ? `Reviewed: ${escapeHtml(journey.reviewed)}${journey.reviewedStale ? ' <span class="cjm-stale">stale</span>' : ''}` : ''
    ].filter(Boolean);
    return parts.length > 0 ? `<p class="cjm-meta cjm-management">${parts.join(' · ')}</p>` : '';
}

/** The emotion curve's legend in text: each line's colour as a swatch and a word, and what it stands for. */
function emotionLegend(journey: RenderJourney): string {
    const items = emotionCurveLines(journey).lines.map(line =>
        `<li><span class="cjm-swatch" style="background:${line.colour}"></span> ${line.colourName}: ${escapeHtml(line.label)}</li>`);
    return `<ul class="cjm-legend" aria-label="Lines of the emotion curve">${items.join('')}</ul>`;
}

/** Renders each diagram from the JSON block; a failed diagram shows its error as text, not as markup. */
function drawScript(theme: string): string {
    return `(async () => {
  const diagrams = JSON.parse(document.getElementById('cjm-diagrams').textContent);
  mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', htmlLabels: false, flowchart: { htmlLabels: false }, theme: ${JSON.stringify(theme)}, suppressErrorRendering: true, ...${JSON.stringify(MERMAID_LIMITS)} });
  for (const { id, text } of diagrams) {
    const canvas = document.getElementById(id);
    try {
      const { svg } = await mermaid.render(id + '-svg', text);
      canvas.innerHTML = svg;
    } catch (error) {
      canvas.textContent = 'Could not draw this diagram: ' + (error && error.message ? error.message : String(error));
    }
  }
  document.body.dataset.rendered = 'true';
})();`;
}

/** JSON inside a `<script>` element: `<` is written as `\\u003c` so no text can close the element. */
export function jsonForScript(value: unknown): string {
    return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** A fresh CSP nonce: 128 random bits, base64 (Web Crypto, in Node and in browsers alike). */
export function createNonce(): string {
    const bytes = new Uint8Array(16);
    globalThis.crypto.getRandomValues(bytes);
    return btoa(String.fromCharCode(...bytes));
}

/**
 * Mermaid's limits of links and of text per diagram, raised for big journeys: a service blueprint
 * has up to five links per touchpoint (Mermaid's default is 500 links, 50,000 characters).
 */
export const MERMAID_LIMITS = { maxEdges: 20_000, maxTextSize: 2_000_000 } as const;

const PAGE_CSS = `
.cjm-legend { list-style: none; display: flex; flex-wrap: wrap; gap: 4px 16px; padding: 0; margin: 4px 0 0; }
.cjm-swatch { display: inline-block; width: 24px; height: 4px; vertical-align: middle; border-radius: 2px; }
body { font: 14px/1.5 system-ui, sans-serif; margin: 24px; color: #1f1f1f; background: #fff; }
.cjm-errors { background: #fde7e7; border: 1px solid #e0a0a0; padding: 8px 12px; }
.cjm-diagram { margin: 16px 0; overflow-x: auto; }
.cjm-diagram figcaption { font-weight: 600; margin-bottom: 8px; }
.cjm-grid-scroller { overflow-x: auto; }
.cjm-meta { color: #666; }
.cjm-stale, .cjm-overdue { color: #a4262c; font-weight: 600; }
.cjm-table { border-collapse: collapse; margin: 8px 0 16px; }
.cjm-table th, .cjm-table td { border: 1px solid #c8c8c8; padding: 4px 8px; text-align: left; vertical-align: top; }
`;

/**
 * Printed (the PDF, or a browser's Print): each journey from a new page, every diagram with its
 * caption on one page and shrunk to fit it rather than cut, and the grid's columns shared out
 * across the page with its text wrapped, lanes kept whole where they fit.
 */
const PRINT_CSS = `
@media print {
  body { margin: 0; }
  .cjm-journey + .cjm-journey { break-before: page; }
  .cjm-diagram { overflow: visible; break-inside: avoid; }
  .cjm-diagram svg { width: 100% !important; max-width: 100% !important; height: auto; max-height: 80vh; }
  .cjm-grid-scroller { overflow: visible; }
  .cjm-grid { width: 100%; table-layout: fixed; }
  .cjm-grid th, .cjm-grid td { min-width: 0; overflow-wrap: anywhere; }
  .cjm-grid tr { break-inside: avoid; }
}
`;

const DARK_CSS = `
body { color: #e6e6e6; background: #1e1e1e; }
.cjm-meta, .cjm-grid .cjm-meta { color: #aaa; }
.cjm-grid th, .cjm-grid td { border-color: #444; }
.cjm-grid thead th, .cjm-grid tbody th { background: #2a2a2a; }
.cjm-grid .cjm-emotion { color: #1f1f1f; }
.cjm-errors { background: #4a1f1f; border-color: #a05050; }
.cjm-table th, .cjm-table td { border-color: #444; }
.cjm-stale, .cjm-overdue, .cjm-grid .cjm-stale, .cjm-grid .cjm-overdue { color: #f1707b; }
.cjm-grid .cjm-subjourney { color: #6cb6ff; }
`;
