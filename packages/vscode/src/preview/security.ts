/** A fresh nonce for one load of the webview's HTML (the one the CLI's HTML pages use too). */
export { createNonce } from '@cjm/language';

/**
 * The preview's Content-Security-Policy. Only our own nonce-tagged scripts run; styles may be
 * inline because Mermaid writes `style` attributes and a `<style>` element into every SVG;
 * images are limited to the extension's files and data URLs (PNG export draws through one); no
 * form may submit anywhere and no `<base>` may redirect relative addresses.
 */
export function buildContentSecurityPolicy(cspSource: string, nonce: string): string {
    if (!/^[A-Za-z0-9+/=]+$/.test(nonce)) {
        throw new Error('CJM preview: the CSP nonce must be base64');
    }
    // VS Code's `webview.cspSource` is a source list such as `'self' https://*.vscode-cdn.net`:
    // each token must be a plain host source or the `'self'` keyword, so nothing can add a directive.
    const sources = cspSource.trim().split(/ +/);
    if (!sources.every(source => source === "'self'" || /^[A-Za-z0-9+.*:/_%-]+$/.test(source))) {
        throw new Error(`CJM preview: unexpected webview CSP source ${JSON.stringify(cspSource)}`);
    }
    return [
        `default-src 'none'`,
        `script-src 'nonce-${nonce}'`,
        `style-src ${cspSource} 'unsafe-inline'`,
        `img-src ${cspSource} data:`,
        `font-src ${cspSource}`,
        // `default-src` does not cover where a form may go or what a `<base>` may point at.
        `form-action 'none'`,
        `base-uri 'none'`
    ].join('; ');
}

/** The URIs the page loads, already converted with `asWebviewUri`. */
export interface PreviewAssets {
    cspSource: string;
    nonce: string;
    styleUri: string;
    /** The stylesheet shared with the Markdown preview's cjm blocks (the grid, the legend). */
    mapStyleUri: string;
    mermaidUri: string;
    scriptUri: string;
    /** The page's title (the preview's by default). */
    title?: string;
}

/** The webview's HTML shell: the CSP meta tag first, then our stylesheets and the two nonce-tagged scripts. */
export function buildPreviewHtml(assets: PreviewAssets): string {
    const csp = buildContentSecurityPolicy(assets.cspSource, assets.nonce);
    const attr = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(assets.mapStyleUri)}">
<link rel="stylesheet" href="${attr(assets.styleUri)}">
<title>${attr(assets.title ?? 'CJM Preview')}</title>
</head>
<body>
<div id="cjm-root"></div>
<script nonce="${attr(assets.nonce)}" src="${attr(assets.mermaidUri)}"></script>
<script nonce="${attr(assets.nonce)}" src="${attr(assets.scriptUri)}"></script>
</body>
</html>`;
}
