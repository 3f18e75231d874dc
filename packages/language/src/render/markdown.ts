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
import { journeyForPersona } from './persona-view.js';
import { hasPortfolio, journeyPortfolio, portfolioDiagram, portfolioTableMarkdown } from './portfolio.js';

/** The diagrams of a journey's Markdown, as the preview names them. */
export type MarkdownDiagram = 'journey' | 'emotion' | 'flow' | 'blueprint' | 'grid';

/** The sections of a journey's Markdown, in the order renderMarkdown writes them. */
export const MARKDOWN_PARTS = ['personas', 'journey', 'curve', 'flow', 'blueprint', 'grid', 'portfolio', 'metrics'] as const;
export type MarkdownPart = typeof MARKDOWN_PARTS[number];

/** The section that draws each of the preview's diagrams. */
const DIAGRAM_PART: Record<MarkdownDiagram, MarkdownPart> = { journey: 'journey', emotion: 'curve', flow: 'flow', blueprint: 'blueprint', grid: 'grid' };

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
    /** Only what this persona takes part in (see journeyForPersona). */
    persona?: string;
    /** The diagrams to include, as the preview names them (default: all of them); the other sections stay. */
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
    const titled = options.parts === undefined || journeys.length > 1;
    const persona = options.persona;
    parts.push(...journeys.map(journey => journeyMarkdown(persona === undefined ? journey : journeyForPersona(journey, persona), options, titled)));
    return parts.join('\n');
}

function journeyMarkdown(journey: RenderJourney, options: MarkdownOptions, titled: boolean): string {
    const asked = options.parts;
    const lines: string[] = titled ? [`# ${escapeMarkdownText(journey.title)}`, ''] : [];
    if (asked === undefined) {
        if (journey.description) {
            lines.push(escapeMarkdownText(journey.description), '');
        }
        const management = journeyManagementLine(journey);
        if (management) {
            lines.push(management, '');
        }
    }
    const hidden = new Set(MARKDOWN_PARTS.filter(part => options.diagrams !== undefined
        && Object.entries(DIAGRAM_PART).some(([diagram, drawn]) => drawn === part && !options.diagrams!.includes(diagram as MarkdownDiagram))));
    // The whole rendering leaves out sections with nothing in them (metrics, the blueprint, the portfolio); one asked for by name says there is none.
    const sections = (asked ?? MARKDOWN_PARTS)
        .filter(part => !hidden.has(part))
        .map(part => PART_MARKDOWN[part](journey, asked !== undefined, options))
        .filter(section => section !== undefined);
    lines.push(sections.join('\n\n'));
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

/** Each section of a journey's Markdown: its heading, a blank line and its body. */
const PART_MARKDOWN: Record<MarkdownPart, (journey: RenderJourney, asked: boolean, options: MarkdownOptions) => string | undefined> = {
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
    grid: (journey, _asked, options) => ['## Journey grid', '', gridMarkdown(journey, options).trimEnd()].join('\n'),
    portfolio: (journey, asked) => {
        if (!hasPortfolio(journey)) {
            return asked ? '## Opportunity portfolio\n\n_No opportunity has both impact and effort._' : undefined;
        }
        const entries = journeyPortfolio(journey);
        return ['## Opportunity portfolio', '', ...mermaidFence(portfolioDiagram(entries)), '', portfolioTableMarkdown(entries, false).trimEnd()].join('\n');
    },
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
