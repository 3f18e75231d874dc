import * as vscode from 'vscode';
import type { LanguageClientOptions } from 'vscode-languageclient';
import { advisorySeverity, parseAdvisorySeverity } from './diagnostic-severity.js';

/** The client options both language clients share, the Node one and the web-worker one. */
export function cjmClientOptions(output: vscode.LogOutputChannel): LanguageClientOptions {
    return {
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
}
