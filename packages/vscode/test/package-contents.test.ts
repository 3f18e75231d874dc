import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const packageRoot = fileURLToPath(new URL('..', import.meta.url));
const vsce = createRequire(import.meta.url).resolve('@vscode/vsce/vsce');

// What `npm run package` puts into the .vsix: vsce's own listing of the files it would ship.
test('the extension package holds the bundles and their assets, and nothing only the repository needs', () => {
    expect(existsSync(`${packageRoot}/dist/webview/webview.js`), 'run `npm run bundle -w cjm-vscode` first').toBe(true);
    const files = execFileSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: packageRoot, encoding: 'utf8' }).trim().split('\n').sort();
    expect(files).toEqual([
        'LICENSE',
        'README.md',
        'dist/browser/extension.cjs',
        'dist/browser/server.js',
        'dist/builtins.cjm',
        'dist/extension.cjs',
        'dist/markdown/cjm-fences.js',
        'dist/server.cjs',
        'dist/webview/mermaid.min.js',
        'dist/webview/overview.js',
        'dist/webview/webview.js',
        'media/cjm-file.svg',
        'media/cjm-icon.png',
        'media/map.css',
        'media/markdown-fences.css',
        'media/overview.css',
        'media/preview-icon-dark.svg',
        'media/preview-icon.svg',
        'media/preview.css',
        'package.json',
        'snippets/cjm.code-snippets',
        'syntaxes/cjm.tmLanguage.json',
        'syntaxes/language-configuration.json'
    ]);
});
