import * as vscode from 'vscode';
import type { LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import { LanguageClient, TransportKind } from 'vscode-languageclient/node';
import { advisorySeverity, parseAdvisorySeverity } from './diagnostic-severity.js';

/** Starts the bundled CJM language server (dist/server.cjs) over Node IPC and connects to it. */
export async function startLanguageClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): Promise<LanguageClient> {
    const module = context.asAbsolutePath('dist/server.cjs');
    const serverOptions: ServerOptions = {
        run: { module, transport: TransportKind.ipc },
        debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } }
    };
    const clientOptions: LanguageClientOptions = {
        documentSelector: [{ language: 'cjm' }],
        outputChannel: output,
        synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/*.cjm') },
        middleware: {
            handleDiagnostics(uri, diagnostics, next) {
                const setting = parseAdvisorySeverity(vscode.workspace.getConfiguration('cjm', uri).get('diagnostics.advisorySeverity'));
                for (const diagnostic of diagnostics) {
                    const lspSeverity = advisorySeverity(diagnostic.severity + 1, setting);
                    if (lspSeverity !== undefined) {
                        diagnostic.severity = (lspSeverity - 1) as vscode.DiagnosticSeverity;
                    }
                }
                next(uri, diagnostics);
            }
        }
    };
    // The id 'cjm' makes the client honour the `cjm.trace.server` setting.
    const client = new LanguageClient('cjm', 'CJM Language Server', serverOptions, clientOptions);
    await client.start();
    return client;
}
