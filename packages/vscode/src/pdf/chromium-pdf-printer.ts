import * as vscode from 'vscode';
import type { RenderModel } from '@cjm/language';
import { renderHtmlPage } from '@cjm/language';
import type { PageSize } from '@cjm/language/node';
import { CHROMIUM_CANDIDATES, findChromium, PAGE_SIZES, printPdf } from '@cjm/language/node';
import type { PdfPrinter } from './pdf-printer.js';

/**
 * VS Code desktop's PDFs: the page `cjm render --format pdf` prints (every diagram and the grid,
 * light theme), printed by the machine's Chromium (the `cjm.export.chromium` setting, else where
 * the CLI looks) on the paper of `cjm.export.pdfPage`, with the Mermaid the preview ships.
 */
export function chromiumPdfPrinter(extensionUri: vscode.Uri): PdfPrinter {
    return () => {
        const config = vscode.workspace.getConfiguration('cjm.export');
        const configured = config.get<string>('chromium')?.trim() || undefined;
        const chromium = findChromium(configured);
        if (!chromium) {
            return {
                available: false,
                reason: configured
                    ? `the cjm.export.chromium setting names ${configured}, which is not an executable file`
                    : `it is printed by Chromium, and none was found (${CHROMIUM_CANDIDATES.path}, or ${CHROMIUM_CANDIDATES.onPath.join(', ')} on PATH). Install Chromium or Google Chrome, or set cjm.export.chromium to its path`
            };
        }
        const page = config.get<string>('pdfPage');
        return {
            available: true,
            print: async (model: RenderModel) => {
                const mermaid = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', 'mermaid.min.js'));
                const html = renderHtmlPage(model, { mermaidScript: new TextDecoder().decode(mermaid) });
                return printPdf(html, { chromium, page: PAGE_SIZES.includes(page as PageSize) ? (page as PageSize) : 'a3' });
            }
        };
    };
}
