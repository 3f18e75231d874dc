import * as vscode from 'vscode';
import type { WorkspaceOverview } from '@cjm/language';
import { overviewHtml, PORTFOLIO_CANVAS_ID, WORKSPACE_OVERVIEW_REQUEST } from '@cjm/language';
import type { Range, WebviewToHost } from '../protocol.js';
import { parseOverviewState, parsePreviewTheme, parseWebviewMessage } from '../protocol.js';
import type { PreviewContext } from '../preview/preview-panel.js';
import { previewWebviewOptions } from '../preview/preview-panel.js';
import { buildPreviewHtml, createNonce } from '../preview/security.js';

/** The webview type VS Code stores with the overview panel; its serializer is registered under it. */
export const OVERVIEW_VIEW_TYPE = 'cjm.overview';

/** How long changes must pause before the overview is asked for again. */
const UPDATE_DELAY_MS = 300;

/** Opens a journey's map in the preview (the `cjm.showJourney` command). */
export type OpenJourney = (uri: vscode.Uri, journeyId: string) => unknown;

/**
 * The workspace overview (CJM: Open Workspace Overview): one panel, drawn from the language
 * server's overview (the one computation `cjm report` uses too) under the preview's CSP, and kept
 * live as any .cjm file changes. Clicking a journey opens its preview; clicking a row reveals it.
 */
export class OverviewPanel implements vscode.Disposable {
    private static current: OverviewPanel | undefined;
    private readonly disposables: vscode.Disposable[] = [];
    private overview: WorkspaceOverview | undefined;
    private updateTimer: ReturnType<typeof setTimeout> | undefined;
    private requestCount = 0;

    /** Shows the overview, creating its panel or bringing the one that exists forward. */
    static show(context: PreviewContext, openJourney: OpenJourney): OverviewPanel {
        if (OverviewPanel.current) {
            OverviewPanel.current.panel.reveal(undefined, false);
            return OverviewPanel.current;
        }
        const panel = vscode.window.createWebviewPanel(OVERVIEW_VIEW_TYPE, 'Workspace Overview', vscode.ViewColumn.Active, previewWebviewOptions(context.extensionUri));
        return new OverviewPanel(panel, context, openJourney);
    }

    /** Adopts a panel VS Code restores after a reload. */
    static restore(panel: vscode.WebviewPanel, state: unknown, context: PreviewContext, openJourney: OpenJourney): void {
        if (!parseOverviewState(state) || OverviewPanel.current) {
            context.output.info('[overview] closed a restored overview whose saved state is not one, or that is open already');
            panel.dispose();
            return;
        }
        new OverviewPanel(panel, context, openJourney);
    }

    private constructor(private readonly panel: vscode.WebviewPanel, private readonly context: PreviewContext, private readonly openJourney: OpenJourney) {
        OverviewPanel.current = this;
        panel.webview.options = previewWebviewOptions(context.extensionUri);
        panel.title = 'Workspace Overview';
        panel.iconPath = {
            light: vscode.Uri.joinPath(context.extensionUri, 'media', 'preview-icon.svg'),
            dark: vscode.Uri.joinPath(context.extensionUri, 'media', 'preview-icon-dark.svg')
        };
        const watcher = vscode.workspace.createFileSystemWatcher('**/*.cjm');
        const schedule = () => this.scheduleUpdate();
        this.disposables.push(
            watcher,
            watcher.onDidCreate(schedule),
            watcher.onDidDelete(schedule),
            watcher.onDidChange(schedule),
            vscode.workspace.onDidChangeTextDocument((event) => {
                if (event.document.languageId === 'cjm' && event.contentChanges.length > 0) {
                    schedule();
                }
            }),
            vscode.workspace.onDidChangeConfiguration((event) => {
                if (event.affectsConfiguration('cjm.preview.theme')) {
                    void this.update();
                }
            }),
            panel.webview.onDidReceiveMessage((raw) => void this.onMessage(parseWebviewMessage(raw), raw)),
            panel.onDidDispose(() => this.dispose())
        );
        const webview = panel.webview;
        const asset = (...path: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(context.extensionUri, ...path)).toString();
        webview.html = buildPreviewHtml({
            cspSource: webview.cspSource,
            nonce: createNonce(),
            styleUri: asset('media', 'overview.css'),
            mapStyleUri: asset('media', 'map.css'),
            mermaidUri: asset('dist', 'webview', 'mermaid.min.js'),
            scriptUri: asset('dist', 'webview', 'overview.js'),
            title: 'CJM Workspace Overview'
        });
    }

    dispose(): void {
        clearTimeout(this.updateTimer);
        if (OverviewPanel.current === this) {
            OverviewPanel.current = undefined;
        }
        this.disposables.forEach((disposable) => disposable.dispose());
        this.disposables.length = 0;
        this.panel.dispose();
    }

    private scheduleUpdate(): void {
        clearTimeout(this.updateTimer);
        this.updateTimer = setTimeout(() => void this.update(), UPDATE_DELAY_MS);
    }

    /** Asks the server for the overview (once the workspace is validated) and sends the webview its tables. */
    private async update(): Promise<void> {
        clearTimeout(this.updateTimer);
        const request = ++this.requestCount;
        try {
            const overview = await this.context.client.sendRequest<WorkspaceOverview>(WORKSPACE_OVERVIEW_REQUEST);
            if (request !== this.requestCount) {
                return;
            }
            this.overview = overview;
            const { html, portfolio } = overviewHtml(overview);
            const theme = parsePreviewTheme(vscode.workspace.getConfiguration('cjm.preview').get('theme'));
            await this.panel.webview.postMessage({ type: 'overview', html, ...(portfolio !== undefined ? { portfolio } : {}), canvasId: PORTFOLIO_CANVAS_ID, theme });
        } catch (error) {
            this.context.output.error(`[overview] ${error instanceof Error ? error.message : String(error)}`);
        }
    }

    private async onMessage(message: WebviewToHost | undefined, raw: unknown): Promise<void> {
        if (!message) {
            this.context.output.warn(`[overview] ignored a malformed message from the webview: ${JSON.stringify(raw)?.slice(0, 200)}`);
            return;
        }
        switch (message.type) {
            case 'ready':
                await this.update();
                return;
            case 'openJourney': {
                // Only a journey the overview shows: the message comes from the webview.
                const journey = this.overview?.journeys.find((candidate) => candidate.id === message.journeyId && candidate.uri === message.uri);
                if (journey) {
                    await this.openJourney(vscode.Uri.parse(journey.uri, true), journey.id);
                }
                return;
            }
            case 'reveal':
                if (this.overview && knownUris(this.overview).has(message.uri)) {
                    await revealInEditor(vscode.Uri.parse(message.uri, true), message.range);
                }
                return;
            case 'cspViolation':
                this.context.output.error(`[overview] Content-Security-Policy violation: ${message.message}`);
                return;
            case 'renderError':
                this.context.output.warn(`[overview] ${message.message}`);
                return;
            default:
                return;
        }
    }
}

/** The documents the overview names: the only ones a click in it may open. */
function knownUris(overview: WorkspaceOverview): Set<string> {
    return new Set([...overview.journeys, ...overview.portfolio, ...overview.insights, ...overview.metrics].map((place) => place.uri));
}

async function revealInEditor(uri: vscode.Uri, range: Range): Promise<void> {
    const document = await vscode.workspace.openTextDocument(uri);
    const selection = new vscode.Selection(range.start.line, range.start.character, range.end.line, range.end.character);
    const editor = await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, selection, preserveFocus: false });
    editor.revealRange(selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

/** Restores the overview after VS Code reloads. */
export class OverviewSerializer implements vscode.WebviewPanelSerializer {
    constructor(private readonly context: PreviewContext, private readonly openJourney: OpenJourney) {}

    deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Thenable<void> {
        OverviewPanel.restore(panel, state, this.context, this.openJourney);
        return Promise.resolve();
    }
}
