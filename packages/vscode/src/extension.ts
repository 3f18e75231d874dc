import * as vscode from 'vscode';
import { startLanguageClient } from './client.js';
import type { CjmExtensionApi } from './features.js';
import { registerFeatures } from './features.js';
import { chromiumPdfPrinter } from './pdf/chromium-pdf-printer.js';

// For the in-host tests, which load this bundle beside the running extension.
export { previewResourceRoots } from './preview/preview-panel.js';

/** VS Code desktop (and code-server's Node extension host): the language server runs as a Node process. */
export async function activate(context: vscode.ExtensionContext): Promise<CjmExtensionApi> {
    const output = vscode.window.createOutputChannel('CJM', { log: true });
    context.subscriptions.push(output);
    const client = await startLanguageClient(context, output);
    // Disposing the client stops the server when the extension deactivates.
    context.subscriptions.push(client);
    return registerFeatures(context, client, output, chromiumPdfPrinter(context.extensionUri));
}
