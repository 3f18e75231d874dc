import type { AstNodeLocator, IndexManager, LangiumDocuments } from 'langium';
import { AstUtils } from 'langium';
import type { Insight } from '../generated/ast.js';
import { isInsightDate, isInsightSample, isInsightSource, isInsightText, isJourney, isPain } from '../generated/ast.js';
import type { CalendarDate } from '../model/dates.js';
import { formatDate, isOlderThan, parseDate, STALE_EVIDENCE_MONTHS } from '../model/dates.js';
import { escapeHoverText } from '../render/escape.js';

/** What an insight backs across the workspace: pains and touchpoints that name it, and their journeys. */
export interface InsightUsage {
    pains: number;
    touchpoints: number;
    journeys: number;
}

/** Counts the pains and touchpoints naming the insight, from the index of the workspace's references. */
export function insightUsage(insight: Insight, index: IndexManager, documents: LangiumDocuments, locator: AstNodeLocator): InsightUsage {
    const path = locator.getAstNodePath(insight);
    const usage = { pains: 0, touchpoints: 0, journeys: 0 };
    const journeys = new Set<unknown>();
    for (const reference of index.findAllReferences(insight, path)) {
        const document = documents.getDocument(reference.sourceUri);
        const evidence = document && locator.getAstNode(document.parseResult.value, reference.sourcePath);
        if (!evidence) {
            continue;
        }
        if (isPain(evidence.$container)) {
            usage.pains++;
        } else {
            usage.touchpoints++;
        }
        journeys.add(AstUtils.getContainerOfType(evidence, isJourney));
    }
    journeys.delete(undefined);
    usage.journeys = journeys.size;
    return usage;
}

/** The hover card of an insight (§7.1): title, source, date and staleness, sample, quotes, finding, link and what it backs. */
export function insightCard(insight: Insight, usage: InsightUsage, today: CalendarDate): string {
    const texts = (kind: string) => insight.fields.filter(isInsightText).filter(f => f.kind === kind)
        .map(f => f.value).filter((value): value is string => typeof value === 'string');
    const source = insight.fields.filter(isInsightSource).pop()?.source;
    const sourceText = source?.ref?.$refText ?? source?.text;
    const dateText = insight.fields.filter(isInsightDate).pop()?.date;
    const date = parseDate(dateText);
    const sample = insight.fields.filter(isInsightSample).map(f => f.value).filter(value => typeof value === 'number').pop();
    const sections = [`**${escapeHoverText(insight.title ?? insight.name)}**\n\n*insight* \`${insight.name}\``];
    const facts = [
        sourceText !== undefined ? `**Source:** ${escapeHoverText(sourceText)}` : '**Source:** —',
        date ? `**Date:** ${formatDate(date)}${isOlderThan(date, STALE_EVIDENCE_MONTHS, today) ? ` (stale: more than ${STALE_EVIDENCE_MONTHS} months before today)` : ''}`
            : dateText !== undefined ? '**Date:** not a date (write YYYY-MM-DD or YYYY-MM)' : '**Date:** —',
        ...(sample !== undefined ? [`**Sample:** ${sample}`] : [])
    ];
    sections.push(facts.join('  \n'));
    for (const quote of texts('quote')) {
        sections.push(`> ${escapeHoverText(quote)}`);
    }
    for (const finding of texts('finding')) {
        sections.push(`**Finding:** ${escapeHoverText(finding)}`);
    }
    for (const link of texts('link')) {
        sections.push(`**Link:** ${escapeHoverText(link)}`);
    }
    sections.push(describeUsage(usage));
    return sections.join('\n\n');
}

function describeUsage(usage: InsightUsage): string {
    if (usage.pains === 0 && usage.touchpoints === 0) {
        return '*Backs no pain or touchpoint yet.*';
    }
    const parts = [
        usage.pains > 0 ? count(usage.pains, 'pain') : undefined,
        usage.touchpoints > 0 ? count(usage.touchpoints, 'touchpoint') : undefined
    ].filter(Boolean);
    return `Backs ${parts.join(' and ')} in ${count(usage.journeys, 'journey')}.`;
}

function count(n: number, noun: string): string {
    return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
