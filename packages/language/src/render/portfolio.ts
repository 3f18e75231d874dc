import type { RenderJourney, RenderOpportunity, SourceRange } from './render-model.types.js';
import { escapeHtml, escapeMarkdownText } from './escape.js';
import { placeable, portfolioChart } from './mermaid/portfolio.js';

/** One opportunity of the portfolio, with where it is: its journey and touchpoint. */
export interface PortfolioEntry extends RenderOpportunity {
    journeyId: string;
    journeyTitle: string;
    touchpointId: string;
    touchpointTitle: string;
    /** The document the opportunity is written in (the overview's entries know it). */
    uri?: string;
}

/** Every opportunity of a journey, in journey order. */
export function journeyPortfolio(journey: RenderJourney, uri?: string): PortfolioEntry[] {
    return journey.stages.flatMap(stage => stage.touchpoints.flatMap(t => t.opportunities.map(o => ({
        ...o,
        journeyId: journey.id,
        journeyTitle: journey.title,
        touchpointId: t.id,
        touchpointTitle: t.title,
        ...(uri !== undefined ? { uri } : {})
    }))));
}

/** Whether a journey gets its own portfolio (§6): any opportunity rated on both impact and effort. */
export function hasPortfolio(journey: RenderJourney): boolean {
    return journey.stages.some(stage => stage.touchpoints.some(t => t.opportunities.some(o => o.impact !== undefined && o.effort !== undefined)));
}

/** The quadrant chart of a set of opportunities (the rated ones that are not done). */
export function portfolioDiagram(entries: readonly RenderOpportunity[]): string {
    return portfolioChart(placeable(entries));
}

/** What a row of the table beside the chart shows: an entry of one journey's portfolio, or of the workspace's. */
export type PortfolioRow = Pick<RenderOpportunity, 'text' | 'impact' | 'effort' | 'owner' | 'status' | 'ticket' | 'due' | 'overdue'> & {
    journeyTitle: string;
    touchpointTitle: string;
    range: SourceRange;
    uri?: string;
};

/** The columns of the table beside the chart; `Journey` only where the table spans several. */
const COLUMNS = ['Opportunity', 'Journey', 'Touchpoint', 'Impact', 'Effort', 'Owner', 'Status', 'Ticket', 'Due'] as const;

function cells(entry: PortfolioRow): Record<(typeof COLUMNS)[number], { text: string; warning?: string }> {
    return {
        Opportunity: { text: entry.text },
        Journey: { text: entry.journeyTitle },
        Touchpoint: { text: entry.touchpointTitle },
        Impact: { text: entry.impact ?? '—' },
        Effort: { text: entry.effort ?? '—' },
        Owner: { text: entry.owner ?? '—' },
        Status: { text: entry.status ?? 'idea' },
        Ticket: { text: entry.ticket ?? '—' },
        Due: { text: entry.due ?? '—', ...(entry.overdue ? { warning: 'overdue' } : {}) }
    };
}

/** The table of every opportunity as GitHub Markdown. */
export function portfolioTableMarkdown(entries: readonly PortfolioRow[], withJourney: boolean): string {
    const columns = COLUMNS.filter(column => withJourney || column !== 'Journey');
    const rows = entries.map(entry => {
        const row = cells(entry);
        return `| ${columns.map(column => `${escapeMarkdownText(row[column].text)}${row[column].warning ? ` **${row[column].warning}**` : ''}`).join(' | ')} |`;
    });
    return [`| ${columns.join(' | ')} |`, `|${columns.map(() => '---').join('|')}|`, ...rows].join('\n') + '\n';
}

/** The table of every opportunity as HTML; each row carries its source range (`data-range`) and document (`data-uri`). */
export function portfolioTableHtml(entries: readonly PortfolioRow[], withJourney: boolean): string {
    const columns = COLUMNS.filter(column => withJourney || column !== 'Journey');
    const rows = entries.map(entry => {
        const row = cells(entry);
        const { start, end } = entry.range;
        const uri = entry.uri !== undefined ? ` data-uri="${escapeHtml(entry.uri)}"` : '';
        const tds = columns.map(column => `<td>${escapeHtml(row[column].text)}${row[column].warning ? ` <span class="cjm-${row[column].warning}">${row[column].warning}</span>` : ''}</td>`);
        return `<tr class="cjm-opportunity" data-range="${start.line}:${start.character}-${end.line}:${end.character}"${uri}>${tds.join('')}</tr>`;
    });
    return [
        '<table class="cjm-table cjm-portfolio">',
        `<thead><tr>${columns.map(column => `<th scope="col">${column}</th>`).join('')}</tr></thead>`,
        `<tbody>${rows.join('\n')}</tbody>`,
        '</table>'
    ].join('\n') + '\n';
}
