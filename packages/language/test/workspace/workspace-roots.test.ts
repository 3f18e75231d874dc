import { describe, expect, test } from 'vitest';
import { URI } from 'langium';
import { NodeFileSystem } from 'langium/node';
import { WorkspaceRoots } from '../../src/workspace/workspace-roots.js';

describe('the workspace roots a client names in initialize', () => {
    const roots = () => new WorkspaceRoots(NodeFileSystem.fileSystemProvider());

    test('a folder of github.dev or code-server (vscode-vfs:, vscode-remote:) is kept for the file system to read, as file: is', () => {
        const folders = [
            { uri: 'vscode-vfs://github/cjm/maps', name: 'maps' },
            { uri: 'vscode-remote://127.0.0.1:8080/home/me/maps', name: 'remote' },
            { uri: URI.file('/home/me/maps').toString(), name: 'local' }
        ];
        expect(roots().foldersFrom({ workspaceFolders: folders }).map(folder => folder.uri)).toEqual(folders.map(folder => folder.uri));
        expect(roots().foldersFrom({ rootUri: 'vscode-vfs://github/cjm/maps' })).toEqual([{ uri: 'vscode-vfs://github/cjm/maps', name: 'maps' }]);
    });

    test('what is no folder URI is left out', () => {
        expect(roots().foldersFrom({ workspaceFolders: [{ uri: 'not a uri', name: 'x' }, { uri: 'maps', name: 'y' }] })).toEqual([]);
    });
});
