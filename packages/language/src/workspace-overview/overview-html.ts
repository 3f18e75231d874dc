import { escapeHtml } from '../render/escape.js';
import type { HtmlPageOptions } from '../render/html-page.js';
import { htmlDocument } from '../render/html-page.js';
import { portfolioDiagram, portfolioTableHtml } from '../render/portfolio.js';
import type { SourceRange } from '../render/render-model.types.js';
import type { OverviewPlace, WorkspaceOverview } from './overview-model.types.js';
import { JOURNEY_COLUMNS, journeyCells, METRIC_COLUMNS, metricCells, overviewSummary, totalCells, treeRows, usedBy } from './overview-text.js';

/** The id of the element the portfolio chart is drawn into. */
export const PORTFOLIO_CANVAS_ID = 'cjm-overview-portfolio';

/** The overview's HTML (escaped) and the Mermaid text of its portfolio chart, when there are opportunities. */
export interface OverviewHtml {
    html: string;
    portfolio?: string;
}

/**
 * The overview as HTML for a page or a webview: tables whose rows carry where their element is
 * (`data-uri`, `data-range`, zero-based `line:char-line:char`), journey titles as links
 * (`role="link"`, `data-cjm-journey`) and an empty canvas for the portfolio chart.
 */
export function overviewHtml(overview: WorkspaceOverview): OverviewHtml {
    const files = new Set(overview.journeys.map(j => j.uri)).size;
    const titles = new Map(overview.journeys.map(j => [j.id, j.title]));
    const parts = [`<p class="cjm-meta cjm-overview-summary">${escapeHtml(overviewSummary(overview, files))}</p>`, '<h2>Journeys</h2>'];
    if (overview.journeys.length === 0) {
        parts.push('<p class="cjm-empty">No journeys.</p>');
    } else {
        const rows = treeRows(overview).map(({ journey, depth, cycle, repeated }) => {
            const title = `<span class="cjm-journey-link" role="link" tabindex="0" title="Open this journey">${escapeHtml(journey.title)}</span>`;
            const mark = depth > 0 ? '↳ ' : '';
            const note = cycle ? ' <span class="cjm-cycle">↻ cycle: already above</span>' : repeated ? ' <span class="cjm-meta">(its subjourneys are above)</span>' : '';
            const head = `<th scope="row" style="padding-left: ${0.5 + depth * 1.5}em">${mark}${title}${note}</th>`;
            const cells = cycle ? journeyCells(journey).map(() => '<td></td>') : journeyCells(journey).map((text, i) => {
                const stale = i === JOURNEY_COLUMNS.length - 2 && journey.reviewedStale ? ' <span class="cjm-stale">stale</span>' : '';
                return i === 0 ? `<td><span class="cjm-reveal" role="link" tabindex="0" title="Show in its file">${escapeHtml(text)}</span></td>` : `<td>${escapeHtml(text)}${stale}</td>`;
            });
            return `<tr class="cjm-journey-row${cycle ? ' cjm-cycle-row' : ''}" data-cjm-journey="${escapeHtml(journey.id)}"${placeAttributes(journey)}>${head}${cells.join('')}</tr>`;
        });
        const totals = `<tr class="cjm-totals"><th scope="row">Total</th>${totalCells(overview.totals, files).map(text => `<td>${escapeHtml(text)}</td>`).join('')}</tr>`;
        parts.push(table('cjm-journeys', JOURNEY_COLUMNS, [...rows, totals]));
    }
    parts.push('<h2>Opportunity portfolio</h2>');
    if (overview.portfolio.length === 0) {
        parts.push('<p class="cjm-empty">No opportunities.</p>');
    } else {
        parts.push(`<figure class="cjm-diagram"><div id="${PORTFOLIO_CANVAS_ID}" class="cjm-diagram-canvas"></div></figure>`, portfolioTableHtml(overview.portfolio, true).trimEnd());
    }
    parts.push('<h2>Insights</h2>');
    if (overview.insights.length === 0) {
        parts.push('<p class="cjm-empty">No insights.</p>');
    } else {
        parts.push(table('cjm-insights', ['Insight', 'Source', 'Date', 'Sample', 'Backs', 'Journeys'], overview.insights.map(insight => {
            const backs = usedBy(insight.pains, insight.touchpoints, insight.journeys.length);
            const cells = [
                `<td>${escapeHtml(insight.title)}</td>`,
                `<td>${escapeHtml(insight.source ?? '—')}</td>`,
                `<td>${escapeHtml(insight.date ?? '—')}${insight.stale ? ' <span class="cjm-stale">stale</span>' : ''}</td>`,
                `<td>${insight.sample === undefined ? '—' : escapeHtml(String(insight.sample))}</td>`,
                `<td>${backs === 'unused' ? '<span class="cjm-unused">unused</span>' : escapeHtml(backs)}</td>`,
                `<td>${escapeHtml(insight.journeys.map(id => titles.get(id) ?? id).join(', ') || '—')}</td>`
            ];
            return `<tr class="cjm-insight"${placeAttributes(insight)}>${cells.join('')}</tr>`;
        })));
    }
    parts.push('<h2>Metrics</h2>');
    if (overview.metrics.length === 0) {
        parts.push('<p class="cjm-empty">No metrics.</p>');
    } else {
        parts.push(table('cjm-metrics', METRIC_COLUMNS, overview.metrics.map(metric => {
            const cells = metricCells(metric, titles.get(metric.journey) ?? metric.journey).map((text, i) =>
                `<td${i === METRIC_COLUMNS.length - 1 ? ` class="cjm-verdict-${metric.verdict}"` : ''}>${escapeHtml(text)}</td>`);
            return `<tr class="cjm-metric"${placeAttributes(metric)}>${cells.join('')}</tr>`;
        })));
    }
    return {
        html: `<div class="cjm-overview">\n${parts.join('\n')}\n</div>\n`,
        ...(overview.portfolio.length > 0 ? { portfolio: portfolioDiagram(overview.portfolio) } : {})
    };
}

/** The overview as one self-contained page (`cjm report --format html`), under the same CSP as `cjm render`'s. */
export function renderOverviewPage(overview: WorkspaceOverview, options: HtmlPageOptions): string {
    const { html, portfolio } = overviewHtml(overview);
    return htmlDocument({
        ...options,
        title: 'Workspace overview',
        body: `<h1>Workspace overview</h1>\n${html}`,
        diagrams: portfolio ? [{ id: PORTFOLIO_CANVAS_ID, text: portfolio }] : []
    });
}

function table(className: string, columns: readonly string[], rows: readonly string[]): string {
    return [
        `<table class="cjm-table ${className}">`,
        `<thead><tr>${columns.map(column => `<th scope="col">${escapeHtml(column)}</th>`).join('')}</tr></thead>`,
        `<tbody>\n${rows.join('\n')}\n</tbody>`,
        '</table>'
    ].join('\n');
}

function placeAttributes(place: OverviewPlace): string {
    return ` data-uri="${escapeHtml(place.uri)}" data-range="${rangeText(place.range)}"`;
}

function rangeText({ start, end }: SourceRange): string {
    return `${start.line}:${start.character}-${end.line}:${end.character}`;
}
