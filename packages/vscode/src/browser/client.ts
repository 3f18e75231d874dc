import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/browser';
import { cjmClientOptions } from '../client-options.js';
import { serveWorkspaceFiles } from './workspace-files.js';

/** The web worker's constructor, as the extension host's global scope offers it. */
declare const Worker: new (url: string, options?: { name?: string }) => ConstructorParameters<typeof LanguageClient>[3];

/**
 * Starts the web-worker build of the CJM language server (dist/browser/server.js) and connects to
 * it over `postMessage`. Its file requests are answered before it starts, because it lists the
 * workspace as soon as it is initialized.
 */
export async function startBrowserLanguageClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): Promise<LanguageClient> {
    const serverMain = vscode.Uri.joinPath(context.extensionUri, 'dist', 'browser', 'server.js');
    const worker = new Worker(serverMain.toString(true), { name: 'CJM Language Server' });
    // The id 'cjm' makes the client honour the `cjm.trace.server` setting.
    const client = new LanguageClient('cjm', 'CJM Language Server', cjmClientOptions(output), worker);
    context.subscriptions.push(...serveWorkspaceFiles(client));
    await client.start();
    return client;
}
