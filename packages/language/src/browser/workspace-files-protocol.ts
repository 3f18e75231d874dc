/**
 * The requests the web-worker language server sends its client for the workspace's files: a worker
 * has no file system, so the extension answers them through VS Code's `workspace.findFiles` and
 * `workspace.fs` (which in vscode.dev and github.dev read the repository over the network).
 * URIs are strings as VS Code writes them.
 */

/** The `.cjm` files under a folder. Params `{ folder }`, result the files' URIs. */
export const FIND_FILES_REQUEST = 'cjm/workspace/findFiles';
export interface FindFilesParams {
    folder: string;
}

/** A file's text (UTF-8). Params `{ uri }`; fails when the file cannot be read. */
export const READ_FILE_REQUEST = 'cjm/workspace/readFile';
export interface ReadFileParams {
    uri: string;
}

/** Whether a URI is a file or a folder. Params `{ uri }`, result null when nothing is there. */
export const STAT_REQUEST = 'cjm/workspace/stat';
export interface StatParams {
    uri: string;
}
export interface StatResult {
    isFile: boolean;
    isDirectory: boolean;
}
