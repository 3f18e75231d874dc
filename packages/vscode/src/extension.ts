import * as vscode from 'vscode';
import { startLanguageClient } from './client.js';
import { PreviewManager } from './preview/preview-manager.js';
import { PREVIEW_VIEW_TYPE } from './preview/preview-panel.js';
import { PreviewSerializer } from './preview/preview-serializer.js';

/** Starts the language server and registers the preview, its commands and its serializer. */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
    const output = vscode.window.createOutputChannel('CJM', { log: true });
    context.subscriptions.push(output);
    const client = await startLanguageClient(context, output);
    // Disposing the client stops the server when the extension deactivates.
    context.subscriptions.push(client);
    const previewContext = { client, output, extensionUri: context.extensionUri };
    const previews = new PreviewManager(previewContext);
    const withPanel = (action: (panel: NonNullable<ReturnType<PreviewManager['activePanel']>>) => unknown) => () => {
        const panel = previews.activePanel();
        if (panel) {
            void action(panel);
        } else {
            void vscode.window.showInformationMessage('CJM: open a preview first (CJM: Open Preview).');
        }
    };
    const pickDiagram = async () =>
        (
            await vscode.window.showQuickPick(
                [
                    { label: 'Journey', diagram: 'journey' as const },
                    { label: 'Emotion curve', diagram: 'emotion' as const },
                    { label: 'Stage flow', diagram: 'flow' as const }
                ],
                { placeHolder: 'Which diagram?' }
            )
        )?.diagram;
    context.subscriptions.push(
        previews,
        vscode.window.registerWebviewPanelSerializer(PREVIEW_VIEW_TYPE, new PreviewSerializer(previews, previewContext)),
        vscode.commands.registerCommand('cjm.showPreview', (uri?: vscode.Uri) => previews.showPreview(uri, false)),
        vscode.commands.registerCommand('cjm.showPreviewToSide', (uri?: vscode.Uri) => previews.showPreview(uri, true)),
        vscode.commands.registerCommand(
            'cjm.exportSvg',
            withPanel(async (panel) => {
                const diagram = await pickDiagram();
                if (diagram) {
                    panel.requestExport('svg', diagram);
                }
            })
        ),
        vscode.commands.registerCommand(
            'cjm.exportPng',
            withPanel(async (panel) => {
                const diagram = await pickDiagram();
                if (diagram) {
                    panel.requestExport('png', diagram);
                }
            })
        ),
        vscode.commands.registerCommand('cjm.exportMarkdown', withPanel((panel) => panel.exportMarkdown()))
    );
}
