import type { LangiumDocument } from 'langium';
import type { Model, RenderModel } from '@cjm/language';
import { journeyFingerprints, libraryElements, tokenFingerprint, type LibraryElement } from './fingerprint.js';
import { diffJourney, hasChanges, type JourneyDiff } from './semantic-diff.js';

/** One version of a map file: its loaded document, its render model and its text. */
export interface MapVersion {
    document: LangiumDocument<Model>;
    model: RenderModel;
    text: string;
}

/** A file to compare: its path as headings show it, and the version before and after (absent when added or removed). */
export interface FilePair {
    path: string;
    base?: MapVersion;
    head?: MapVersion;
}

/** A persona, channel, team, evidence source, emotion or insight added, removed, changed or moved to this file. */
export interface LibraryChange {
    change: 'added' | 'removed' | 'changed' | 'moved';
    kind: LibraryElement['kind'];
    name: string;
    movedFrom?: string;
    /** For `moved`: whether the declaration also changed. */
    edited?: boolean;
    /** For an insight whose date now makes it stale, or no longer: the date it has now. */
    stale?: { now: boolean; date?: string };
}

/** The first syntax error of one version of a file, 1-based. */
export interface SyntaxProblem {
    side: 'base' | 'head';
    line: number;
    column: number;
    message: string;
}

/** What changed in one file. */
export interface FileDiff {
    path: string;
    status: 'added' | 'removed' | 'changed';
    journeys: JourneyDiff[];
    library: LibraryChange[];
    /** Journeys that left this file for another (shown there, as moved). */
    movedAway: Array<{ id: string; title: string; to: string }>;
    /** When nothing above is reported: the texts are equal, differ only in layout or comments, or differ otherwise. */
    unchanged?: 'identical' | 'layout' | 'other';
    syntaxErrors: SyntaxProblem[];
}

interface Placed<T> {
    file: number;
    item: T;
}

/**
 * Compares files in pairs, matching journeys (by id) and declarations (by kind and name) across
 * all of them: one that left a file for another is moved, not removed and added.
 */
export function diffFiles(pairs: FilePair[]): FileDiff[] {
    const journeys = { base: firstById(pairs, 'base', version => version.model.journeys.map(j => [j.id, j] as const)),
        head: firstById(pairs, 'head', version => version.model.journeys.map(j => [j.id, j] as const)) };
    const prints = { base: mergedPrints(pairs, 'base'), head: mergedPrints(pairs, 'head') };
    const library = { base: firstById(pairs, 'base', version => libraryElements(version.document.parseResult.value).map(e => [`${e.kind}:${e.name}`, e] as const)),
        head: firstById(pairs, 'head', version => libraryElements(version.document.parseResult.value).map(e => [`${e.kind}:${e.name}`, e] as const)) };
    return pairs.map((pair, file): FileDiff => {
        const diff: FileDiff = {
            path: pair.path,
            status: !pair.base ? 'added' : !pair.head ? 'removed' : 'changed',
            journeys: [],
            library: [],
            movedAway: [],
            syntaxErrors: [...syntaxProblem(pair.base, 'base'), ...syntaxProblem(pair.head, 'head')]
        };
        for (const [id, now] of journeys.head) {
            if (now.file !== file) {
                continue;
            }
            const old = journeys.base.get(id);
            const journeyDiff = diffJourney(old?.item, now.item, { before: prints.base.get(id), after: prints.head.get(id) });
            if (old && old.file !== file) {
                journeyDiff.movedFrom = pairs[old.file].path;
            }
            if (hasChanges(journeyDiff)) {
                diff.journeys.push(journeyDiff);
            }
        }
        for (const [id, old] of journeys.base) {
            if (old.file !== file) {
                continue;
            }
            const now = journeys.head.get(id);
            if (!now) {
                diff.journeys.push(diffJourney(old.item, undefined));
            } else if (now.file !== file) {
                diff.movedAway.push({ id, title: now.item.title, to: pairs[now.file].path });
            }
        }
        for (const [key, now] of library.head) {
            if (now.file !== file) {
                continue;
            }
            const old = library.base.get(key);
            const { kind, name } = now.item;
            if (!old) {
                diff.library.push({ change: 'added', kind, name });
            } else if (old.file !== file) {
                diff.library.push({ change: 'moved', kind, name, movedFrom: pairs[old.file].path, edited: old.item.fingerprint !== now.item.fingerprint, ...staleness(old.item, now.item) });
            } else if (old.item.fingerprint !== now.item.fingerprint) {
                diff.library.push({ change: 'changed', kind, name, ...staleness(old.item, now.item) });
            }
        }
        for (const [key, old] of library.base) {
            if (old.file === file && !library.head.has(key)) {
                diff.library.push({ change: 'removed', kind: old.item.kind, name: old.item.name });
            }
        }
        if (diff.journeys.length === 0 && diff.library.length === 0 && diff.movedAway.length === 0) {
            diff.unchanged = unchangedKind(pair);
        }
        return diff;
    });
}

/** `{ stale }` when an insight went stale or stopped being stale between the versions. */
function staleness(before: LibraryElement, after: LibraryElement): Pick<LibraryChange, 'stale'> {
    return before.stale !== undefined && after.stale !== undefined && before.stale !== after.stale
        ? { stale: { now: after.stale, ...(after.date !== undefined ? { date: after.date } : {}) } }
        : {};
}

function unchangedKind(pair: FilePair): FileDiff['unchanged'] {
    if ((pair.base?.text ?? '') === (pair.head?.text ?? '')) {
        return 'identical';
    }
    const print = (version?: MapVersion) => tokenFingerprint(version?.document.parseResult.value.$cstNode);
    return print(pair.base) === print(pair.head) ? 'layout' : 'other';
}

/** Each id's first occurrence on one side, with the file it is in (a duplicated id is a `duplicate-name` error already). */
function firstById<T>(pairs: FilePair[], side: 'base' | 'head', items: (version: MapVersion) => ReadonlyArray<readonly [string, T]>): Map<string, Placed<T>> {
    const found = new Map<string, Placed<T>>();
    pairs.forEach((pair, file) => {
        const version = pair[side];
        for (const [id, item] of version ? items(version) : []) {
            if (!found.has(id)) {
                found.set(id, { file, item });
            }
        }
    });
    return found;
}

function mergedPrints(pairs: FilePair[], side: 'base' | 'head'): Map<string, string> {
    const prints = new Map<string, string>();
    for (const pair of pairs) {
        const version = pair[side];
        for (const [id, print] of version ? journeyFingerprints(version.document.parseResult.value) : []) {
            if (!prints.has(id)) {
                prints.set(id, print);
            }
        }
    }
    return prints;
}

function syntaxProblem(version: MapVersion | undefined, side: 'base' | 'head'): SyntaxProblem[] {
    const error = version?.model.firstSyntaxError;
    return error ? [{ side, line: error.range.start.line + 1, column: error.range.start.character + 1, message: error.message }] : [];
}

