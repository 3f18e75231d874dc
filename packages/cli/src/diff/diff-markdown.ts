import { escapeMarkdownText, formatMetricValue, formatScore, round, type RenderMetric } from '@cjm/language';
import type { ElementChange, JourneyDiff, TextChange } from './semantic-diff.js';

/** One file's semantic diff as Markdown for a pull-request comment; unchanged files get one line. */
export function diffMarkdown(file: string, diffs: JourneyDiff[], fileStatus: 'added' | 'removed' | 'changed' = 'changed'): string {
    const name = `\`${file.replace(/`/g, "'")}\``;
    if (diffs.length === 0) {
        return `${name}: no changes to the journey maps.\n`;
    }
    const lines = [`## ${name}${fileStatus === 'changed' ? '' : ` (${fileStatus})`}`, ''];
    for (const diff of diffs) {
        lines.push(...journeySection(diff), '');
    }
    return lines.join('\n');
}

function journeySection(diff: JourneyDiff): string[] {
    const title = `${escapeMarkdownText(diff.title)} (\`${diff.id}\`)`;
    const lines = [`### ${diff.status === 'changed' ? '' : `${capitalize(diff.status)} journey: `}${title}`, ''];
    if (diff.average) {
        lines.push(`**Average emotion:** ${score(diff.average.before)} → ${score(diff.average.after)}${change(diff.average.before, diff.average.after)}`, '');
    }
    section(lines, 'Stages', diff.stages.map(c => elementLine(c, 'stage')));
    section(lines, 'Touchpoints', diff.touchpoints.map(c => elementLine(c, 'touchpoint')));
    if (diff.emotions.length > 0) {
        lines.push('#### Emotions', '', '| Touchpoint | Before | After | Change |', '|---|---|---|---|');
        lines.push(...diff.emotions.map(e => `| ${escapeMarkdownText(e.touchpoint)} | ${score(e.before)} | ${score(e.after)} | ${delta(e.before, e.after) || '—'} |`), '');
    }
    section(lines, 'Pain points', diff.pains.map(painLine));
    section(lines, 'Opportunities', diff.opportunities.map(opportunityLine));
    section(lines, 'Owners', diff.owners.map(o => `- ${escapeMarkdownText(o.touchpoint)}: ${team(o.before)} → ${team(o.after)}`));
    section(lines, 'Metrics', diff.metrics.map(m => {
        const where = `${escapeMarkdownText(m.title)} (${escapeMarkdownText(m.where)})`;
        switch (m.kind) {
            case 'added': return `- Added ${where}: ${metric(m.after)}`;
            case 'removed': return `- Removed ${where} (was ${metric(m.before)})`;
            case 'changed': return `- ${where}: ${metric(m.before)} → ${metric(m.after)}${metricChange(m.before, m.after)}`;
        }
    }));
    while (lines[lines.length - 1] === '') {
        lines.pop();
    }
    return lines;
}

function section(lines: string[], heading: string, items: string[]): void {
    if (items.length > 0) {
        lines.push(`#### ${heading}`, '', ...items, '');
    }
}

function elementLine(c: ElementChange, noun: string): string {
    const name = `**${escapeMarkdownText(c.title)}** (\`${c.id}\`)`;
    const stage = (title?: string) => title === undefined ? '' : ` in stage ${escapeMarkdownText(title)}`;
    switch (c.kind) {
        case 'added': return `- Added ${noun} ${name}${stage(c.toStage)}`;
        case 'removed': return `- Removed ${noun} ${name}${stage(c.fromStage)}`;
        case 'renamed': return `- Renamed ${noun} \`${c.id}\`: ${escapeMarkdownText(c.oldTitle ?? '')} → **${escapeMarkdownText(c.title)}**`;
        case 'moved': return `- Moved ${noun} ${name} from stage ${escapeMarkdownText(c.fromStage ?? '')} to ${escapeMarkdownText(c.toStage ?? '')}`;
        case 'reordered': return `- Reordered ${noun} ${name}${stage(c.toStage)}`;
    }
}

function painLine(p: TextChange): string {
    return `- ${p.kind === 'new' ? 'New' : 'Resolved'} at ${escapeMarkdownText(p.touchpoint)}: ${escapeMarkdownText(p.text)}`;
}

function opportunityLine(o: TextChange): string {
    const where = `at ${escapeMarkdownText(o.touchpoint)}: ${escapeMarkdownText(o.text)}`;
    switch (o.kind) {
        case 'status': return `- Status ${where}: ${o.before ?? 'none'} → **${o.after ?? 'none'}**`;
        case 'new': return `- New ${where}`;
        default: return `- Removed ${where}`;
    }
}

function score(value: number | undefined): string {
    return value === undefined ? '—' : formatScore(value);
}

/** ` (▲ +1.5)` after a before → after pair, or nothing when there is no change to show. */
function change(before: number | undefined, after: number | undefined): string {
    const shown = delta(before, after);
    return shown ? ` (${shown})` : '';
}

/** `▲ +1.5` or `▼ -1`: the direction a reviewer scans for, then the size (of the values as shown). */
function delta(before: number | undefined, after: number | undefined): string {
    if (before === undefined || after === undefined) {
        return '';
    }
    const size = round(round(after) - round(before));
    return size > 0 ? `▲ +${size}` : size < 0 ? `▼ ${size}` : '';
}

function metric(m: RenderMetric | undefined): string {
    if (!m) {
        return '—';
    }
    const target = m.target !== undefined ? `, target ${round(m.target)}${m.targetUnit}` : '';
    return `${formatMetricValue(m.value, m.unit)}${m.computed ? ' (computed)' : ''}${target}`;
}

function metricChange(before: RenderMetric | undefined, after: RenderMetric | undefined): string {
    return before?.value !== undefined && after?.value !== undefined && before.unit === after.unit ? change(before.value, after.value) : '';
}

function team(id: string | undefined): string {
    return id === undefined ? '_none_' : `\`${id}\``;
}

function capitalize(text: string): string {
    return text.charAt(0).toUpperCase() + text.slice(1);
}
