import type { MarkdownIt } from 'markdown-it';
import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import { FenceModels } from './markdown/fence-models.js';
import { cjmFencePlugin } from './markdown/markdown-it-plugin.js';
import type { PdfPrinter } from './pdf/pdf-printer.js';
import { PreviewManager } from './preview/preview-manager.js';
import type { ExportableDiagram, PreviewPanel } from './preview/preview-panel.js';
import { PREVIEW_VIEW_TYPE } from './preview/preview-panel.js';
import { PreviewSerializer } from './preview/preview-serializer.js';
import { DIAGRAM_LABELS } from './protocol.js';
import { OVERVIEW_VIEW_TYPE, OverviewPanel, OverviewSerializer } from './overview/overview-panel.js';

/** What the extension gives VS Code from `activate`: the markdown-it plugin of the Markdown preview. */
export interface CjmExtensionApi {
    extendMarkdownIt(md: MarkdownIt): MarkdownIt;
}

/**
 * Registers everything the extension offers on top of a started language client: the preview, its
 * commands and its serializer, the workspace overview, and the ```cjm blocks of the Markdown preview. The desktop and the
 * browser entry points differ in the client and in how a PDF is printed.
 */
export function registerFeatures(context: vscode.ExtensionContext, client: BaseLanguageClient, output: vscode.LogOutputChannel, pdf: PdfPrinter): CjmExtensionApi {
    const previewContext = { client, output, extensionUri: context.extensionUri, pdf };
    const previews = new PreviewManager(previewContext);
    const withPanel = (action: (panel: PreviewPanel) => unknown) => () => {
        const panel = previews.activePanel();
        if (panel) {
            return action(panel);
        }
        void vscode.window.showInformationMessage('CJM: open a preview first (CJM: Open Preview).');
    };
    const openJourney = (uri: vscode.Uri, journeyId: string) => vscode.commands.executeCommand('cjm.showJourney', uri, journeyId);
    const exportDiagram = (format: 'svg' | 'png') =>
        withPanel(async (panel) => {
            const diagram = await pickDiagram(panel.exportableDiagrams());
            if (diagram) {
                await panel.requestExport(format, diagram);
            }
        });
    context.subscriptions.push(
        previews,
        vscode.window.registerWebviewPanelSerializer(PREVIEW_VIEW_TYPE, new PreviewSerializer(previews, previewContext)),
        vscode.commands.registerCommand('cjm.showPreview', (uri?: vscode.Uri) => previews.showPreview(uri, false)),
        vscode.commands.registerCommand('cjm.showPreviewToSide', (uri?: vscode.Uri) => previews.showPreview(uri, true)),
        vscode.commands.registerCommand('cjm.showLockedPreviewToSide', (uri?: vscode.Uri) => previews.showLockedPreview(uri, true)),
        vscode.commands.registerCommand('cjm.togglePreviewLock', () => previews.toggleLock()),
        vscode.commands.registerCommand('cjm.showSource', withPanel((panel) => panel.showSource())),
        vscode.commands.registerCommand('cjm.refreshPreview', () => previews.refresh()),
        vscode.commands.registerCommand('cjm.exportSvg', exportDiagram('svg')),
        vscode.commands.registerCommand('cjm.exportPng', exportDiagram('png')),
        vscode.commands.registerCommand('cjm.exportMarkdown', withPanel((panel) => panel.exportMarkdown())),
        vscode.commands.registerCommand('cjm.exportPdf', withPanel((panel) => panel.exportPdf())),
        vscode.commands.registerCommand('cjm.showOverview', () => OverviewPanel.show(previewContext, openJourney)),
        vscode.window.registerWebviewPanelSerializer(OVERVIEW_VIEW_TYPE, new OverviewSerializer(previewContext, openJourney)),
        // A journey's map: from the overview, and from a subjourney link in a preview.
        vscode.commands.registerCommand('cjm.showJourney', (uri: vscode.Uri, journeyId: string) => previews.showJourney(uri, journeyId))
    );
    const fences = new FenceModels(client, output);
    context.subscriptions.push(fences);
    return { extendMarkdownIt: (md) => md.use(cjmFencePlugin, fences) };
}

/** The diagram to export: the only one shown, or the user's pick; undefined when there is none or the user cancels. */
async function pickDiagram(shown: ExportableDiagram[]): Promise<ExportableDiagram | undefined> {
    if (shown.length === 0) {
        void vscode.window.showErrorMessage('CJM: the preview shows no diagram to export as SVG or PNG; show one with the preview\'s View menu, or add "journey", "emotion" or "flow" to the cjm.preview.diagrams setting.');
        return undefined;
    }
    if (shown.length === 1) {
        return shown[0];
    }
    const picked = await vscode.window.showQuickPick(
        shown.map((diagram) => ({ label: DIAGRAM_LABELS[diagram], diagram })),
        { placeHolder: 'Which diagram?' }
    );
    return picked?.diagram;
}
