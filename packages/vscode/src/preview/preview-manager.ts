import * as vscode from 'vscode';
import type { PreviewContext } from './preview-panel.js';
import { PREVIEW_VIEW_TYPE, PreviewPanel, previewWebviewOptions } from './preview-panel.js';

/**
 * Knows which preview panels exist and keeps them live: every panel follows the active .cjm
 * editor, redraws when its document changes, and highlights what the cursor is in.
 */
export class PreviewManager implements vscode.Disposable {
    private readonly panels = new Set<PreviewPanel>();
    private readonly disposables: vscode.Disposable[] = [];

    constructor(private readonly context: PreviewContext) {
        this.disposables.push(
            vscode.window.onDidChangeActiveTextEditor((editor) => {
                if (editor?.document.languageId === 'cjm') {
                    this.panels.forEach((panel) => panel.setResource(editor.document.uri));
                }
            }),
            vscode.workspace.onDidChangeTextDocument((event) => {
                if (event.document.languageId === 'cjm' && event.contentChanges.length > 0) {
                    this.panelsFor(event.document.uri).forEach((panel) => panel.scheduleUpdate());
                }
            }),
            vscode.window.onDidChangeTextEditorSelection((event) => {
                this.panelsFor(event.textEditor.document.uri).forEach((panel) => panel.highlight(event.selections[0].active));
            }),
            vscode.workspace.onDidChangeConfiguration((event) => {
                if (event.affectsConfiguration('cjm.preview')) {
                    this.panels.forEach((panel) => void panel.update());
                }
            })
        );
    }

    /** Opens (or brings forward) the preview of `uri`, or of the active .cjm editor. */
    showPreview(uri: vscode.Uri | undefined, toSide: boolean): void {
        const resource = uri ?? activeCjmDocument();
        if (!resource) {
            void vscode.window.showInformationMessage('CJM: open a .cjm file to preview it.');
            return;
        }
        const column = toSide ? vscode.ViewColumn.Beside : (vscode.window.activeTextEditor?.viewColumn ?? vscode.ViewColumn.One);
        const existing = this.panelsFor(resource)[0];
        if (existing) {
            existing.reveal(column);
            return;
        }
        const panel = vscode.window.createWebviewPanel(
            PREVIEW_VIEW_TYPE,
            'CJM Preview',
            { viewColumn: column, preserveFocus: toSide },
            previewWebviewOptions(this.context.extensionUri)
        );
        this.track(new PreviewPanel(panel, resource, undefined, this.context));
    }

    /** The preview that commands act on: the active one, else the only one. */
    activePanel(): PreviewPanel | undefined {
        const editorUri = activeCjmDocument();
        return (editorUri && this.panelsFor(editorUri)[0]) ?? (this.panels.size === 1 ? [...this.panels][0] : undefined);
    }

    /** Adopts a panel VS Code restored after a reload. */
    track(panel: PreviewPanel): void {
        this.panels.add(panel);
        panel.onDidDispose(() => this.panels.delete(panel));
    }

    dispose(): void {
        [...this.panels].forEach((panel) => panel.dispose());
        this.disposables.forEach((disposable) => disposable.dispose());
    }

    private panelsFor(uri: vscode.Uri): PreviewPanel[] {
        return [...this.panels].filter((panel) => panel.resource.toString() === uri.toString());
    }
}

function activeCjmDocument(): vscode.Uri | undefined {
    const document = vscode.window.activeTextEditor?.document;
    return document?.languageId === 'cjm' ? document.uri : undefined;
}
