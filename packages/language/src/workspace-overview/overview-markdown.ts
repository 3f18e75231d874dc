import { escapeMarkdownText } from '../render/escape.js';
import { mermaidFence as fence } from '../render/markdown.js';
import { portfolioDiagram, portfolioTableMarkdown } from '../render/portfolio.js';
import type { WorkspaceOverview } from './overview-model.types.js';
import { JOURNEY_COLUMNS, journeyCells, METRIC_COLUMNS, metricCells, overviewSummary, totalCells, treeRows, usedBy } from './overview-text.js';

/** One level of the tree in the journeys table: an em space per step (leading spaces would be trimmed from the cell). */
const INDENT = '&emsp;&emsp;';

/**
 * The workspace overview as a Markdown document that GitHub renders as it is: the journeys as a
 * tree (one table row per place in the tree), the portfolio (a ```mermaid quadrant chart and the
 * table of every opportunity), the insights and the metrics.
 */
export function overviewMarkdown(overview: WorkspaceOverview): string {
    const files = new Set(overview.journeys.map(j => j.uri)).size;
    const titles = new Map(overview.journeys.map(j => [j.id, j.title]));
    const lines = ['# Workspace overview', '', `_${escapeMarkdownText(overviewSummary(overview, files))}_`, '', '## Journeys', ''];
    if (overview.journeys.length === 0) {
        lines.push('_No journeys._');
    } else {
        lines.push(row(JOURNEY_COLUMNS), rule(JOURNEY_COLUMNS.length));
        for (const { journey, depth, cycle, repeated } of treeRows(overview)) {
            const mark = depth > 0 ? `${INDENT.repeat(depth - 1)}↳ ` : '';
            const title = `${mark}${escapeMarkdownText(journey.title)}`;
            if (cycle) {
                lines.push(row([`${title} ↻ _cycle: already above_`, ...journeyCells(journey).map(() => '')]));
                continue;
            }
            const cells = journeyCells(journey).map(escapeMarkdownText);
            if (journey.reviewedStale) {
                cells[cells.length - 1] += ' **stale**';
            }
            lines.push(row([`${title}${repeated ? ' _(its subjourneys are above)_' : ''}`, ...cells]));
        }
        lines.push(row(['**Total**', ...totalCells(overview.totals, files).map(escapeMarkdownText)]));
    }
    lines.push('', '## Opportunity portfolio', '');
    if (overview.portfolio.length === 0) {
        lines.push('_No opportunities._');
    } else {
        lines.push(...fence(portfolioDiagram(overview.portfolio)), '', portfolioTableMarkdown(overview.portfolio, true).trimEnd());
    }
    lines.push('', '## Insights', '');
    if (overview.insights.length === 0) {
        lines.push('_No insights._');
    } else {
        lines.push(row(['Insight', 'Source', 'Date', 'Sample', 'Backs', 'Journeys']), rule(6));
        for (const insight of overview.insights) {
            const backs = usedBy(insight.pains, insight.touchpoints, insight.journeys.length);
            lines.push(row([
                escapeMarkdownText(insight.title),
                escapeMarkdownText(insight.source ?? '—'),
                `${insight.date ?? '—'}${insight.stale ? ' **stale**' : ''}`,
                insight.sample === undefined ? '—' : String(insight.sample),
                backs === 'unused' ? '**unused**' : escapeMarkdownText(backs),
                insight.journeys.map(id => escapeMarkdownText(titles.get(id) ?? id)).join(', ') || '—'
            ]));
        }
    }
    lines.push('', '## Metrics', '');
    if (overview.metrics.length === 0) {
        lines.push('_No metrics._');
    } else {
        lines.push(row(METRIC_COLUMNS), rule(METRIC_COLUMNS.length));
        for (const metric of overview.metrics) {
            lines.push(row(metricCells(metric, titles.get(metric.journey) ?? metric.journey).map(escapeMarkdownText)));
        }
    }
    return lines.join('\n') + '\n';
}

/** A table row of cells already escaped (or CJM's own words). */
function row(cells: readonly string[]): string {
    return `| ${cells.join(' | ')} |`;
}

function rule(columns: number): string {
    return `|${Array.from({ length: columns }, () => '---').join('|')}|`;
}
