import type { AstNode, ValidationAcceptor } from 'langium';
import { AstUtils } from 'langium';
import type { DateProperty, Insight, Journey, Opportunity, Subjourney } from '../generated/ast.js';
import { Due, InsightDate, isJourney, Reviewed, Status } from '../generated/ast.js';
import type { CalendarDate } from '../model/dates.js';
import {
    describeDateProblem, formatDate, isCalendarDate, isOlderThan, isPast, parseDate, readDate, STALE_EVIDENCE_MONTHS, STALE_MAP_MONTHS, today
} from '../model/dates.js';
import { cycleThrough } from '../model/subjourneys.js';
import { DiagnosticCode } from './diagnostic-codes.js';

/** What each date property is called in messages. */
const DATE_KEYWORD: Record<string, string> = { [InsightDate.$type]: 'date', [Reviewed.$type]: 'reviewed', [Due.$type]: 'due' };

/**
 * The checks of journey management (README, "Journey management") that look at one file:
 * `invalid-date`, `stale-evidence`, `stale-map` and `journey-cycle`. Today is read once per check,
 * from `CJM_TODAY` or the clock.
 */
export class JourneyManagementChecks {

    /** `invalid-date` on a `date`, `reviewed` or `due` that is no real calendar date in one of the two forms. */
    checkDate(property: DateProperty, accept: ValidationAcceptor): void {
        if (typeof property.date !== 'string') {
            return;
        }
        const read = readDate(property.date);
        if (!isCalendarDate(read)) {
            accept('error', `\`${DATE_KEYWORD[property.$type]}\`: ${describeDateProblem(property.date, read)}`,
                { node: property, property: 'date', code: DiagnosticCode.InvalidDate });
        }
    }

    /** `stale-evidence`: an insight dated more than twelve months before today. */
    checkInsight(insight: Insight, accept: ValidationAcceptor): void {
        const line = lastOfType(insight.fields, InsightDate.$type);
        const date = dateOf(line);
        const now = today();
        if (line && date && isOlderThan(date, STALE_EVIDENCE_MONTHS, now)) {
            accept('info', `Insight '${insight.name ?? ''}' dates from ${formatDate(date)}, more than ${STALE_EVIDENCE_MONTHS} months before today (${formatDate(now)}): its evidence may no longer hold. Repeat the research, or replace it with newer evidence.`,
                { node: line, code: DiagnosticCode.StaleEvidence });
        }
    }

    /** `stale-map`: a journey reviewed more than six months before today. */
    checkJourney(journey: Journey, accept: ValidationAcceptor): void {
        const line = lastOfType(journey.members, Reviewed.$type);
        const date = dateOf(line);
        const now = today();
        if (line && date && isOlderThan(date, STALE_MAP_MONTHS, now)) {
            accept('info', `Journey '${journey.name ?? ''}' was last reviewed on ${formatDate(date)}, more than ${STALE_MAP_MONTHS} months before today (${formatDate(now)}). Check the map against reality and update \`reviewed\`.`,
                { node: line, code: DiagnosticCode.StaleMap });
        }
    }

    /** `stale-map`: an opportunity that is not done and whose due date has passed. */
    checkOpportunity(opportunity: Opportunity, accept: ValidationAcceptor): void {
        const line = lastOfType(opportunity.members, Due.$type);
        const date = dateOf(line);
        const status = lastOfType(opportunity.members, Status.$type) as Status | undefined;
        const now = today();
        if (line && date && status?.value !== 'done' && isPast(date, now)) {
            accept('info', `Opportunity "${opportunity.text ?? ''}" was due on ${formatDate(date)} and is not done (today is ${formatDate(now)}). Set \`status done\`, or a new \`due\` date.`,
                { node: line, code: DiagnosticCode.StaleMap });
        }
    }

    /** `journey-cycle`: a subjourney link from which the journey reaches itself again. */
    checkSubjourney(link: Subjourney, accept: ValidationAcceptor): void {
        const journey = AstUtils.getContainerOfType(link, isJourney);
        const cycle = journey && cycleThrough(journey, link);
        if (!journey || !cycle) {
            return;
        }
        const message = cycle.length === 2
            ? `Journey '${journey.name}' names itself as a subjourney. A subjourney details a part of a journey; name another journey, or remove this line.`
            : `Journey '${journey.name}' reaches itself through subjourney links: ${cycle.map(j => j.name).join(' → ')}. A journey cannot detail itself; remove one of these links.`;
        accept('error', message, { node: link, property: 'journey', code: DiagnosticCode.JourneyCycle });
    }
}

/** The last member of a type: as for other properties, the last line of a repeated one counts. */
function lastOfType(members: readonly AstNode[], type: string): AstNode | undefined {
    for (let i = members.length - 1; i >= 0; i--) {
        if (members[i].$type === type) {
            return members[i];
        }
    }
    return undefined;
}

function dateOf(line: AstNode | undefined): CalendarDate | undefined {
    return parseDate((line as DateProperty | undefined)?.date);
}
