import { distance } from 'fastest-levenshtein';

/** How many suggestions a misspelt name gets at most. */
export const MAX_SUGGESTIONS = 3;

/**
 * The names nearest to `name` by edit distance, ignoring case, nearest first (ties in alphabetical
 * order), at most three: only names close enough to be a slip of the keyboard, i.e. within
 * two-fifths of the name's length (at least one edit). `name` itself is never suggested.
 */
export function nearestNames(name: string, candidates: Iterable<string>): string[] {
    const wanted = name.toLowerCase();
    const limit = Math.max(1, Math.floor(name.length * 0.4));
    const scored = new Map<string, number>();
    for (const candidate of candidates) {
        if (candidate !== name && !scored.has(candidate)) {
            const edits = distance(wanted, candidate.toLowerCase());
            if (edits <= limit) {
                scored.set(candidate, edits);
            }
        }
    }
    return [...scored]
        .sort(([a, da], [b, db]) => da - db || a.localeCompare(b))
        .slice(0, MAX_SUGGESTIONS)
        .map(([candidate]) => candidate);
}
