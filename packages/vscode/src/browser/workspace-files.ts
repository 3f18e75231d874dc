import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import type { FindFilesParams, ReadFileParams, StatParams, StatResult } from '@cjm/language';
import { FIND_FILES_REQUEST, READ_FILE_REQUEST, STAT_REQUEST } from '@cjm/language';

/**
 * Answers the web-worker server's file requests from VS Code's workspace, which in vscode.dev
 * and github.dev is the repository. Open documents reach the server as LSP text documents, so
 * what is read here is what is saved; the file watcher of the client options keeps it current.
 */
export function serveWorkspaceFiles(client: BaseLanguageClient): vscode.Disposable[] {
    return [
        client.onRequest(FIND_FILES_REQUEST, async (params: FindFilesParams): Promise<string[]> => {
            const files = await vscode.workspace.findFiles(new vscode.RelativePattern(vscode.Uri.parse(params.folder), '**/*.cjm'));
            return files.map((uri) => uri.toString());
        }),
        client.onRequest(READ_FILE_REQUEST, async (params: ReadFileParams): Promise<string> => {
            return new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.parse(params.uri)));
        }),
        client.onRequest(STAT_REQUEST, async (params: StatParams): Promise<StatResult | null> => {
            try {
                const { type } = await vscode.workspace.fs.stat(vscode.Uri.parse(params.uri));
                return { isFile: (type & vscode.FileType.File) !== 0, isDirectory: (type & vscode.FileType.Directory) !== 0 };
            } catch {
                return null;
            }
        })
    ];
}
