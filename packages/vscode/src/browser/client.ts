import * as vscode from 'vscode';
import type { ServerOptions } from 'vscode-languageclient/browser';
import { LanguageClient } from 'vscode-languageclient/browser';
import { cjmClientOptions } from '../client-options.js';
import { serveWorkspaceFiles } from './workspace-files.js';

/** The web worker API, as the extension host's global scope offers it. */
declare const Worker: new (url: string, options?: { name?: string }) => ServerOptions;
declare const URL: { createObjectURL(blob: Blob): string };

/**
 * Starts the web-worker build of the CJM language server (dist/browser/server.js) and connects to
 * it over `postMessage`. Its file requests are answered before it starts, because it lists the
 * workspace as soon as it is initialized.
 */
export async function startBrowserLanguageClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): Promise<LanguageClient> {
    const serverMain = vscode.Uri.joinPath(context.extensionUri, 'dist', 'browser', 'server.js');
    const worker = new Worker(await workerScriptUrl(serverMain), { name: 'CJM Language Server' });
    // The id 'cjm' makes the client honour the `cjm.trace.server` setting.
    const client = new LanguageClient('cjm', 'CJM Language Server', worker, cjmClientOptions(output));
    context.subscriptions.push(...serveWorkspaceFiles(client));
    await client.start();
    return client;
}

/**
 * The worker script as a `blob:` URL. VS Code's extension host refuses to start a worker from an
 * extension installed on a remote (code-server, a Codespace in the browser: `vscode-remote:` URIs)
 * but resolves such URIs in `fetch`; on vscode.dev the extension's https URL fetches alike.
 */
async function workerScriptUrl(script: vscode.Uri): Promise<string> {
    const response = await fetch(script.toString(true));
    if (!response.ok) {
        throw new Error(`CJM: could not load the language server (${script.toString(true)}: HTTP ${response.status})`);
    }
    return URL.createObjectURL(new Blob([await response.text()], { type: 'text/javascript' }));
}
