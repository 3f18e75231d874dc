import { formatMetricValue, round } from '../model/metrics.js';
import { formatScore } from '../model/emotion-score.js';
import type { RenderJourney, RenderMetric, RenderModel } from './render-model.types.js';
import { escapeMarkdownText } from './escape.js';
import { gridMarkdown } from './grid.js';
import { journeyMetrics } from './journey-figures.js';
import { emotionCurve, emotionCurveLines } from './mermaid/emotion-curve.js';
import { journeyDiagram } from './mermaid/journey-diagram.js';
import { hasBlueprint, serviceBlueprint } from './mermaid/service-blueprint.js';
import { stageFlow } from './mermaid/stage-flow.js';

/** The sections of a journey's Markdown, in the order renderMarkdown writes them. */
export const MARKDOWN_PARTS = ['personas', 'journey', 'curve', 'flow', 'blueprint', 'grid', 'metrics'] as const;
export type MarkdownPart = typeof MARKDOWN_PARTS[number];

/** Options of renderMarkdown. */
export interface MarkdownOptions {
    /** Render only the journey with this id (default: every journey, in source order). */
    journey?: string;
    /**
     * Only these sections, in this order, each with its heading as in the whole rendering
     * (default: the journey's title, description and every section). With several journeys, each
     * journey's sections follow its title heading, so they can be told apart.
     */
    parts?: readonly MarkdownPart[];
}

/**
 * A Markdown document that GitHub renders as it is: per journey a heading, its personas, the
 * diagrams as ```mermaid fences (the emotion curve with its legend in text, the service blueprint
 * where the journey has one), the grid as a table and the metrics with computed values.
 */
export function renderMarkdown(model: RenderModel, options: MarkdownOptions = {}): string {
    const journeys = options.journey === undefined ? model.journeys : model.journeys.filter(j => j.id === options.journey);
    const parts: string[] = [];
    if (model.errorCount > 0) {
        const first = model.firstError;
        const where = first ? ` The first, at line ${first.range.start.line + 1}: ${escapeMarkdownText(first.message)}` : '';
        parts.push(`> **Warning:** this map has ${model.errorCount} error${model.errorCount === 1 ? '' : 's'}; the drawing may be incomplete.${where}\n`);
    }
    if (journeys.length === 0) {
        parts.push(options.journey === undefined ? '_No journeys in this document._\n' : `_No journey named ${escapeMarkdownText(options.journey)}._\n`);
    }
    const titled = options.parts === undefined || journeys.length > 1;
    parts.push(...journeys.map(journey => journeyMarkdown(journey, options.parts, titled)));
    return parts.join('\n');
}

function journeyMarkdown(journey: RenderJourney, parts: readonly MarkdownPart[] | undefined, titled: boolean): string {
    const lines: string[] = titled ? [`# ${escapeMarkdownText(journey.title)}`, ''] : [];
    if (parts === undefined && journey.description) {
        lines.push(escapeMarkdownText(journey.description), '');
    }
    // The whole rendering leaves out sections with nothing in them (metrics, the blueprint); one asked for by name says there is none.
    const sections = (parts ?? MARKDOWN_PARTS).map(part => PART_MARKDOWN[part](journey, parts !== undefined)).filter(section => section !== undefined);
    lines.push(sections.join('\n\n'));
    return lines.join('\n') + '\n';
}

/** Each section of a journey's Markdown: its heading, a blank line and its body. */
const PART_MARKDOWN: Record<MarkdownPart, (journey: RenderJourney, asked: boolean) => string | undefined> = {
    personas: journey => {
        const lines = ['## Personas', ''];
        if (journey.personas.length === 0) {
            lines.push('_No persona named._');
        }
        for (const persona of journey.personas) {
            const name = persona.title ? `**${escapeMarkdownText(persona.title)}** (\`${persona.id}\`)` : `\`${persona.id}\``;
            lines.push(`- ${name}${persona.role ? `: ${escapeMarkdownText(persona.role)}` : ''}`);
        }
        return lines.join('\n');
    },
    journey: journey => ['## Journey', '', ...mermaidFence(journeyDiagram(journey))].join('\n'),
    curve: journey => {
        const average = journey.averageScore !== undefined ? `Average emotion ${formatScore(journey.averageScore)}` : '';
        const expected = journey.averageExpected !== undefined ? `, expected ${formatScore(journey.averageExpected)}` : '';
        const legend = `Lines: ${emotionCurveLines(journey).lines.map(line => `${line.colourName} — ${escapeMarkdownText(line.label)}`).join('; ')}.`;
        return ['## Emotion curve', '', ...(average ? [`${average}${expected}.`, ''] : []), ...mermaidFence(emotionCurve(journey)), '', legend].join('\n');
    },
    flow: journey => ['## Stage flow', '', ...mermaidFence(stageFlow(journey))].join('\n'),
    blueprint: (journey, asked) => {
        if (!hasBlueprint(journey)) {
            return asked ? '## Service blueprint\n\n_No service blueprint lines._' : undefined;
        }
        return ['## Service blueprint', '', ...mermaidFence(serviceBlueprint(journey))].join('\n');
    },
    grid: journey => ['## Journey grid', '', gridMarkdown(journey).trimEnd()].join('\n'),
    metrics: (journey, asked) => {
        const metrics = journeyMetrics(journey);
        if (metrics.length === 0) {
            return asked ? '## Metrics\n\n_No metrics._' : undefined;
        }
        const rows = metrics.map(placed => metricRow(placed.metric, placed.scope === 'journey' ? 'journey' : `${placed.scope} ${placed.scopeTitle}`));
        return ['## Metrics', '', '| Metric | Where | Type | Value | Target | Period |', '|---|---|---|---|---|---|', ...rows].join('\n');
    }
};

function metricRow(m: RenderMetric, where: string): string {
    const value = `${formatMetricValue(m.value, m.unit)}${m.computed ? ' (computed)' : ''}`;
    const target = m.target !== undefined ? `${round(m.target)}${m.targetUnit}` : '—';
    const cells = [m.title, where, m.type, value, target, m.period ?? '—'].map(escapeMarkdownText);
    return `| ${cells.join(' | ')} |`;
}

/** A ```mermaid fence longer than any backtick run inside, so no text can close it early (one line per element). */
export function mermaidFence(diagram: string): string[] {
    const longest = Math.max(0, ...(diagram.match(/`+/g) ?? []).map(run => run.length));
    const marker = '`'.repeat(Math.max(3, longest + 1));
    return [`${marker}mermaid`, diagram.trimEnd(), marker];
}
