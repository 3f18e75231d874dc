/**
 * Dates of the language (`date`, `reviewed`, `due`): strings `"YYYY-MM-DD"` or `"YYYY-MM"`, the
 * latter standing for the first day of that month in comparisons. "Today" is the local date, or
 * the `CJM_TODAY` environment variable (`YYYY-MM-DD`), so that checks and tests are reproducible.
 */

/** A calendar day; `precision` says whether the text named a day or a whole month. */
export interface CalendarDate {
    year: number;
    /** 1…12. */
    month: number;
    /** 1…31 (1 for a month). */
    day: number;
    precision: 'day' | 'month';
}

/** What is wrong with a date's text, for the `invalid-date` message. */
export type DateProblem = { kind: 'format' } | { kind: 'month'; month: number } | { kind: 'day'; day: number; daysInMonth: number; monthName: string; year: number };

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** A text of the language's date forms, or what is wrong with it. */
export function readDate(text: string): CalendarDate | DateProblem {
    const match = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(text);
    if (!match) {
        return { kind: 'format' };
    }
    const year = Number(match[1]);
    const month = Number(match[2]);
    if (month < 1 || month > 12) {
        return { kind: 'month', month };
    }
    if (match[3] === undefined) {
        return { year, month, day: 1, precision: 'month' };
    }
    const day = Number(match[3]);
    const days = daysInMonth(year, month);
    if (day < 1 || day > days) {
        return { kind: 'day', day, daysInMonth: days, monthName: MONTH_NAMES[month - 1], year };
    }
    return { year, month, day, precision: 'day' };
}

/** The date a text stands for, or undefined when it is not a real calendar date in one of the two forms. */
export function parseDate(text: string | undefined): CalendarDate | undefined {
    if (typeof text !== 'string') {
        return undefined;
    }
    const read = readDate(text);
    return isCalendarDate(read) ? read : undefined;
}

export function isCalendarDate(value: CalendarDate | DateProblem): value is CalendarDate {
    return !('kind' in value);
}

/**
 * Why a text is not a date, in words that say how to write one. Text that is not digits and dashes
 * is not repeated: messages reach the preview's banner and the reports, and a date is no place for prose.
 */
export function describeDateProblem(text: string, problem: DateProblem): string {
    switch (problem.kind) {
        case 'format':
            return `${/^[\d-]{1,12}$/.test(text) ? `"${text}"` : 'this'} is not a date. Write it as YYYY-MM-DD (2026-10-14) or YYYY-MM (2026-10).`;
        case 'month':
            return `"${text}" has month ${problem.month}; months run from 01 to 12.`;
        case 'day':
            return `"${text}" is not a real date: ${problem.monthName} ${problem.year} has ${problem.daysInMonth} days.`;
    }
}

/** Negative when a is before b, 0 on the same day, positive after. */
export function compareDates(a: CalendarDate, b: CalendarDate): number {
    return a.year - b.year || a.month - b.month || a.day - b.day;
}

/** The same day `months` months earlier (the last day of the month when that month is shorter). */
export function monthsBefore(date: CalendarDate, months: number): CalendarDate {
    const index = date.year * 12 + (date.month - 1) - months;
    const year = Math.floor(index / 12);
    const month = index - year * 12 + 1;
    return { year, month, day: Math.min(date.day, daysInMonth(year, month)), precision: 'day' };
}

/** `2026-10-14`, or `2026-10` for a month. */
export function formatDate(date: CalendarDate): string {
    const yearMonth = `${String(date.year).padStart(4, '0')}-${String(date.month).padStart(2, '0')}`;
    return date.precision === 'month' ? yearMonth : `${yearMonth}-${String(date.day).padStart(2, '0')}`;
}

/** How old evidence may be before it is stale, and how long a map stays fresh after its review (§7.4). */
export const STALE_EVIDENCE_MONTHS = 12;
export const STALE_MAP_MONTHS = 6;

/** Whether a date lies more than `months` months before today. */
export function isOlderThan(date: CalendarDate, months: number, today: CalendarDate): boolean {
    return compareDates(date, monthsBefore(today, months)) < 0;
}

/** Whether a due date has passed (a due date of today has not). */
export function isPast(date: CalendarDate, today: CalendarDate): boolean {
    return compareDates(date, today) < 0;
}

/** The environment variable that sets today. */
export const TODAY_VARIABLE = 'CJM_TODAY';

/**
 * Today: `CJM_TODAY` when it holds a date `YYYY-MM-DD`, else the local date. Read on every call, so a
 * long-running server moves on with the calendar. Use {@link todayFromEnvironment} to reject a bad value.
 */
export function today(): CalendarDate {
    const fromEnvironment = todayFromEnvironment();
    return 'date' in fromEnvironment && fromEnvironment.date ? fromEnvironment.date : localToday();
}

/** `CJM_TODAY` as set: unset, a day, or a value that is not one (the CLI rejects it, the server logs it). */
export function todayFromEnvironment(): { date?: CalendarDate } | { invalid: string } {
    const value = typeof process === 'undefined' ? undefined : process.env?.[TODAY_VARIABLE];
    if (value === undefined || value === '') {
        return {};
    }
    const date = parseDate(value);
    return date && date.precision === 'day' ? { date } : { invalid: value };
}

function localToday(): CalendarDate {
    const now = new Date();
    return { year: now.getFullYear(), month: now.getMonth() + 1, day: now.getDate(), precision: 'day' };
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
    const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
    return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
}
