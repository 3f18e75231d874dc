import { basename } from 'node:path';
import { DocumentState, URI, type LangiumDocument, type WorkspaceManager } from 'langium';
import type { Model } from '@cjm/language';
import { createNodeCjmWorkspace, type CjmWorkspace } from '@cjm/language/node';
import { findCjmFiles } from './cjm-files.js';
import { displayPath } from './paths.js';
import { Progress } from './progress.js';
import { readTextInput } from './read-input.js';
import { UsageError } from './cli-error.js';
import type { WorkspaceRoot } from './workspace-root.js';

/** A workspace with every .cjm file under the roots loaded, linked and validated. */
export interface LoadedWorkspace {
    workspace: CjmWorkspace;
    /** Absolute path → loaded document. */
    documents: Map<string, LangiumDocument<Model>>;
}

/** Another version of the files on disk: texts that replace some files, and files to leave out. */
export interface WorkspaceVersion {
    overrides?: Map<string, string>;
    exclude?: Set<string>;
}

/**
 * Loads the requested files together with every .cjm file under the roots that `.cjmignore` does
 * not exclude, so a map that uses a persona library in another file links as it does in the editor.
 * `overrides` replaces the text of some files and `exclude` leaves files out (to load another
 * version of the workspace for a diff). The roots are the workspace folders messages are relative to.
 */
export async function loadWorkspace(requested: string[], roots: WorkspaceRoot[], versions: WorkspaceVersion = {}, options: { progress?: boolean } = {}): Promise<LoadedWorkspace> {
    const overrides = versions.overrides ?? new Map<string, string>();
    const paths = new Set(requested);
    for (const root of roots) {
        (await findCjmFiles(root.folder, root)).forEach(path => paths.add(path));
    }
    [...overrides.keys()].forEach(path => paths.add(path));
    versions.exclude?.forEach(path => paths.delete(path));
    const asked = new Set(requested);
    const sources: Array<{ uri: string; text: string }> = [];
    const all = [...paths].sort();
    const progress = new Progress('reading', all.length, options.progress === true ? undefined : false);
    for (const [i, path] of all.entries()) {
        progress.tick(i + 1, displayPath(path));
        const text = overrides.get(path) ?? await readTextInput(path).catch((error: unknown) => {
            // A broken file the user did not name (a binary stray in the folder) must not block checking the others.
            if (asked.has(path)) {
                throw error;
            }
            return undefined;
        });
        if (text !== undefined) {
            sources.push({ uri: documentUri(path, paths), text });
        }
    }
    const workspace = createNodeCjmWorkspace();
    // What an editor says in `initialize`: diagnostics name other files relative to these folders.
    const workspaceFolders = roots.map(root => ({ uri: URI.file(root.folder).toString(), name: basename(root.folder) }));
    workspace.services.shared.workspace.WorkspaceManager.initialize({ processId: null, rootUri: null, capabilities: {}, workspaceFolders } satisfies Parameters<WorkspaceManager['initialize']>[0]);
    const loaded = await withBuildProgress(workspace, sources.map(source => source.uri), progress, () => workspace.load(sources));
    const documents = new Map(loaded.map(document => [pathOf(document.uri.fsPath), document]));
    return { workspace, documents };
}

/** The document builder's phases, as the progress line names them. */
const PHASES: ReadonlyArray<[DocumentState, string]> = [[DocumentState.Parsed, 'parsing'], [DocumentState.Linked, 'linking'], [DocumentState.Validated, 'validating']];

/** Runs a build, reporting each file as the document builder takes it through parsing, linking and validation. */
async function withBuildProgress<T>(workspace: CjmWorkspace, paths: string[], progress: Progress, build: () => Promise<T>): Promise<T> {
    const shown = new Map(paths.map(path => [URI.file(path).toString(), displayPath(pathOf(path))]));
    const builder = workspace.services.shared.workspace.DocumentBuilder;
    const subscriptions = PHASES.map(([state, label]) => {
        let done = 0;
        return builder.onDocumentPhase(state, document => {
            const path = shown.get(document.uri.toString());
            if (path !== undefined) {
                if (done === 0) {
                    progress.phase(label, shown.size);
                }
                progress.tick(++done, path);
            }
        });
    });
    try {
        return await build();
    } finally {
        subscriptions.forEach(subscription => subscription.dispose());
        progress.done();
    }
}

/** The suffix that lets a file named without `.cjm` (an old version `map.cjm.orig`) load as CJM. */
const CJM_ALIAS = '.as.cjm';

/** Langium picks the language by file extension, so a file without `.cjm` loads under an alias beside it. */
function documentUri(path: string, all: Set<string>): string {
    if (path.endsWith('.cjm') && !path.endsWith(CJM_ALIAS)) {
        return path;
    }
    const alias = path + CJM_ALIAS;
    if (all.has(alias)) {
        throw new UsageError(`cannot load ${path}: ${alias} also exists`);
    }
    return alias;
}

function pathOf(fsPath: string): string {
    return fsPath.endsWith(CJM_ALIAS) ? fsPath.slice(0, -CJM_ALIAS.length) : fsPath;
}
