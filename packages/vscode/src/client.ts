import type * as vscode from 'vscode';
import type { ServerOptions } from 'vscode-languageclient/node';
import { LanguageClient, TransportKind } from 'vscode-languageclient/node';
import { cjmClientOptions } from './client-options.js';

/** Starts the bundled CJM language server (dist/server.cjs) over Node IPC and connects to it. */
export async function startLanguageClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): Promise<LanguageClient> {
    const module = context.asAbsolutePath('dist/server.cjs');
    const serverOptions: ServerOptions = {
        run: { module, transport: TransportKind.ipc },
        debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } }
    };
    // The id 'cjm' makes the client honour the `cjm.trace.server` setting.
    const client = new LanguageClient('cjm', 'CJM Language Server', serverOptions, cjmClientOptions(output));
    await client.start();
    return client;
}
