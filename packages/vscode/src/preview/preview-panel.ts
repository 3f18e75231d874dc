import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import type { RenderModel, RenderModelParams } from '@cjm/language';
import { journeyPersonaIds, RENDER_MODEL_REQUEST, renderMarkdown } from '@cjm/language';
import type { PdfPrinter } from '../pdf/pdf-printer.js';
import type { DiagramKind, HostToWebview, PreviewElement, PreviewView, Range, WebviewToHost } from '../protocol.js';
import { DEFAULT_VIEW, DIAGRAM_LABELS, elementKey, parseDiagramSetting, parsePreviewTheme, parseWebviewMessage } from '../protocol.js';
import { buildRenderMessage, elementAt } from './render-message.js';
import { buildPreviewHtml, createNonce } from './security.js';

/** The webview type VS Code stores with a panel; the serializer is registered under it. */
export const PREVIEW_VIEW_TYPE = 'cjm.preview';

/**
 * A change while the preview is idle is drawn at once. Changes that come while an update is on its
 * way (a burst of keystrokes) are drawn once, this long after the last of them.
 */
const BURST_DELAY_MS = 150;

/** How long a hidden preview may take to load again before an export gives up. */
const SHOW_TIMEOUT_MS = 15_000;

/** The diagrams that can be exported as SVG or PNG. */
export type ExportableDiagram = Exclude<DiagramKind, 'grid'>;

/** What every panel shares: the server connection, the output channel, where the bundles are, and how PDFs are printed. */
export interface PreviewContext {
    client: BaseLanguageClient;
    output: vscode.LogOutputChannel;
    extensionUri: vscode.Uri;
    pdf: PdfPrinter;
}

/** The folders a preview may load files from: the stylesheet and icons, and the webview bundle with Mermaid. */
export function previewResourceRoots(extensionUri: vscode.Uri): vscode.Uri[] {
    return [vscode.Uri.joinPath(extensionUri, 'media'), vscode.Uri.joinPath(extensionUri, 'dist', 'webview')];
}

/** The webview options every preview gets: scripts on, and nothing loadable outside `previewResourceRoots`. */
export function previewWebviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
    return { enableScripts: true, enableForms: false, localResourceRoots: previewResourceRoots(extensionUri) };
}

/** The tab title: Markdown's convention, `[Preview]` for a preview locked to its file. */
export function previewTitle(uri: vscode.Uri, locked: boolean): string {
    return `${locked ? '[Preview]' : 'Preview'} ${basename(uri)}`;
}

/**
 * One preview panel: the document it shows, its journey choice, whether it is locked to that
 * document, and the messages to and from its webview.
 */
export class PreviewPanel implements vscode.Disposable {
    private readonly disposables: vscode.Disposable[] = [];
    private readonly onDidDisposeEmitter = new vscode.EventEmitter<void>();
    /** Fires when the user closes the panel. */
    readonly onDidDispose = this.onDidDisposeEmitter.event;
    private journeyId: string | undefined;
    private isLocked: boolean;
    private model: RenderModel | undefined;
    /** The newest model of this document without syntax errors: the picture while the text does not parse. */
    private lastGood: RenderModel | undefined;
    private elements: PreviewElement[] = [];
    private view: PreviewView;
    private requestCount = 0;
    /** The update under way: its request to the server is cancelled when a newer one starts. */
    private updating: vscode.CancellationTokenSource | undefined;
    private updateTimer: ReturnType<typeof setTimeout> | undefined;
    private lastHighlight: string | undefined;
    /** Waiting for the webview to load (again) and receive its content. */
    private readonly loadWaiters: (() => void)[] = [];

    constructor(
        private readonly panel: vscode.WebviewPanel,
        private uri: vscode.Uri,
        options: { journeyId?: string; locked: boolean; view?: PreviewView },
        private readonly context: PreviewContext
    ) {
        this.journeyId = options.journeyId;
        this.isLocked = options.locked;
        this.view = options.view ?? DEFAULT_VIEW;
        panel.webview.options = previewWebviewOptions(context.extensionUri);
        panel.iconPath = {
            light: vscode.Uri.joinPath(context.extensionUri, 'media', 'preview-icon.svg'),
            dark: vscode.Uri.joinPath(context.extensionUri, 'media', 'preview-icon-dark.svg')
        };
        panel.title = previewTitle(uri, this.isLocked);
        this.disposables.push(
            panel.webview.onDidReceiveMessage((raw) => void this.onMessage(parseWebviewMessage(raw), raw)),
            panel.onDidDispose(() => this.dispose())
        );
        this.loadPage();
    }

    /** The document this panel shows. */
    get resource(): vscode.Uri {
        return this.uri;
    }

    /** A locked preview stays on its document; an unlocked one follows the active editor. */
    get locked(): boolean {
        return this.isLocked;
    }

    /** True while the panel has focus. */
    get active(): boolean {
        return this.panel.active;
    }

    /** True while the panel's tab is shown in its editor group. */
    get visible(): boolean {
        return this.panel.visible;
    }

    get viewColumn(): vscode.ViewColumn | undefined {
        return this.panel.viewColumn;
    }

    /** Brings the panel to the front. */
    reveal(column: vscode.ViewColumn | undefined, preserveFocus = true): void {
        this.panel.reveal(column, preserveFocus);
    }

    /** Locks the preview to its document, or lets it follow the active editor again. */
    setLocked(locked: boolean): void {
        this.isLocked = locked;
        this.panel.title = previewTitle(this.uri, locked);
        // The webview keeps the lock in its state, for restoring after a reload.
        void this.update();
    }

    /** Shows another document (the dynamic preview follows the active .cjm editor), or another journey of it. */
    setResource(uri: vscode.Uri, journeyId?: string): void {
        if (uri.toString() === this.uri.toString()) {
            if (journeyId !== undefined && journeyId !== this.journeyId) {
                this.journeyId = journeyId;
                void this.update();
            }
            return;
        }
        this.uri = uri;
        this.journeyId = journeyId;
        this.model = undefined;
        this.lastGood = undefined;
        this.panel.title = previewTitle(uri, this.isLocked);
        void this.update();
    }

    /**
     * Redraws for a change: at once when the preview is idle, else once the burst pauses.
     * `postpone` restarts the wait of a burst (typing); without it a redraw already waiting is left
     * as it is (the server re-checked the document after a change elsewhere).
     */
    scheduleUpdate(postpone = true): void {
        if (this.updateTimer !== undefined && !postpone) {
            return;
        }
        clearTimeout(this.updateTimer);
        this.updateTimer = undefined;
        if (this.updating) {
            this.updateTimer = setTimeout(() => void this.update(), BURST_DELAY_MS);
        } else {
            void this.update();
        }
    }

    /** Asks the server for a fresh render model and sends the webview what to draw. */
    async update(): Promise<void> {
        clearTimeout(this.updateTimer);
        this.updateTimer = undefined;
        const request = ++this.requestCount;
        const uri = this.uri;
        this.updating?.cancel();
        const updating = new vscode.CancellationTokenSource();
        this.updating = updating;
        try {
            const model = await this.fetchModel(uri, updating);
            if (request !== this.requestCount || !model) {
                return;
            }
            this.model = model;
            if (model.syntaxErrorCount === 0) {
                this.lastGood = model;
            }
            const message = buildRenderMessage(model, basename(uri), this.renderChoice(uri), this.lastGood);
            this.elements = message.elements;
            this.journeyId = message.journeyId;
            await this.post(message);
            this.highlightCursor();
        } catch (error) {
            if (!updating.token.isCancellationRequested) {
                this.context.output.error(`[preview] ${basename(uri)}: ${error instanceof Error ? error.message : String(error)}`);
            }
        } finally {
            if (this.updating === updating) {
                this.updating = undefined;
            }
            updating.dispose();
        }
    }

    /** Loads the page afresh, as a reload of the window would (the webview keeps its scroll position). */
    refresh(): void {
        this.loadPage();
    }

    /** Highlights what the cursor of an editor of this document is in (a new page, or another document, has no highlight yet). */
    private highlightCursor(): void {
        const editors = [vscode.window.activeTextEditor, ...vscode.window.visibleTextEditors];
        const editor = editors.find((candidate) => candidate?.document.uri.toString() === this.uri.toString());
        if (editor) {
            this.highlight(editor.selection.active);
        }
    }

    /** Highlights the stage or touchpoint under the cursor. */
    highlight(position: vscode.Position): void {
        const element = elementAt(this.elements, position.line, position.character);
        const key = element ? elementKey(element) : undefined;
        if (key !== this.lastHighlight) {
            this.lastHighlight = key;
            void this.post({ type: 'highlight', elementKey: key });
        }
    }

    /** The diagrams this preview shows that can be exported as SVG or PNG, in display order. */
    exportableDiagrams(): ExportableDiagram[] {
        return this.shownDiagrams().filter((kind): kind is ExportableDiagram => kind !== 'grid');
    }

    /** The diagrams the settings ask for, less those the reader hid. */
    private shownDiagrams(): DiagramKind[] {
        return this.renderChoice(this.uri).diagrams.filter((kind) => !this.view.hiddenDiagrams.includes(kind));
    }

    /**
     * Exports a drawn diagram: the webview answers with an export message, or says why it could
     * not. A hidden preview has no live webview, so it is shown first and loaded again.
     */
    async requestExport(format: 'svg' | 'png', diagram: ExportableDiagram): Promise<void> {
        const model = this.model ?? (await this.fetchModel(this.uri));
        if (!model || model.journeys.length === 0) {
            void vscode.window.showErrorMessage(`CJM: ${basename(this.uri)} has no journey to export.`);
            return;
        }
        if (!this.exportableDiagrams().includes(diagram)) {
            const how = this.view.hiddenDiagrams.includes(diagram) ? 'show it with the preview\'s View menu' : `add "${diagram}" to the cjm.preview.diagrams setting`;
            void vscode.window.showErrorMessage(`CJM: the preview does not show the ${DIAGRAM_LABELS[diagram].toLowerCase()}; ${how} to export it.`);
            return;
        }
        if (!this.panel.visible && !(await this.showAndLoad())) {
            void vscode.window.showErrorMessage(`CJM: the preview of ${basename(this.uri)} did not load, so the ${DIAGRAM_LABELS[diagram].toLowerCase()} could not be exported.`);
            return;
        }
        if (!(await this.post({ type: 'requestExport', format, diagram }))) {
            void vscode.window.showErrorMessage(`CJM: the preview of ${basename(this.uri)} is not open, so the ${DIAGRAM_LABELS[diagram].toLowerCase()} could not be exported.`);
        }
    }

    /** Saves the shown journey as Markdown with its Mermaid blocks: the Markdown `cjm render --format md` writes. */
    async exportMarkdown(): Promise<void> {
        const model = this.model ?? (await this.fetchModel(this.uri));
        const journeyId = this.journeyId ?? model?.journeys[0]?.id;
        if (!model || !journeyId) {
            void vscode.window.showErrorMessage(`CJM: ${basename(this.uri)} has no journey to export.`);
            return;
        }
        // What the preview shows: its diagrams and lanes, and the persona picked (when this journey has it).
        const journey = model.journeys.find((candidate) => candidate.id === journeyId);
        const persona = journey && this.view.persona !== undefined && journeyPersonaIds(journey).includes(this.view.persona) ? this.view.persona : undefined;
        const markdown = renderMarkdown(model, { journey: journeyId, persona, diagrams: this.shownDiagrams(), hiddenLanes: this.view.hiddenLanes });
        await this.save(markdown, 'md', 'Markdown', undefined, journeyId);
    }

    /**
     * Saves the shown journey as a PDF: the one `cjm render --format pdf --journey ID` prints, every
     * diagram and the grid. Says why when this extension host cannot print one.
     */
    async exportPdf(): Promise<void> {
        const printing = this.context.pdf();
        if (!printing.available) {
            void vscode.window.showErrorMessage(`CJM: cannot export a PDF here: ${printing.reason}.`);
            return;
        }
        const model = this.model ?? (await this.fetchModel(this.uri));
        const journey = model?.journeys.find((candidate) => candidate.id === this.journeyId) ?? model?.journeys[0];
        if (!model || !journey) {
            void vscode.window.showErrorMessage(`CJM: ${basename(this.uri)} has no journey to export.`);
            return;
        }
        let pdf: Uint8Array;
        try {
            pdf = await vscode.window.withProgress(
                { location: vscode.ProgressLocation.Notification, title: `CJM: printing ${journey.title} to PDF…` },
                () => printing.print({ ...model, journeys: [journey] })
            );
        } catch (error) {
            const reason = error instanceof Error ? error.message : String(error);
            this.context.output.error(`[preview] PDF of ${basename(this.uri)}: ${reason}`);
            void vscode.window.showErrorMessage(`CJM: could not print the PDF: ${reason}`);
            return;
        }
        await this.save(pdf, 'pdf', 'PDF', undefined, journey.id);
    }

    /** Opens the previewed document in an editor: beside the preview, or where it is already shown. */
    async showSource(): Promise<void> {
        const document = await vscode.workspace.openTextDocument(this.uri);
        await vscode.window.showTextDocument(document, { viewColumn: this.sourceColumn() });
    }

    dispose(): void {
        clearTimeout(this.updateTimer);
        this.onDidDisposeEmitter.fire();
        this.onDidDisposeEmitter.dispose();
        this.disposables.forEach((disposable) => disposable.dispose());
        this.disposables.length = 0;
        this.panel.dispose();
    }

    /** An open document is what the server knows about; opening is a no-op when it already is. */
    private async fetchModel(uri: vscode.Uri, cancellation?: vscode.CancellationTokenSource): Promise<RenderModel | null> {
        const document = await vscode.workspace.openTextDocument(uri);
        const params: RenderModelParams = { uri: uri.toString(), version: document.version };
        return this.context.client.sendRequest<RenderModel | null>(RENDER_MODEL_REQUEST, params, cancellation?.token);
    }

    /** Shows the panel without taking focus and resolves once its page has loaded and been sent its content. */
    private async showAndLoad(): Promise<boolean> {
        let timer: ReturnType<typeof setTimeout> | undefined;
        const loaded = new Promise<boolean>((resolve) => {
            this.loadWaiters.push(() => resolve(true));
            timer = setTimeout(() => resolve(false), SHOW_TIMEOUT_MS);
        });
        this.panel.reveal(this.panel.viewColumn, true);
        const result = await loaded;
        clearTimeout(timer);
        return result;
    }

    /** Writes a fresh HTML shell with a fresh nonce (a reload must never reuse an old one). */
    private loadPage(): void {
        const webview = this.panel.webview;
        const asset = (...path: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(this.context.extensionUri, ...path)).toString();
        webview.html = buildPreviewHtml({
            cspSource: webview.cspSource,
            nonce: createNonce(),
            styleUri: asset('media', 'preview.css'),
            mapStyleUri: asset('media', 'map.css'),
            mermaidUri: asset('dist', 'webview', 'mermaid.min.js'),
            scriptUri: asset('dist', 'webview', 'webview.js')
        });
    }

    private renderChoice(uri: vscode.Uri) {
        const config = vscode.workspace.getConfiguration('cjm.preview', uri);
        return {
            journeyId: this.journeyId,
            diagrams: parseDiagramSetting(config.get('diagrams')),
            view: this.view,
            theme: parsePreviewTheme(config.get('theme')),
            locked: this.isLocked
        };
    }

    /** Posts to the webview; false when the message was dropped (a hidden webview is not live). */
    private post(message: HostToWebview): Thenable<boolean> {
        return this.panel.webview.postMessage(message);
    }

    private async onMessage(message: WebviewToHost | undefined, raw: unknown): Promise<void> {
        if (!message) {
            this.context.output.warn(`[preview] ignored a malformed message from the webview: ${JSON.stringify(raw)?.slice(0, 200)}`);
            return;
        }
        switch (message.type) {
            case 'ready':
                // A new page (first load, or shown again after being hidden) has nothing drawn yet.
                this.lastHighlight = undefined;
                await this.update();
                this.loadWaiters.splice(0).forEach((loaded) => loaded());
                return;
            case 'reveal':
                if (message.uri === this.uri.toString()) {
                    await this.revealInEditor(message.range);
                }
                return;
            case 'setView':
                this.view = message.view;
                await this.update();
                return;
            case 'selectJourney':
                if (this.model?.journeys.some((journey) => journey.id === message.journeyId) || this.lastGood?.journeys.some((journey) => journey.id === message.journeyId)) {
                    this.journeyId = message.journeyId;
                    await this.update();
                }
                return;
            case 'export':
                if (message.format === 'markdown') {
                    await this.exportMarkdown();
                } else if (message.format === 'pdf') {
                    await this.exportPdf();
                } else if (message.format === 'svg') {
                    await this.save(message.data!, 'svg', 'SVG', message.diagram);
                } else {
                    await this.save(base64Bytes(message.data!.slice(message.data!.indexOf(',') + 1)), 'png', 'PNG', message.diagram);
                }
                return;
            case 'openJourney': {
                // Only a subjourney of the journey drawn: the message comes from the webview.
                const journey = this.model?.journeys.find((candidate) => candidate.id === this.journeyId) ?? this.model?.journeys[0];
                const links = journey?.stages.flatMap((stage) => [...stage.subjourneys, ...stage.touchpoints.flatMap((touchpoint) => touchpoint.subjourneys)]) ?? [];
                const link = links.find((candidate) => candidate.id === message.journeyId && candidate.uri !== undefined && candidate.uri === message.uri);
                if (link?.uri) {
                    await vscode.commands.executeCommand('cjm.showJourney', vscode.Uri.parse(link.uri, true), link.id);
                }
                return;
            }
            case 'cspViolation':
                this.context.output.error(`[preview] Content-Security-Policy violation: ${message.message}`);
                return;
            case 'renderError':
                this.context.output.warn(`[preview] ${message.message}`);
                return;
            case 'exportFailed':
                this.context.output.warn(`[preview] export: ${message.message}`);
                void vscode.window.showErrorMessage(`CJM: could not export: ${message.message}`);
                return;
        }
    }

    /** The editor column for the source: where it is already shown, else beside the preview. */
    private sourceColumn(): vscode.ViewColumn {
        const visible = vscode.window.visibleTextEditors.find((editor) => editor.document.uri.toString() === this.uri.toString());
        if (visible?.viewColumn !== undefined) {
            return visible.viewColumn;
        }
        return this.panel.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One;
    }

    private async revealInEditor(range: Range): Promise<void> {
        const document = await vscode.workspace.openTextDocument(this.uri);
        const selection = new vscode.Selection(range.start.line, range.start.character, range.end.line, range.end.character);
        const editor = await vscode.window.showTextDocument(document, { viewColumn: this.sourceColumn(), selection, preserveFocus: false });
        editor.revealRange(selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    }

    private async save(content: string | Uint8Array, extension: string, label: string, diagram?: string, journeyId = this.journeyId): Promise<void> {
        const stem = basename(this.uri).replace(/\.cjm$/, '');
        const name = [stem, journeyId, diagram].filter(Boolean).join('-');
        const target = await vscode.window.showSaveDialog({
            defaultUri: vscode.Uri.joinPath(this.uri, '..', `${name}.${extension}`),
            filters: { [label]: [extension] }
        });
        if (!target) {
            return;
        }
        await vscode.workspace.fs.writeFile(target, typeof content === 'string' ? new TextEncoder().encode(content) : content);
        void vscode.window.showInformationMessage(`CJM: saved ${basename(target)}`);
    }
}

/** Decodes base64 without Node's Buffer, which the browser's extension host does not have. */
function base64Bytes(base64: string): Uint8Array {
    return Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
}

function basename(uri: vscode.Uri): string {
    return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}
