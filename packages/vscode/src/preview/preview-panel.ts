import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { RenderModel, RenderModelParams } from '@cjm/language';
import { RENDER_MODEL_REQUEST, renderMarkdown } from '@cjm/language';
import type { HostToWebview, PreviewElement, Range, WebviewToHost } from '../protocol.js';
import { elementKey, parseDiagramSetting, parsePreviewTheme, parseWebviewMessage } from '../protocol.js';
import { buildRenderMessage, elementAt } from './render-message.js';
import { buildPreviewHtml, createNonce } from './security.js';

/** The webview type VS Code stores with a panel; the serializer is registered under it. */
export const PREVIEW_VIEW_TYPE = 'cjm.preview';

/** How long typing must pause before the preview redraws. */
const UPDATE_DELAY_MS = 300;

/** What every panel shares: the server connection, the output channel and where the bundles are. */
export interface PreviewContext {
    client: LanguageClient;
    output: vscode.LogOutputChannel;
    extensionUri: vscode.Uri;
}

/** The folders a preview may load files from: the stylesheet and icons, and the webview bundle with Mermaid. */
export function previewResourceRoots(extensionUri: vscode.Uri): vscode.Uri[] {
    return [vscode.Uri.joinPath(extensionUri, 'media'), vscode.Uri.joinPath(extensionUri, 'dist', 'webview')];
}

/** The webview options every preview gets: scripts on, and nothing loadable outside `previewResourceRoots`. */
export function previewWebviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
    return { enableScripts: true, localResourceRoots: previewResourceRoots(extensionUri) };
}

/** One preview panel: the document it shows, its journey choice, and the messages to and from its webview. */
export class PreviewPanel implements vscode.Disposable {
    private readonly disposables: vscode.Disposable[] = [];
    private readonly onDidDisposeEmitter = new vscode.EventEmitter<void>();
    /** Fires when the user closes the panel. */
    readonly onDidDispose = this.onDidDisposeEmitter.event;
    private model: RenderModel | undefined;
    /** The newest model of this document without syntax errors: the picture while the text does not parse. */
    private lastGood: RenderModel | undefined;
    private elements: PreviewElement[] = [];
    private requestCount = 0;
    private updateTimer: ReturnType<typeof setTimeout> | undefined;
    private lastHighlight: string | undefined;

    constructor(
        private readonly panel: vscode.WebviewPanel,
        private uri: vscode.Uri,
        private journeyId: string | undefined,
        private readonly context: PreviewContext
    ) {
        panel.webview.options = previewWebviewOptions(context.extensionUri);
        panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'preview-icon.svg');
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

    /** Brings the panel to the front. */
    reveal(column: vscode.ViewColumn | undefined): void {
        this.panel.reveal(column, true);
    }

    /** Shows another document (the preview follows the active .cjm editor). */
    setResource(uri: vscode.Uri): void {
        if (uri.toString() === this.uri.toString()) {
            return;
        }
        this.uri = uri;
        this.journeyId = undefined;
        this.model = undefined;
        this.lastGood = undefined;
        void this.update();
    }

    /** Redraws after typing pauses. */
    scheduleUpdate(): void {
        clearTimeout(this.updateTimer);
        this.updateTimer = setTimeout(() => void this.update(), UPDATE_DELAY_MS);
    }

    /** Asks the server for a fresh render model and sends the webview what to draw. */
    async update(): Promise<void> {
        clearTimeout(this.updateTimer);
        const request = ++this.requestCount;
        const uri = this.uri;
        this.panel.title = `Preview ${basename(uri)}`;
        try {
            // An open document is what the server knows about; opening is a no-op when it already is.
            await vscode.workspace.openTextDocument(uri);
            const params: RenderModelParams = { uri: uri.toString() };
            const model = await this.context.client.sendRequest<RenderModel | null>(RENDER_MODEL_REQUEST, params);
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
        } catch (error) {
            this.context.output.error(`[preview] ${basename(uri)}: ${error instanceof Error ? error.message : String(error)}`);
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

    /** Asks the webview for the drawn diagram; it answers with an export message. */
    requestExport(format: 'svg' | 'png', diagram?: 'journey' | 'emotion' | 'flow'): void {
        void this.post({ type: 'requestExport', format, diagram });
    }

    /** Saves the shown journey as Markdown with its Mermaid blocks. */
    async exportMarkdown(): Promise<void> {
        if (!this.model || !this.journeyId) {
            void vscode.window.showWarningMessage('CJM: this file has no journey to export.');
            return;
        }
        const markdown = renderMarkdown(this.model, { journey: this.journeyId });
        await this.save(markdown, 'md', 'Markdown');
    }

    dispose(): void {
        clearTimeout(this.updateTimer);
        this.onDidDisposeEmitter.fire();
        this.onDidDisposeEmitter.dispose();
        this.disposables.forEach((disposable) => disposable.dispose());
        this.disposables.length = 0;
        this.panel.dispose();
    }

    /** Writes a fresh HTML shell with a fresh nonce (a reload must never reuse an old one). */
    private loadPage(): void {
        const webview = this.panel.webview;
        const asset = (...path: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(this.context.extensionUri, ...path)).toString();
        webview.html = buildPreviewHtml({
            cspSource: webview.cspSource,
            nonce: createNonce(),
            styleUri: asset('media', 'preview.css'),
            mermaidUri: asset('dist', 'webview', 'mermaid.min.js'),
            scriptUri: asset('dist', 'webview', 'webview.js')
        });
    }

    private renderChoice(uri: vscode.Uri) {
        const config = vscode.workspace.getConfiguration('cjm.preview', uri);
        return { journeyId: this.journeyId, diagrams: parseDiagramSetting(config.get('diagrams')), theme: parsePreviewTheme(config.get('theme')), locked: false };
    }

    private async post(message: HostToWebview): Promise<void> {
        await this.panel.webview.postMessage(message);
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
                return;
            case 'reveal':
                if (message.uri === this.uri.toString()) {
                    await this.revealInEditor(message.range);
                }
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
                } else if (message.format === 'svg') {
                    await this.save(message.data!, 'svg', 'SVG', message.diagram);
                } else {
                    await this.save(Buffer.from(message.data!.slice(message.data!.indexOf(',') + 1), 'base64'), 'png', 'PNG', message.diagram);
                }
                return;
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

    private async revealInEditor(range: Range): Promise<void> {
        const document = await vscode.workspace.openTextDocument(this.uri);
        const visible = vscode.window.visibleTextEditors.find((editor) => editor.document.uri.toString() === this.uri.toString());
        const selection = new vscode.Selection(range.start.line, range.start.character, range.end.line, range.end.character);
        await vscode.window.showTextDocument(document, { viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One, selection, preserveFocus: false });
        vscode.window.activeTextEditor?.revealRange(selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    }

    private async save(content: string | Uint8Array, extension: string, label: string, diagram?: string): Promise<void> {
        const stem = basename(this.uri).replace(/\.cjm$/, '');
        const name = [stem, this.journeyId, diagram].filter(Boolean).join('-');
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

function basename(uri: vscode.Uri): string {
    return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}
