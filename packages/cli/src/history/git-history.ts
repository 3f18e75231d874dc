import { git } from '../io/git.js';

/** One file a commit changed, from `git log --raw`: paths from the repository top. */
export interface FileChange {
    /** A (added), M (modified), D (deleted), T (type changed), R (renamed) or C (copied). */
    status: string;
    path: string;
    /** For R and C: where the file came from. */
    from?: string;
    /** The blob after the commit (all zeros when deleted) and its mode (`100644`, `120000` for a link, `160000` a submodule). */
    blob: string;
    mode: string;
}

/** A commit of the history, with the files it changed against its first parent. */
export interface HistoryCommit {
    hash: string;
    shortHash: string;
    /** The author date, ISO 8601 with the author's offset. */
    date: string;
    subject: string;
    changes: FileChange[];
}

/** A file of a commit's tree. */
export interface TreeFile {
    path: string;
    blob: string;
    mode: string;
}

/** Modes of files whose blob is the file's text (not a symbolic link or a submodule). */
export const REGULAR_MODES = new Set(['100644', '100755']);

/**
 * The commits of `range` (revision arguments of git log; oldest first) that changed a path matching `pathspecs`, along the first
 * parent (the branch's own timeline: a merge is one step, compared with the branch it was merged
 * into), each with its changed files, renames detected as `git log -M` does.
 */
export async function readHistory(top: string, range: string[], pathspecs: string[]): Promise<HistoryCommit[]> {
    const limit = ['--first-parent', ...range, '--', ...pathspecs];
    const [log, shortHashes] = await Promise.all([
        git(['log', '--reverse', '--diff-merges=first-parent', '--raw', '-z', '--no-abbrev', '-M', '--root', '--format=%x01%H%x00%aI%x00%s', ...limit], top),
        // Short hashes as git abbreviates them in this repository (unique, core.abbrev respected).
        git(['log', '--format=%H %h', ...limit], top)
    ]);
    const short = new Map(shortHashes.split('\n').filter(Boolean).map(line => line.split(' ') as [string, string]));
    return log.split('\x01').filter(Boolean).map(record => {
        const [hash, date, subject, ...rest] = record.split('\0');
        return { hash, shortHash: short.get(hash) ?? hash.slice(0, 7), date, subject, changes: parseRaw(rest) };
    });
}

/** `:old-mode new-mode old-blob new-blob STATUS` then one path (two for R and C), each NUL-terminated. */
function parseRaw(fields: string[]): FileChange[] {
    const changes: FileChange[] = [];
    for (let i = 0; i < fields.length; i++) {
        const meta = fields[i].replace(/^\n/, '');
        if (!meta.startsWith(':')) {
            continue;
        }
        const [, mode, , blob, status] = meta.slice(1).split(' ');
        const letter = status[0];
        if (letter === 'R' || letter === 'C') {
            changes.push({ status: letter, from: fields[i + 1], path: fields[i + 2], blob, mode });
            i += 2;
        } else {
            changes.push({ status: letter, path: fields[i + 1], blob, mode });
            i += 1;
        }
    }
    return changes;
}

/** The files of a commit's tree (under `folder`, a path from the top ending in `/`, when given). */
export async function readTree(top: string, commit: string, folder = ''): Promise<TreeFile[]> {
    const listing = await git(['ls-tree', '-r', '-z', '--full-tree', commit, ...(folder ? ['--', folder] : [])], top);
    return listing.split('\0').filter(Boolean).map(entry => {
        const tab = entry.indexOf('\t');
        const [mode, , blob] = entry.slice(0, tab).split(' ');
        return { path: entry.slice(tab + 1), blob, mode };
    });
}
