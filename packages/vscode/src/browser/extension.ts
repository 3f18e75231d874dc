import * as vscode from 'vscode';
import builtinsText from '@cjm/language/builtins.cjm';
import type { CjmExtensionApi } from '../features.js';
import { registerFeatures } from '../features.js';
import { NO_PDF_IN_THE_BROWSER } from '../pdf/pdf-printer.js';
import { registerBuiltinsDocument } from './builtins-document.js';
import { startBrowserLanguageClient } from './client.js';

/** vscode.dev, github.dev and other web workbenches: the language server runs in a web worker. */
export async function activate(context: vscode.ExtensionContext): Promise<CjmExtensionApi> {
    const output = vscode.window.createOutputChannel('CJM', { log: true });
    context.subscriptions.push(output, registerBuiltinsDocument(builtinsText));
    const client = await startBrowserLanguageClient(context, output);
    // Disposing the client stops the worker when the extension deactivates.
    context.subscriptions.push(client);
    return registerFeatures(context, client, output, NO_PDF_IN_THE_BROWSER);
}
