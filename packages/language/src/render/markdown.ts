import { formatMetricValue, round } from '../model/metrics.js';
import { formatScore } from '../model/emotion-score.js';
import type { RenderJourney, RenderMetric, RenderModel } from './render-model.types.js';
import { escapeMarkdownText } from './escape.js';
import { gridMarkdown } from './grid.js';
import { emotionCurve, emotionCurveLines } from './mermaid/emotion-curve.js';
import { journeyDiagram } from './mermaid/journey-diagram.js';
import { hasBlueprint, serviceBlueprint } from './mermaid/service-blueprint.js';
import { stageFlow } from './mermaid/stage-flow.js';

/** Options of renderMarkdown. */
export interface MarkdownOptions {
    /** Render only the journey with this id (default: every journey, in source order). */
    journey?: string;
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
    parts.push(...journeys.map(journeyMarkdown));
    return parts.join('\n');
}

function journeyMarkdown(journey: RenderJourney): string {
    const lines: string[] = [`# ${escapeMarkdownText(journey.title)}`, ''];
    if (journey.description) {
        lines.push(escapeMarkdownText(journey.description), '');
    }
    lines.push('## Personas', '');
    if (journey.personas.length === 0) {
        lines.push('_No persona named._');
    }
    for (const persona of journey.personas) {
        const name = persona.title ? `**${escapeMarkdownText(persona.title)}** (\`${persona.id}\`)` : `\`${persona.id}\``;
        lines.push(`- ${name}${persona.role ? `: ${escapeMarkdownText(persona.role)}` : ''}`);
    }
    const average = journey.averageScore !== undefined ? ` Average emotion ${formatScore(journey.averageScore)}` : '';
    const expected = journey.averageExpected !== undefined ? `, expected ${formatScore(journey.averageExpected)}` : '';
    lines.push('', '## Journey', '', ...fence(journeyDiagram(journey)));
    lines.push('', `## Emotion curve`, '', ...(average ? [`${average.trim()}${expected}.`, ''] : []), ...fence(emotionCurve(journey)));
    lines.push('', `Lines: ${emotionCurveLines(journey).lines.map(line => `${line.colourName} — ${escapeMarkdownText(line.label)}`).join('; ')}.`);
    lines.push('', '## Stage flow', '', ...fence(stageFlow(journey)));
    if (hasBlueprint(journey)) {
        lines.push('', '## Service blueprint', '', ...fence(serviceBlueprint(journey)));
    }
    lines.push('', '## Journey grid', '', gridMarkdown(journey).trimEnd());
    const metrics = [
        ...journey.metrics.map(m => ({ where: 'journey', metric: m })),
        ...journey.stages.flatMap(s => [
            ...s.metrics.map(m => ({ where: `stage ${s.title}`, metric: m })),
            ...s.touchpoints.flatMap(t => t.metrics.map(m => ({ where: `touchpoint ${t.title}`, metric: m })))
        ])
    ];
    if (metrics.length > 0) {
        lines.push('', '## Metrics', '', '| Metric | Where | Type | Value | Target | Period |', '|---|---|---|---|---|---|');
        lines.push(...metrics.map(({ where, metric }) => metricRow(metric, where)));
    }
    return lines.join('\n') + '\n';
}

function metricRow(m: RenderMetric, where: string): string {
    const value = `${formatMetricValue(m.value, m.unit)}${m.computed ? ' (computed)' : ''}`;
    const target = m.target !== undefined ? `${round(m.target)}${m.targetUnit}` : '—';
    const cells = [m.title, where, m.type, value, target, m.period ?? '—'].map(escapeMarkdownText);
    return `| ${cells.join(' | ')} |`;
}

/** A ```mermaid fence longer than any backtick run inside, so no text can close it early. */
function fence(diagram: string): string[] {
    const longest = Math.max(0, ...(diagram.match(/`+/g) ?? []).map(run => run.length));
    const marker = '`'.repeat(Math.max(3, longest + 1));
    return [`${marker}mermaid`, diagram.trimEnd(), marker];
}
