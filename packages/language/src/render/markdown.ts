import { formatMetricValue, round } from '../model/metrics.js';
import { formatScore } from '../model/emotion-score.js';
import type { RenderJourney, RenderMetric, RenderModel } from './render-model.types.js';
import { escapeMarkdownText } from './escape.js';
import { gridMarkdown } from './grid.js';
import { emotionCurve, emotionCurveLines } from './mermaid/emotion-curve.js';
import { journeyDiagram } from './mermaid/journey-diagram.js';
import { hasBlueprint, serviceBlueprint } from './mermaid/service-blueprint.js';
import { stageFlow } from './mermaid/stage-flow.js';
import { journeyForPersona } from './persona-view.js';
import { hasPortfolio, journeyPortfolio, portfolioDiagram, portfolioTableMarkdown } from './portfolio.js';

/** The diagrams of a journey's Markdown, as the preview names them. */
export type MarkdownDiagram = 'journey' | 'emotion' | 'flow' | 'blueprint' | 'grid';

/** Options of renderMarkdown. */
export interface MarkdownOptions {
    /** Render only the journey with this id (default: every journey, in source order). */
    journey?: string;
    /** Only what this persona takes part in (see journeyForPersona). */
    persona?: string;
    /** The diagrams to include, as the preview names them (default: all of them). */
    diagrams?: readonly MarkdownDiagram[];
    /** Lanes of the grid to leave out. */
    hiddenLanes?: readonly string[];
}

/**
 * A Markdown document that GitHub renders as it is: per journey a heading, its personas, the
 * diagrams as ```mermaid fences (the emotion curve with its legend in text, the service blueprint
 * where the journey has one), the grid as a table, the opportunity portfolio (when any opportunity
 * has both impact and effort) and the metrics with computed values.
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
    const persona = options.persona;
    parts.push(...journeys.map(journey => journeyMarkdown(persona === undefined ? journey : journeyForPersona(journey, persona), options)));
    return parts.join('\n');
}

function journeyMarkdown(journey: RenderJourney, options: MarkdownOptions): string {
    const wants = (diagram: MarkdownDiagram) => options.diagrams?.includes(diagram) ?? true;
    const lines: string[] = [`# ${escapeMarkdownText(journey.title)}`, ''];
    if (journey.description) {
        lines.push(escapeMarkdownText(journey.description), '');
    }
    const management = journeyManagementLine(journey);
    if (management) {
        lines.push(management, '');
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
    if (wants('journey')) {
        lines.push('', '## Journey', '', ...fence(journeyDiagram(journey)));
    }
    if (wants('emotion')) {
        lines.push('', `## Emotion curve`, '', ...(average ? [`${average.trim()}${expected}.`, ''] : []), ...fence(emotionCurve(journey)));
        lines.push('', `Lines: ${emotionCurveLines(journey).lines.map(line => `${line.colourName} — ${escapeMarkdownText(line.label)}`).join('; ')}.`);
    }
    if (wants('flow')) {
        lines.push('', '## Stage flow', '', ...fence(stageFlow(journey)));
    }
    if (wants('blueprint') && hasBlueprint(journey)) {
        lines.push('', '## Service blueprint', '', ...fence(serviceBlueprint(journey)));
    }
    if (wants('grid')) {
        lines.push('', '## Journey grid', '', gridMarkdown(journey, options).trimEnd());
    }
    if (hasPortfolio(journey)) {
        const entries = journeyPortfolio(journey);
        lines.push('', '## Opportunity portfolio', '', ...fence(portfolioDiagram(entries)), '', portfolioTableMarkdown(entries, false).trimEnd());
    }
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

/** `**Owner:** `cx` · **Reviewed:** 2026-05-02, more than 6 months ago`, or nothing when the journey says neither. */
export function journeyManagementLine(journey: RenderJourney): string | undefined {
    const parts = [
        journey.owner !== undefined ? `**Owner:** \`${journey.owner}\`` : undefined,
        journey.reviewed !== undefined ? `**Reviewed:** ${journey.reviewed}${journey.reviewedStale ? ', more than 6 months ago (**stale**)' : ''}` : undefined
    ].filter(Boolean);
    return parts.length > 0 ? parts.join(' · ') : undefined;
}

function metricRow(m: RenderMetric, where: string): string {
    const value = `${formatMetricValue(m.value, m.unit)}${m.computed ? ' (computed)' : ''}`;
    const target = m.target !== undefined ? `${round(m.target)}${m.targetUnit}` : '—';
    const cells = [m.title, where, m.type, value, target, m.period ?? '—'].map(escapeMarkdownText);
    return `| ${cells.join(' | ')} |`;
}

/** A ```mermaid fence longer than any backtick run inside, so no text can close it early. */
export function fence(diagram: string): string[] {
    const longest = Math.max(0, ...(diagram.match(/`+/g) ?? []).map(run => run.length));
    const marker = '`'.repeat(Math.max(3, longest + 1));
    return [`${marker}mermaid`, diagram.trimEnd(), marker];
}
