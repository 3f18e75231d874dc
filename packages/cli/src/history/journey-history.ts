import { join, relative, sep } from 'node:path';
import { AstUtils, isReference, type LangiumDocument } from 'langium';
import { buildRenderModel, isJourney, journeyFigures, type Journey, type JourneyFigures, type Model } from '@cjm/language';
import { createNodeCjmWorkspace, type CjmWorkspace } from '@cjm/language/node';
import { isSearchedPath } from '../io/cjm-files.js';
import { IGNORE_FILE, rootWithIgnoreText, type WorkspaceRoot } from '../io/workspace-root.js';
import { GitObjectReader } from './git-objects.js';
import { readHistory, readTree, REGULAR_MODES, type FileChange, type HistoryCommit } from './git-history.js';

/** What to follow: a journey of a file, in a repository, from a revision on (or from the first commit). */
export interface HistoryRequest {
    /** The repository top (absolute). */
    top: string;
    /** The workspace root (absolute, the top or a folder inside it): only its .cjm files load. */
    root: string;
    /** The file as of HEAD, a path from the top. */
    file: string;
    journey: string;
    /** Start here: its state is the first row, then the commits after it. */
    since?: string;
    /** Called before each commit is read (for the progress line). */
    onCommit?(done: number, total: number, commit: HistoryCommit): void;
    /** The workspace to build in (a fresh one by default). */
    workspace?: CjmWorkspace;
}

/** The journey at one commit of its history. */
export interface HistoryRow {
    hash: string;
    shortHash: string;
    date: string;
    subject: string;
    /** The journey at this commit; absent when the commit removed it. */
    journey?: {
        /** The file holding it (path from the top). */
        file: string;
        /** Whether that file parses (when not, the figures are error recovery's reading of it). */
        parses: boolean;
        figures: JourneyFigures;
    };
    /** The files of this commit that hold the journey or a declaration it links to (paths from the top). */
    changed: string[];
}

/** What a commit's workspace says about the journey. */
interface JourneyState {
    document: LangiumDocument<Model>;
    file: string;
    /** The journey's text and the text of every declaration it links to outside the built-in library. */
    fingerprint: string;
    /** The files of the journey and of those declarations. */
    linked: Set<string>;
}

/**
 * The journey's history: every commit (along the first parent) that changed its text, a declaration
 * it links to (a persona, team, channel, emotion or source, in whatever file), or the file it is in.
 * The workspace at each commit is read from git objects through one `git cat-file --batch` (nothing
 * is checked out) and rebuilt incrementally: only the files a commit changed are parsed again.
 */
export async function journeyHistory(request: HistoryRequest): Promise<HistoryRow[]> {
    const { top, root } = request;
    const rootPrefix = fromTop(top, root);
    const folder = rootPrefix === '' ? '' : `${rootPrefix}/`;
    const ignorePath = `${folder}${IGNORE_FILE}`;
    const pathspecs = [`:(glob)${folder}**/*.cjm`, `:(literal)${ignorePath}`];
    const commits = await readHistory(top, request.since ? [`${request.since}..HEAD`] : ['HEAD'], pathspecs);
    const followed = followedPaths(request.file, commits);

    const workspace = request.workspace ?? createNodeCjmWorkspace();
    // Only the render model is needed, not diagnostics: validation is skipped (it is most of a rebuild).
    workspace.services.shared.workspace.DocumentBuilder.updateBuildOptions = { validation: false };
    await workspace.load([]);
    const reader = new GitObjectReader(top);
    const walk = new WorkspaceWalk(workspace, reader, top, folder, ignorePath);
    const rows: HistoryRow[] = [];
    let previous: JourneyState | undefined;
    const record = (commit: Omit<HistoryCommit, 'changes'>, state: JourneyState | undefined, changedPaths: string[]) => {
        if (state?.fingerprint === previous?.fingerprint && state?.file === previous?.file) {
            return;
        }
        // The ignore file explains a listed commit that changed nothing else the journey uses: it brought a file in or took one out.
        const touched = new Set([...previous?.linked ?? [], ...state?.linked ?? [], ignorePath]);
        rows.push({
            hash: commit.hash,
            shortHash: commit.shortHash,
            date: commit.date,
            subject: commit.subject,
            ...(state ? { journey: { file: state.file, parses: parses(state.document), figures: figuresOf(state, request.journey) } } : {}),
            changed: changedPaths.filter(path => touched.has(path)).sort()
        });
        previous = state;
    };
    try {
        if (request.since) {
            const [start] = await readHistory(top, ['-1', request.since], []);
            const tree = await readTree(top, request.since, folder);
            await walk.apply(tree.map(file => ({ status: 'A', ...file })), followed[0]);
            record(start, walk.journeyState(request.journey, followed[0]), []);
        }
        for (const [i, commit] of commits.entries()) {
            request.onCommit?.(i + 1, commits.length, commit);
            await walk.apply(commit.changes, followed[i + 1]);
            record(commit, walk.journeyState(request.journey, followed[i + 1]), commit.changes.flatMap(change => [change.path, ...change.from ? [change.from] : []]));
        }
    } finally {
        reader.close();
    }
    return rows;
}

/**
 * The path of the named file before the first commit and after each commit (`git log --follow`
 * read backwards from HEAD): a rename in a commit means the file had its old name before it.
 */
function followedPaths(file: string, commits: HistoryCommit[]): string[] {
    const paths: string[] = new Array(commits.length + 1);
    let path = file;
    for (let i = commits.length - 1; i >= 0; i--) {
        paths[i + 1] = path;
        const rename = commits[i].changes.find(change => change.status === 'R' && change.path === path);
        if (rename?.from) {
            path = rename.from;
        }
    }
    paths[0] = path;
    return paths;
}

function parses(document: LangiumDocument): boolean {
    return document.parseResult.lexerErrors.length + document.parseResult.parserErrors.length === 0;
}

function figuresOf(state: JourneyState, id: string): JourneyFigures {
    const journey = buildRenderModel(state.document).journeys.find(j => j.id === id)!;
    return journeyFigures(journey);
}

/** The workspace as of one commit after another: the .cjm files under the root, less what that commit's `.cjmignore` excludes. */
class WorkspaceWalk {
    /** Every .cjm file under the root in the current commit (path from the top → blob), ignored ones too. */
    private readonly tree = new Map<string, string>();
    /** The files loaded into the workspace (path from the top → blob). */
    private readonly loaded = new Map<string, string>();
    private ignoreBlob: string | undefined;
    private rules: WorkspaceRoot;
    private readonly decoder = new TextDecoder('utf-8', { fatal: true });

    constructor(private readonly workspace: CjmWorkspace, private readonly reader: GitObjectReader, private readonly top: string, private readonly folder: string, private readonly ignorePath: string) {
        this.rules = rootWithIgnoreText(top, undefined);
    }

    /** Applies a commit's changes; `keep` (the followed file) is loaded even if `.cjmignore` excludes it. */
    async apply(changes: FileChange[], keep: string): Promise<void> {
        const touched = new Set<string>();
        let rulesChanged = false;
        for (const change of changes) {
            if (change.from !== undefined && change.status === 'R') {
                this.tree.delete(change.from);
                touched.add(change.from);
            }
            if (change.path === this.ignorePath) {
                this.ignoreBlob = change.status === 'D' ? undefined : change.blob;
                rulesChanged = true;
            } else if (change.status === 'D' || !REGULAR_MODES.has(change.mode) || !change.path.endsWith('.cjm')) {
                this.tree.delete(change.path);
                touched.add(change.path);
            } else {
                this.tree.set(change.path, change.blob);
                touched.add(change.path);
            }
        }
        if (rulesChanged) {
            const text = this.ignoreBlob === undefined ? undefined : (await this.reader.read(this.ignoreBlob))?.toString('utf8');
            this.rules = rootWithIgnoreText(this.rootFolder(), text);
        }
        // With new ignore rules every file may come or go; otherwise only the changed ones (and the followed file, whose name moves).
        const candidates = rulesChanged ? new Set([...this.tree.keys(), ...this.loaded.keys()]) : new Set([...touched, keep]);
        const wanted: Array<[string, string]> = [];
        const removed: string[] = [];
        for (const path of candidates) {
            const blob = this.included(path, keep) ? this.tree.get(path) : undefined;
            if (blob === undefined) {
                if (this.loaded.delete(path)) {
                    removed.push(path);
                }
            } else if (this.loaded.get(path) !== blob) {
                wanted.push([path, blob]);
            }
        }
        const contents = await Promise.all(wanted.map(([, blob]) => this.reader.read(blob)));
        const sources: Array<{ uri: string; text: string }> = [];
        wanted.forEach(([path, blob], i) => {
            const text = this.decode(contents[i]);
            // A stray binary or non-UTF-8 file is left out, as `cjm check` skips one it was not asked about.
            if (text === undefined) {
                if (this.loaded.delete(path)) {
                    removed.push(path);
                }
                return;
            }
            this.loaded.set(path, blob);
            sources.push({ uri: join(this.top, path), text });
        });
        if (sources.length > 0 || removed.length > 0) {
            await this.workspace.update(sources, removed.map(path => join(this.top, path)));
        }
    }

    /** Where the journey is in the current workspace (in the followed file when it is there), with what it links to. */
    journeyState(id: string, followed: string): JourneyState | undefined {
        const paths = [followed, ...[...this.loaded.keys()].filter(path => path !== followed).sort()];
        for (const file of paths) {
            const document = this.loaded.has(file) ? this.workspace.document(join(this.top, file)) : undefined;
            const journey = document?.parseResult.value.elements.find((element): element is Journey => isJourney(element) && element.name === id);
            if (document && journey) {
                return this.linksOf(document, journey, file);
            }
        }
        return undefined;
    }

    private linksOf(document: LangiumDocument<Model>, journey: Journey, file: string): JourneyState {
        const start = journey.$cstNode?.offset ?? 0;
        const end = journey.$cstNode?.end ?? 0;
        const library = this.workspace.services.builtins.Library;
        const declarations = new Map<string, string>();
        const linked = new Set([file]);
        for (const reference of document.references) {
            const offset = reference.$refNode?.offset ?? -1;
            const target = offset >= start && offset < end && isReference(reference) ? reference.ref : undefined;
            if (!target) {
                continue;
            }
            const uri = AstUtils.getDocument(target).uri;
            if (library.isBuiltin(uri)) {
                continue;
            }
            const path = fromTop(this.top, uri.fsPath);
            linked.add(path);
            declarations.set(`${path}\0${target.$type}\0${(target as { name?: string }).name ?? ''}`, target.$cstNode?.text ?? '');
        }
        const fingerprint = [journey.$cstNode?.text ?? '', ...[...declarations.entries()].sort(([a], [b]) => a < b ? -1 : 1).map(([key, text]) => `${key}\0${text}`)].join('\0\0');
        return { document, file, fingerprint, linked };
    }

    private included(path: string, keep: string): boolean {
        if (!this.tree.has(path)) {
            return false;
        }
        if (path === keep) {
            return true;
        }
        return isSearchedPath(path.slice(this.folder.length)) && !this.rules.ignores(join(this.top, path));
    }

    private rootFolder(): string {
        return join(this.top, this.folder);
    }

    private decode(bytes: Buffer | undefined): string | undefined {
        if (!bytes || bytes.includes(0)) {
            return undefined;
        }
        try {
            return this.decoder.decode(bytes);
        } catch {
            return undefined;
        }
    }
}

/** A path as git names it: from the repository top, `/`-separated. */
function fromTop(top: string, path: string): string {
    return relative(top, path).split(sep).join('/');
}
