import type { RenderLevel, RenderOpportunity } from '../render-model.types.js';
import { escapeQuadrantText } from '../escape.js';

/** Where low, medium and high impact or effort sit on the chart's axes (§7.3). */
export const LEVEL_POSITION: Readonly<Record<RenderLevel, number>> = { low: 0.2, medium: 0.5, high: 0.8 };

/** Labels longer than this many characters are shortened with `…`. */
export const MAX_LABEL_LENGTH = 40;

/** The most points one chart draws; the table beside it lists every opportunity. */
export const MAX_POINTS = 100;

/** The quadrants, named as portfolio reviews name them. */
export const QUADRANTS = { quickWins: 'Quick wins', bigBets: 'Big bets', moneyPits: 'Money pits', fillIns: 'Fill-ins' } as const;

/** An opportunity the chart can place: one with both `impact` and `effort`, not done. */
export type PlaceableOpportunity = Pick<RenderOpportunity, 'text' | 'status'> & { impact: RenderLevel; effort: RenderLevel };

/** One point of the chart: its label and where it is drawn (0…1 on both axes). */
export interface PortfolioPoint {
    label: string;
    x: number;
    y: number;
}

/** The opportunities the chart shows: rated on both axes and not done, in the order given. */
export function placeable<T extends Pick<RenderOpportunity, 'impact' | 'effort' | 'status'>>(opportunities: readonly T[]): Array<T & { impact: RenderLevel; effort: RenderLevel }> {
    return opportunities.filter((o): o is T & { impact: RenderLevel; effort: RenderLevel } => o.impact !== undefined && o.effort !== undefined && o.status !== 'done');
}

/**
 * Points for the opportunities, x = effort and y = impact; opportunities that share a position are
 * spread around it, in columns of up to five one above the other (labels are wide, not tall), within
 * the ±0.13 that keeps them nearer their own position than any other, so that none hides another.
 */
export function portfolioPoints(opportunities: readonly PlaceableOpportunity[]): PortfolioPoint[] {
    const groups = new Map<string, number[]>();
    opportunities.forEach((o, i) => {
        const key = `${o.effort} ${o.impact}`;
        groups.set(key, [...groups.get(key) ?? [], i]);
    });
    const points: PortfolioPoint[] = new Array(opportunities.length);
    for (const members of groups.values()) {
        const rows = Math.min(members.length, MAX_ROWS);
        const columns = Math.ceil(members.length / rows);
        const rowStep = rows > 1 ? Math.min(0.065, 0.26 / (rows - 1)) : 0;
        const columnStep = columns > 1 ? Math.min(0.12, 0.26 / (columns - 1)) : 0;
        members.forEach((index, k) => {
            const o = opportunities[index];
            const column = Math.floor(k / rows);
            const row = k % rows;
            points[index] = {
                label: shortenLabel(o.text),
                x: clamp(LEVEL_POSITION[o.effort] + (column - (columns - 1) / 2) * columnStep),
                y: clamp(LEVEL_POSITION[o.impact] - (row - (rows - 1) / 2) * rowStep)
            };
        });
    }
    return points;
}

/** Points sharing a position are stacked in columns of this many. */
const MAX_ROWS = 5;

/**
 * The portfolio as a Mermaid `quadrantChart`: effort from left to right, impact from bottom to top;
 * clockwise from the top left Quick wins, Big bets, Money pits and Fill-ins. Done opportunities and
 * those without both ratings are left out (the table beside the chart lists them).
 */
export function portfolioChart(opportunities: readonly PlaceableOpportunity[]): string {
    const shown = opportunities.slice(0, MAX_POINTS);
    const title = opportunities.length > shown.length ? `Opportunity portfolio (the first ${shown.length} of ${opportunities.length})` : 'Opportunity portfolio';
    const lines = [
        // Large enough for labels of 40 characters side by side.
        '---',
        'config:',
        '  quadrantChart:',
        '    chartWidth: 760',
        '    chartHeight: 600',
        '    pointLabelFontSize: 11',
        '---',
        'quadrantChart',
        `    title ${title}`,
        '    x-axis Low effort --> High effort',
        '    y-axis Low impact --> High impact',
        // Mermaid numbers the quadrants from the top right, anticlockwise.
        `    quadrant-1 ${QUADRANTS.bigBets}`,
        `    quadrant-2 ${QUADRANTS.quickWins}`,
        `    quadrant-3 ${QUADRANTS.fillIns}`,
        `    quadrant-4 ${QUADRANTS.moneyPits}`
    ];
    for (const point of portfolioPoints(shown)) {
        lines.push(`    "${escapeQuadrantText(point.label)}": [${coordinate(point.x)}, ${coordinate(point.y)}]`);
    }
    return lines.join('\n') + '\n';
}

/** The label as drawn: the text, shortened to 40 characters (whole graphemes) with `…`. */
export function shortenLabel(text: string): string {
    const flat = text.replace(/\s+/g, ' ').trim();
    const graphemes = Array.from(new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(flat), part => part.segment);
    return graphemes.length <= MAX_LABEL_LENGTH ? flat : `${graphemes.slice(0, MAX_LABEL_LENGTH - 1).join('').trimEnd()}…`;
}

/** Mermaid reads a coordinate as `1` or `0.ddd` only. */
function coordinate(value: number): string {
    return value >= 1 ? '1' : value <= 0 ? '0' : String(Number(value.toFixed(3)));
}

function clamp(value: number): number {
    return Math.min(0.98, Math.max(0.02, value));
}
