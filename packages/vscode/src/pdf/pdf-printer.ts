import type { RenderModel } from '@cjm/language';

/**
 * Whether this extension host can print a journey to PDF, asked at each export (a setting or the
 * machine may have changed): the desktop prints with the machine's Chromium, the browser cannot.
 */
export type PdfPrinting =
    | { available: true; print(model: RenderModel): Promise<Uint8Array> }
    | { available: false; reason: string };

export type PdfPrinter = () => PdfPrinting;

/** The browser's answer: a web page cannot start Chromium, and a webview may not open the print dialog. */
export const NO_PDF_IN_THE_BROWSER: PdfPrinter = () => ({
    available: false,
    reason: 'a PDF is printed by Chromium on your machine, which VS Code in the browser cannot start. Export it from VS Code desktop, or run `cjm render FILE --format pdf`'
});
