import { escapeXychartText } from '../escape.js';

/** A Mermaid `xychart-beta` line chart: categories along x, one or more lines of values. */
export interface LineChart {
    title: string;
    /** Labels along the x-axis (user text is escaped here). */
    categories: string[];
    yAxis: { title: string; min?: number; max?: number };
    /** Lines in drawing order (a later line lies on top), each in its colour, one value per category. */
    lines: Array<{ values: number[]; colour: string }>;
}

/**
 * The chart's Mermaid text. The colours go into the front matter (Mermaid's default line colour is
 * nearly invisible), values are kept to two decimals, and every text is escaped for xychart strings.
 */
export function lineChart(chart: LineChart): string {
    const range = chart.yAxis.min !== undefined && chart.yAxis.max !== undefined ? ` ${formatNumber(chart.yAxis.min)} --> ${formatNumber(chart.yAxis.max)}` : '';
    return [
        '---',
        'config:',
        '  themeVariables:',
        '    xyChart:',
        `      plotColorPalette: "${chart.lines.map(line => line.colour).join(', ')}"`,
        '---',
        'xychart-beta',
        `    title "${escapeXychartText(chart.title)}"`,
        `    x-axis [${chart.categories.map(c => `"${escapeXychartText(c)}"`).join(', ')}]`,
        `    y-axis "${escapeXychartText(chart.yAxis.title)}"${range}`,
        ...chart.lines.map(line => `    line [${line.values.map(formatNumber).join(', ')}]`)
    ].join('\n') + '\n';
}

/** Means like 1/3 would print 16 digits. */
function formatNumber(value: number): string {
    return String(Math.round(value * 100) / 100);
}
