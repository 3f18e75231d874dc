import * as vscode from 'vscode';
import { parsePreviewState } from '../protocol.js';
import type { PreviewManager } from './preview-manager.js';
import type { PreviewContext } from './preview-panel.js';
import { PreviewPanel } from './preview-panel.js';

/**
 * Restores previews after VS Code reloads, locked ones locked to their file. The saved state comes
 * from the webview, so it is validated; a preview whose state is unusable or whose file is gone
 * is closed, not shown empty.
 */
export class PreviewSerializer implements vscode.WebviewPanelSerializer {
    constructor(
        private readonly manager: PreviewManager,
        private readonly context: PreviewContext
    ) {}

    async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
        const restored = parsePreviewState(state);
        let uri: vscode.Uri | undefined;
        try {
            uri = restored ? vscode.Uri.parse(restored.uri, true) : undefined;
            if (uri) {
                await vscode.workspace.fs.stat(uri);
            }
        } catch {
            uri = undefined;
        }
        if (!restored || !uri) {
            this.context.output.info('[preview] closed a restored preview whose saved state or file is no longer valid');
            panel.dispose();
            return;
        }
        this.manager.track(new PreviewPanel(panel, uri, { journeyId: restored.journeyId, locked: restored.locked ?? false, view: restored.view }, this.context));
    }
}
