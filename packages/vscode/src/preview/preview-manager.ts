import * as vscode from 'vscode';
import type { PreviewContext } from './preview-panel.js';
import { PREVIEW_VIEW_TYPE, PreviewPanel, previewTitle, previewWebviewOptions } from './preview-panel.js';

/**
 * Knows which preview panels exist and keeps them live, as VS Code's Markdown preview does: one
 * dynamic preview follows the active .cjm editor (Open Preview reuses it), and any number of
 * locked previews stay on their files. Every panel redraws when its document changes or the
 * server re-checks it (an edit of the persona library it uses), and highlights what the cursor is in.
 */
export class PreviewManager implements vscode.Disposable {
    private readonly panels = new Set<PreviewPanel>();
    /** The preview that follows the active editor; at most one. */
    private dynamic: PreviewPanel | undefined;
    private readonly disposables: vscode.Disposable[] = [];

    constructor(private readonly context: PreviewContext) {
        this.disposables.push(
            vscode.window.onDidChangeActiveTextEditor((editor) => {
                if (editor?.document.languageId === 'cjm') {
                    this.dynamic?.setResource(editor.document.uri);
                }
            }),
            vscode.workspace.onDidChangeTextDocument((event) => {
                if (event.document.languageId === 'cjm' && event.contentChanges.length > 0) {
                    this.panelsShowing(event.document.uri).forEach((panel) => panel.scheduleUpdate());
                }
            }),
            // The server publishes diagnostics for every document it re-checks, also for one whose
            // text did not change but which uses a persona, team or emotion of a file that did.
            vscode.languages.onDidChangeDiagnostics((event) => {
                for (const uri of event.uris) {
                    this.panelsShowing(uri).forEach((panel) => panel.scheduleUpdate(false));
                }
            }),
            vscode.window.onDidChangeTextEditorSelection((event) => {
                this.panelsShowing(event.textEditor.document.uri).forEach((panel) => panel.highlight(event.selections[0].active));
            }),
            vscode.workspace.onDidChangeConfiguration((event) => {
                if (event.affectsConfiguration('cjm.preview')) {
                    this.panels.forEach((panel) => void panel.update());
                }
            })
        );
    }

    /** Opens the dynamic preview on `uri` (or the active .cjm editor), reusing the one that exists. */
    showPreview(uri: vscode.Uri | undefined, toSide: boolean): void {
        const resource = uri ?? activeCjmDocument();
        if (!resource) {
            void vscode.window.showInformationMessage('CJM: open a .cjm file to preview it.');
            return;
        }
        const dynamic = this.dynamic;
        if (dynamic) {
            dynamic.setResource(resource);
            // To the side: where it already is, unless that is the editor's own group.
            const stays = toSide && dynamic.visible && dynamic.viewColumn !== vscode.window.activeTextEditor?.viewColumn;
            dynamic.reveal(stays ? dynamic.viewColumn : previewColumn(toSide), toSide);
            return;
        }
        this.track(this.createPanel(resource, toSide, false));
    }

    /**
     * Shows one journey's map: the dynamic preview moves to it (as it follows a subjourney link),
     * or, when there is none, a new one opens beside the active editor.
     */
    showJourney(uri: vscode.Uri, journeyId: string): void {
        const dynamic = this.dynamic;
        if (dynamic) {
            dynamic.setResource(uri, journeyId);
            dynamic.reveal(dynamic.viewColumn, false);
            return;
        }
        this.track(this.createPanel(uri, true, false, journeyId));
    }

    /** Opens a preview locked to `uri` (or the active .cjm editor), or brings forward the one that is. */
    showLockedPreview(uri: vscode.Uri | undefined, toSide: boolean): void {
        const resource = uri ?? activeCjmDocument();
        if (!resource) {
            void vscode.window.showInformationMessage('CJM: open a .cjm file to preview it.');
            return;
        }
        const existing = [...this.panels].find((panel) => panel.locked && panel.resource.toString() === resource.toString());
        if (existing) {
            existing.reveal(existing.viewColumn, toSide);
            return;
        }
        this.track(this.createPanel(resource, toSide, true));
    }

    /**
     * Locks the dynamic preview to its file, or unlocks a locked one so that it follows the editor.
     * There is only one dynamic preview, so one unlocked while another exists locks the other.
     */
    toggleLock(panel = this.activePanel()): void {
        if (!panel) {
            void vscode.window.showInformationMessage('CJM: open a preview first (CJM: Open Preview).');
            return;
        }
        if (!panel.locked) {
            panel.setLocked(true);
            this.dynamic = undefined;
            return;
        }
        if (this.dynamic && this.dynamic !== panel) {
            this.dynamic.setLocked(true);
        }
        panel.setLocked(false);
        this.dynamic = panel;
        const editor = activeCjmDocument();
        if (editor) {
            panel.setResource(editor);
        }
    }

    /** Reloads every preview. */
    refresh(): void {
        this.panels.forEach((panel) => panel.refresh());
    }

    /**
     * The preview that commands act on: the focused one; else one showing the active editor's
     * document (a visible one first, the dynamic one first); else the dynamic one, or the only one.
     */
    activePanel(): PreviewPanel | undefined {
        const panels = [...this.panels];
        const focused = panels.find((panel) => panel.active);
        if (focused) {
            return focused;
        }
        const editorUri = activeCjmDocument();
        if (editorUri) {
            const showing = this.panelsShowing(editorUri).sort((a, b) => commandRank(b) - commandRank(a));
            if (showing.length > 0) {
                return showing[0];
            }
        }
        return this.dynamic ?? (panels.length === 1 ? panels[0] : undefined);
    }

    /** Adopts a panel (a new one, or one VS Code restored after a reload); a second unlocked one is locked. */
    track(panel: PreviewPanel): void {
        this.panels.add(panel);
        if (!panel.locked) {
            if (this.dynamic) {
                panel.setLocked(true);
            } else {
                this.dynamic = panel;
            }
        }
        panel.onDidDispose(() => {
            this.panels.delete(panel);
            if (this.dynamic === panel) {
                this.dynamic = undefined;
            }
        });
    }

    dispose(): void {
        [...this.panels].forEach((panel) => panel.dispose());
        this.disposables.forEach((disposable) => disposable.dispose());
    }

    private createPanel(resource: vscode.Uri, toSide: boolean, locked: boolean, journeyId?: string): PreviewPanel {
        const panel = vscode.window.createWebviewPanel(
            PREVIEW_VIEW_TYPE,
            previewTitle(resource, locked),
            { viewColumn: previewColumn(toSide), preserveFocus: toSide },
            previewWebviewOptions(this.context.extensionUri)
        );
        return new PreviewPanel(panel, resource, { locked, journeyId }, this.context);
    }

    private panelsShowing(uri: vscode.Uri): PreviewPanel[] {
        return [...this.panels].filter((panel) => panel.resource.toString() === uri.toString());
    }
}

/** Among previews of one file, commands prefer a visible one, then the dynamic one. */
function commandRank(panel: PreviewPanel): number {
    return (panel.visible ? 2 : 0) + (panel.locked ? 0 : 1);
}

/** Beside the active editor, or in its group. */
function previewColumn(toSide: boolean): vscode.ViewColumn {
    return toSide ? vscode.ViewColumn.Beside : (vscode.window.activeTextEditor?.viewColumn ?? vscode.ViewColumn.One);
}

function activeCjmDocument(): vscode.Uri | undefined {
    const document = vscode.window.activeTextEditor?.document;
    return document?.languageId === 'cjm' ? document.uri : undefined;
}
