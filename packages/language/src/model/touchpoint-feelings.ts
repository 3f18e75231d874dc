import type { Feeling, Touchpoint } from '../generated/ast.js';
import { Feeling as FeelingType } from '../generated/ast.js';
import { feelingScore } from './emotion-score.js';

/** One `feels` line that counts: a persona's own (`feels … for P`), or the plain one, for everyone else. */
export interface CountedFeeling {
    feeling: Feeling;
    /** The persona as written after `for`; absent for the plain line. */
    persona?: string;
    /** The line's score, or undefined while none of its emotions resolves. */
    score: number | undefined;
}

/** What a touchpoint's `feels` lines add up to (language reference §8.2). */
export interface TouchpointFeelings {
    /** One line per persona and at most one plain line, in the order of the lines that count. */
    lines: CountedFeeling[];
    /** The mean score of the lines that have one: the touchpoint's actual score. */
    actual?: number;
    /** The lowest of those lines, and its score. */
    lowest?: CountedFeeling & { score: number };
}

/**
 * The counted `feels` lines of a touchpoint: the last line counts for a persona written twice (and
 * the last plain line for everyone else), so a later line replaces an earlier one at its place.
 */
export function touchpointFeelings(touchpoint: Touchpoint): TouchpointFeelings {
    const byPersona = new Map<string, CountedFeeling>();
    for (const member of touchpoint.members) {
        if (member.$type !== FeelingType.$type || (member as Feeling).kind !== 'feels') {
            continue;
        }
        const feeling = member as Feeling;
        // A `for` still without its name (being typed) is read as the plain line.
        const persona = feeling.persona?.$refText || undefined;
        const key = persona === undefined ? '' : `for ${persona}`;
        byPersona.delete(key);
        byPersona.set(key, { feeling, ...(persona !== undefined ? { persona } : {}), score: feelingScore(feeling) });
    }
    const lines = [...byPersona.values()];
    const scored = lines.filter((line): line is CountedFeeling & { score: number } => line.score !== undefined);
    if (scored.length === 0) {
        return { lines };
    }
    const lowest = scored.reduce((low, line) => line.score < low.score ? line : low);
    return { lines, actual: scored.reduce((sum, line) => sum + line.score, 0) / scored.length, lowest };
}
