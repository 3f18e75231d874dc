import { formatMetricValue, formatScore, round, type RenderMetric } from '@cjm/language';
import { plural } from '../text/plural.js';
import { commentCode, commentText } from './comment-text.js';
import type { FileDiff, LibraryChange } from './file-diff.js';
import type { DetailChange, ElementChange, JourneyDiff, OpportunityChange, PainChange, PersonaEmotionChange, ScenarioChange } from './semantic-diff.js';

/** A list longer than this, in a journey that was added or removed as a whole, is folded into `<details>`. */
const FOLD_AFTER = 5;
/** Any list longer than this is folded, so one big edit does not bury the rest of the comment. */
const FOLD_ALWAYS_AFTER = 25;

/** One file's semantic diff as Markdown for a pull-request comment; a file with nothing to report gets one line. */
export function diffMarkdown(file: FileDiff): string {
    const name = commentCode(file.path);
    const warnings = file.syntaxErrors.map(error =>
        `> [!WARNING]\n> ${name} does not parse ${error.side === 'base' ? 'in the old version' : 'in the new version'} `
        + `(line ${error.line}, column ${error.column}: ${commentText(oneLine(error.message))}), so this diff may be incomplete.`);
    const nothing = file.journeys.length === 0 && file.library.length === 0 && file.movedAway.length === 0;
    if (nothing && warnings.length === 0) {
        return `${name}: ${unchangedLine(file)}\n`;
    }
    const lines = [`## ${name}${file.status === 'changed' ? '' : ` (${file.status})`}`, ''];
    for (const warning of warnings) {
        lines.push(warning, '');
    }
    if (nothing) {
        lines.push(capitalize(unchangedLine(file)), '');
    }
    for (const moved of file.movedAway) {
        lines.push(`Journey ${commentText(moved.title)} (${commentCode(moved.id)}) moved to ${commentCode(moved.to)}.`, '');
    }
    if (file.library.length > 0) {
        lines.push('### Personas, teams, channels and other declarations', '', ...foldIfLong(file.library.map(libraryLine), FOLD_ALWAYS_AFTER, 'declarations'), '');
    }
    for (const diff of file.journeys) {
        lines.push(...journeySection(diff), '');
    }
    return lines.join('\n');
}

function unchangedLine(file: FileDiff): string {
    switch (file.unchanged) {
        case 'layout': return 'no change to the journey maps (only layout or comments).';
        case 'other': return 'other edits (wording, comments or layout) not summarised.';
        default: return 'no changes to the journey maps.';
    }
}

function libraryLine(change: LibraryChange): string {
    const name = `${change.kind} ${commentCode(change.name)}`;
    switch (change.change) {
        case 'added': return `- Added ${name}`;
        case 'removed': return `- Removed ${name}`;
        case 'changed': return `- Changed ${name}`;
        case 'moved': return `- Moved ${name} from ${commentCode(change.movedFrom ?? '')}${change.edited ? ', and changed' : ''}`;
    }
}

function journeySection(diff: JourneyDiff): string[] {
    const title = `${commentText(diff.title)} (${commentCode(diff.id)})`;
    const lines = [`### ${diff.status === 'changed' ? '' : `${capitalize(diff.status)} journey: `}${title}`, ''];
    const whole = diff.status !== 'changed';
    const foldAfter = whole ? FOLD_AFTER : FOLD_ALWAYS_AFTER;
    if (diff.movedFrom !== undefined) {
        lines.push(`Moved from ${commentCode(diff.movedFrom)}.`, '');
    }
    if (whole) {
        lines.push(summaryOf(diff), '');
    }
    const facts = [
        diff.titleChange && `**Title:** ${commentText(diff.titleChange.before)} → **${commentText(diff.titleChange.after)}**`,
        diff.personas && `**Personas:** ${codes(diff.personas.before)} → ${codes(diff.personas.after)}`,
        diff.description && `**Description:** ${quoted(diff.description.before)} → ${quoted(diff.description.after)}`,
        diff.average && `**Average emotion:** ${score(diff.average.before)} → ${score(diff.average.after)}${change(diff.average.before, diff.average.after)}`,
        diff.averageExpected && `**Average expected emotion:** ${score(diff.averageExpected.before)} → ${score(diff.averageExpected.after)}${change(diff.averageExpected.before, diff.averageExpected.after)}`
    ].filter((fact): fact is string => Boolean(fact));
    // Separate paragraphs: GitHub joins consecutive lines into one.
    for (const fact of facts) {
        lines.push(fact, '');
    }
    section(lines, 'Stages', diff.stages.map(c => elementLine(c, 'stage')), foldAfter);
    section(lines, 'Touchpoints', diff.touchpoints.map(c => elementLine(c, 'touchpoint')), foldAfter);
    if (diff.emotions.length > 0) {
        const table = ['| Touchpoint | Before | After | Change |', '|---|---|---|---|',
            ...diff.emotions.map(e => `| ${commentText(e.touchpoint)} | ${score(e.before)} | ${score(e.after)} | ${delta(e.before, e.after) || '—'} |`)];
        lines.push('#### Emotions', '', ...(diff.emotions.length > foldAfter ? fold(table, plural(diff.emotions.length, 'touchpoint')) : table), '');
    }
    section(lines, 'Emotions per persona', diff.personaEmotions.map(personaEmotionLine), foldAfter);
    section(lines, 'Expected emotions', diff.expected.map(e => `- ${commentText(e.touchpoint)}: ${score(e.before)} → ${score(e.after)}${change(e.before, e.after)}`), foldAfter);
    section(lines, 'Pain points', diff.pains.map(painLine), foldAfter);
    section(lines, 'Opportunities', diff.opportunities.map(opportunityLine), foldAfter);
    section(lines, 'Owners', diff.owners.map(o => `- ${commentText(o.touchpoint)}: ${team(o.before)} → ${team(o.after)}`), foldAfter);
    section(lines, 'Touchpoint details', diff.details.map(detailLine), foldAfter);
    section(lines, 'Scenarios', diff.scenarios.map(scenarioLine), foldAfter);
    section(lines, 'Metrics', diff.metrics.map(m => {
        const where = `${commentText(m.title)} (${commentText(m.where)})`;
        switch (m.kind) {
            case 'added': return `- Added ${where}: ${metric(m.after)}`;
            case 'removed': return `- Removed ${where} (was ${metric(m.before)})`;
            case 'changed': return `- ${where}: ${metric(m.before)} → ${metric(m.after)}${metricChange(m.before, m.after)}`;
        }
    }), foldAfter);
    if (diff.otherEdits) {
        lines.push('Other edits (wording, comments or layout) not summarised.', '');
    }
    while (lines[lines.length - 1] === '') {
        lines.pop();
    }
    return lines;
}

/** `4 stages, 12 touchpoints, 3 pain points`: what a journey added or removed as a whole holds. */
function summaryOf(diff: JourneyDiff): string {
    const counts = [
        plural(diff.stages.length, 'stage'),
        plural(diff.touchpoints.length, 'touchpoint'),
        ...(diff.pains.length > 0 ? [plural(diff.pains.length, 'pain point')] : []),
        ...(diff.opportunities.length > 0 ? [plural(diff.opportunities.length, 'opportunity', 'opportunities')] : []),
        ...(diff.metrics.length > 0 ? [plural(diff.metrics.length, 'metric')] : [])
    ];
    return `${diff.status === 'added' ? 'It has' : 'It had'} ${counts.join(', ')}.`;
}

function section(lines: string[], heading: string, items: string[], foldAfter: number): void {
    if (items.length > 0) {
        lines.push(`#### ${heading}`, '', ...foldIfLong(items, foldAfter, heading.toLowerCase()), '');
    }
}

function foldIfLong(items: string[], foldAfter: number, noun: string): string[] {
    return items.length > foldAfter ? fold(items, `${items.length} ${noun}`) : items;
}

/** A `<details>` block GitHub shows closed; the blank lines let the Markdown inside render. */
function fold(content: string[], summary: string): string[] {
    return [`<details><summary>${commentText(summary)}</summary>`, '', ...content, '', '</details>'];
}

function elementLine(c: ElementChange, noun: string): string {
    const name = `**${commentText(c.title)}** (${commentCode(c.id)})`;
    const stage = (title?: string) => title === undefined ? '' : ` in stage ${commentText(title)}`;
    switch (c.kind) {
        case 'added': return `- Added ${noun} ${name}${stage(c.toStage)}`;
        case 'removed': return `- Removed ${noun} ${name}${stage(c.fromStage)}`;
        case 'renamed': return `- Renamed ${noun} ${commentCode(c.id)}: ${commentText(c.oldTitle ?? '')} → **${commentText(c.title)}**`;
        case 'moved': return `- Moved ${noun} ${name} from stage ${commentText(c.fromStage ?? '')} to ${commentText(c.toStage ?? '')}`;
        case 'reordered': return `- Reordered ${noun} ${name}${stage(c.toStage)}`;
    }
}

function painLine(p: PainChange): string {
    const where = `at ${commentText(p.touchpoint)}: ${commentText(p.text)}`;
    switch (p.kind) {
        case 'new': return `- New ${where}`;
        case 'resolved': return `- Resolved ${where}`;
        case 'removed-with-touchpoint': return `- Removed with its touchpoint ${where}`;
        case 'removed-with-journey': return `- Removed with the journey ${where}`;
        case 'severity': return `- Severity ${where}: ${p.before ?? 'none'} → **${p.after ?? 'none'}**`;
        case 'source': return `- Evidence ${where}: ${p.before === undefined ? 'none' : commentText(p.before)} → **${p.after === undefined ? 'none' : commentText(p.after)}**`;
    }
}

function opportunityLine(o: OpportunityChange): string {
    const where = `at ${commentText(o.touchpoint)}: ${commentText(o.text)}`;
    switch (o.kind) {
        case 'new': return `- New ${where}`;
        case 'removed': return `- Removed ${where}`;
        case 'removed-with-touchpoint': return `- Removed with its touchpoint ${where}`;
        case 'removed-with-journey': return `- Removed with the journey ${where}`;
        case 'status': return `- Status ${where}: ${o.before ?? 'none'} → **${o.after ?? 'none'}**`;
        case 'owner': return `- Owner ${where}: ${team(o.before)} → ${team(o.after)}`;
        case 'outcome': return `- Outcome ${where}: ${quoted(o.before)} → ${quoted(o.after)}`;
    }
}

function detailLine(d: DetailChange): string {
    const where = commentText(d.where);
    switch (d.kind) {
        case 'channels': return `- ${where}: channels ${codes(d.before)} → ${codes(d.after)}`;
        case 'support': return `- ${where}: support ${codes(d.before)} → ${codes(d.after)}`;
        case 'personas': return `- ${where}: personas ${codes(d.before)} → ${codes(d.after)}`;
        case 'moment-of-truth': return `- ${where}: ${d.after.length > 0 ? 'now a moment of truth' : 'no longer a moment of truth'}`;
        case 'expectations': return `- ${where}, expectations: ${textChange(d.before, d.after)}`;
        case 'text': return `- ${where}, *${d.lane}*: ${textChange(d.before, d.after)}`;
    }
}

/** `“old” → “new”` for one text replaced by another, else what was added and removed. */
function textChange(before: string[], after: string[]): string {
    const added = after.filter(text => !before.includes(text));
    const removed = before.filter(text => !after.includes(text));
    if (added.length === 1 && removed.length === 1) {
        return `${quoted(removed[0])} → ${quoted(added[0])}`;
    }
    if (added.length === 0 && removed.length === 0) {
        return 'reordered';
    }
    return [
        ...(added.length > 0 ? [`added ${added.map(quoted).join(', ')}`] : []),
        ...(removed.length > 0 ? [`removed ${removed.map(quoted).join(', ')}`] : [])
    ].join('; ');
}

function scenarioLine(s: ScenarioChange): string {
    const name = `**${commentText(s.title)}** (${commentCode(s.id)})`;
    const path = (steps: string[]) => steps.length === 0 ? '_empty_' : steps.map(commentText).join(' → ');
    switch (s.kind) {
        case 'added': return `- Added scenario ${name}: ${path(s.after)}`;
        case 'removed': return `- Removed scenario ${name} (was ${path(s.before)})`;
        case 'renamed': return `- Renamed scenario ${commentCode(s.id)}: ${commentText(s.oldTitle ?? '')} → **${commentText(s.title)}**`;
        case 'path': return `- Path of scenario ${name}: ${path(s.before)} **became** ${path(s.after)}`;
        case 'personas': return `- Personas of scenario ${name}: ${codes(s.before)} → ${codes(s.after)}`;
    }
}

function quoted(text: string | undefined): string {
    return text === undefined ? '_none_' : `“${commentText(text)}”`;
}

function codes(ids: string[]): string {
    return ids.length === 0 ? '_none_' : ids.map(commentCode).join(', ');
}

/** `Tom's emotion at Searches the shop fell from 0 to −2.` */
function personaEmotionLine(change: PersonaEmotionChange): string {
    const whose = `${commentText(change.persona)}'s emotion at ${commentText(change.touchpoint)}`;
    const shown = (value: number) => formatScore(value).replace('-', '−');
    if (change.before === undefined) {
        return `- ${whose} is recorded: ${shown(change.after!)}.`;
    }
    if (change.after === undefined) {
        return `- ${whose} is no longer recorded (it was ${shown(change.before)}).`;
    }
    return `- ${whose} ${change.after < change.before ? 'fell' : 'rose'} from ${shown(change.before)} to ${shown(change.after)}.`;
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
    const period = m.period !== undefined ? `, ${commentText(m.period)}` : '';
    return `${formatMetricValue(m.value, m.unit)}${m.computed ? ' (computed)' : ''}${target}${period}`;
}

function metricChange(before: RenderMetric | undefined, after: RenderMetric | undefined): string {
    return before?.value !== undefined && after?.value !== undefined && before.unit === after.unit ? change(before.value, after.value) : '';
}

function team(id: string | undefined): string {
    return id === undefined ? '_none_' : commentCode(id);
}

function oneLine(text: string): string {
    return text.replace(/\s*\n\s*/g, ' ');
}

function capitalize(text: string): string {
    return text.charAt(0).toUpperCase() + text.slice(1);
}
