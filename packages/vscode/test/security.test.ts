import { describe, expect, test } from 'vitest';
import { buildContentSecurityPolicy, buildPreviewHtml, createNonce } from '../src/preview/security.js';

const CSP_SOURCE = 'https://file+.vscode-resource.vscode-cdn.net';

describe('preview Content-Security-Policy', () => {
    test('allows only nonce-tagged scripts and the extension as a source of styles, images and fonts', () => {
        const policy = buildContentSecurityPolicy(CSP_SOURCE, 'abc123==');
        expect(policy.split('; ')).toEqual([
            "default-src 'none'",
            "script-src 'nonce-abc123=='",
            `style-src ${CSP_SOURCE} 'unsafe-inline'`,
            `img-src ${CSP_SOURCE} data:`,
            `font-src ${CSP_SOURCE}`,
            `form-action 'none'`,
            `base-uri 'none'`
        ]);
        expect(policy).not.toContain('unsafe-eval');
    });

    test('refuses a nonce or source that could inject another directive', () => {
        expect(() => buildContentSecurityPolicy(CSP_SOURCE, "x'; script-src *")).toThrow(/nonce/);
        expect(() => buildContentSecurityPolicy("https://a; script-src 'unsafe-inline'", 'abc')).toThrow(/CSP source/);
        expect(() => buildContentSecurityPolicy("'unsafe-inline' https://a", 'abc')).toThrow(/CSP source/);
        expect(() => buildContentSecurityPolicy('https://a,https://b', 'abc')).toThrow(/CSP source/);
    });

    test("accepts the source list VS Code gives a webview, 'self' included", () => {
        const cspSource = "'self' https://*.vscode-cdn.net";
        expect(buildContentSecurityPolicy(cspSource, 'abc').split('; ')).toContain(`style-src ${cspSource} 'unsafe-inline'`);
    });

    test('every load gets a fresh 128-bit nonce', () => {
        const nonces = new Set(Array.from({ length: 100 }, createNonce));
        expect(nonces.size).toBe(100);
        for (const nonce of nonces) {
            expect(Buffer.from(nonce, 'base64')).toHaveLength(16);
        }
    });

    test('the HTML shell puts the policy first and tags both scripts with the nonce', () => {
        const html = buildPreviewHtml({
            cspSource: CSP_SOURCE,
            nonce: 'n0nce',
            styleUri: `${CSP_SOURCE}/media/preview.css`,
            mapStyleUri: `${CSP_SOURCE}/media/map.css`,
            mermaidUri: `${CSP_SOURCE}/dist/webview/mermaid.min.js`,
            scriptUri: `${CSP_SOURCE}/dist/webview/webview.js?a=1&b="2"`
        });
        const head = html.slice(0, html.indexOf('<link'));
        expect(head).toContain(`http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-n0nce';`);
        expect(html.match(/<script nonce="n0nce" src="[^"]+"><\/script>/g)).toHaveLength(2);
        expect(html).toContain('webview.js?a=1&amp;b=&quot;2&quot;');
        expect(html).not.toMatch(/<script(?![^>]*nonce)/);
    });
});
