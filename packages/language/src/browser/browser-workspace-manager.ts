import type { LangiumSharedCoreServices, URI } from 'langium';
import type { BuiltinLibrary } from '../builtins/builtin-library.js';
import { CjmWorkspaceManager } from '../workspace/cjm-workspace-manager.js';
import type { ClientFileSystemProvider } from './client-file-system.js';

/**
 * The web-worker server's workspace: each folder's `.cjm` files come from one `findFiles` request
 * to the client (on github.dev a walk folder by folder would be a request per folder), then the
 * Node server's rules drop what lies in dependency, build and hidden folders.
 */
export class CjmBrowserWorkspaceManager extends CjmWorkspaceManager {
    constructor(services: LangiumSharedCoreServices, builtins: BuiltinLibrary, private readonly files: ClientFileSystemProvider) {
        super(services, builtins);
    }

    protected override async traverseFolder(folder: URI, uris: URI[]): Promise<void> {
        let found: URI[];
        try {
            found = await this.files.findFiles(folder);
        } catch (error) {
            console.error(`CJM: could not list the .cjm files of ${folder.toString()}:`, error);
            return;
        }
        uris.push(...found.filter((uri) => this.isIncluded(folder, uri)));
    }

    /** A file is included when it and every folder between `folder` and it would be by a walk. */
    private isIncluded(folder: URI, file: URI): boolean {
        const base = folder.path.endsWith('/') ? folder.path : `${folder.path}/`;
        if (file.scheme !== folder.scheme || file.authority !== folder.authority || !file.path.startsWith(base)) {
            return false;
        }
        const segments = file.path.slice(base.length).split('/');
        let path = base.slice(0, -1);
        for (const segment of segments.slice(0, -1)) {
            path = `${path}/${segment}`;
            if (!this.shouldIncludeEntry({ uri: file.with({ path }), isDirectory: true, isFile: false })) {
                return false;
            }
        }
        return this.shouldIncludeEntry({ uri: file, isDirectory: false, isFile: true });
    }
}
