import { basename } from 'node:path';
import { URI, type LangiumDocument, type WorkspaceManager } from 'langium';
import type { Model } from '@cjm/language';
import { createNodeCjmWorkspace, type CjmWorkspace } from '@cjm/language/node';
import { findCjmFiles } from './cjm-files.js';
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
export async function loadWorkspace(requested: string[], roots: WorkspaceRoot[], versions: WorkspaceVersion = {}): Promise<LoadedWorkspace> {
    const overrides = versions.overrides ?? new Map<string, string>();
    const paths = new Set(requested);
    for (const root of roots) {
        (await findCjmFiles(root.folder, root)).forEach(path => paths.add(path));
    }
    [...overrides.keys()].forEach(path => paths.add(path));
    versions.exclude?.forEach(path => paths.delete(path));
    const asked = new Set(requested);
    const sources = [];
    for (const path of [...paths].sort()) {
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
    const loaded = await workspace.load(sources);
    const documents = new Map(loaded.map(document => [pathOf(document.uri.fsPath), document]));
    return { workspace, documents };
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
