import * as vscode from 'vscode';
import { EMBEDDED_BUILTINS_URI } from '@cjm/language';

/**
 * Serves the built-in library at the URI the web-worker server gives it, so go to definition of a
 * built-in emotion or channel opens it (read-only) as on the desktop, where it is a file.
 */
export function registerBuiltinsDocument(text: string): vscode.Disposable {
    const scheme = vscode.Uri.parse(EMBEDDED_BUILTINS_URI).scheme;
    return vscode.workspace.registerTextDocumentContentProvider(scheme, {
        provideTextDocumentContent: (uri) => (uri.toString() === vscode.Uri.parse(EMBEDDED_BUILTINS_URI).toString() ? text : undefined)
    });
}
