// Bundles the extension and the language server with esbuild into dist/ (with builtins.cjm beside
// the server), their web builds into dist/browser/ (the server as a web worker), and the preview webview with mermaid.min.js into dist/webview/, the only folder of
// dist/ a preview may load from (localResourceRoots). The grammar, language configuration, icons
// and preview stylesheet live at the repository root (shared with the README and other tools) and
// are copied into this package's syntaxes/ and media/, because an extension can only ship files
// inside its own folder.
// `node scripts/bundle.mjs --watch` rebuilds on change.
import { copyFile, cp, mkdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const packageRoot = resolve(here, '..');
const languageRoot = resolve(packageRoot, '../language');
const repositoryRoot = resolve(packageRoot, '../..');
const dist = join(packageRoot, 'dist');
const webviewDist = join(dist, 'webview');
const browserDist = join(dist, 'browser');
const require = createRequire(import.meta.url);
const watch = process.argv.includes('--watch');

// Langium and our language package are ESM and read import.meta.url; in a CommonJS bundle it
// has to be rebuilt from __filename.
const esmInCjs = {
    define: { 'import.meta.url': 'importMetaUrl' },
    banner: { js: "const importMetaUrl = require('url').pathToFileURL(__filename).href;" }
};

const common = {
    bundle: true,
    sourcemap: true,
    minify: !watch,
    logLevel: 'info',
    legalComments: 'linked'
};

/** @type {esbuild.BuildOptions[]} */
const builds = [
    {
        ...common,
        ...esmInCjs,
        entryPoints: { extension: join(packageRoot, 'src/extension.ts') },
        outExtension: { '.js': '.cjs' },
        outdir: dist,
        format: 'cjs',
        platform: 'node',
        target: 'node20',
        external: ['vscode']
    },
    {
        ...common,
        ...esmInCjs,
        stdin: {
            contents: "import { startCjmLanguageServer } from './src/main.ts';\nstartCjmLanguageServer();\n",
            resolveDir: languageRoot,
            sourcefile: 'server.ts',
            loader: 'ts'
        },
        outfile: join(dist, 'server.cjs'),
        format: 'cjs',
        platform: 'node',
        target: 'node20'
    },
    // The web extension (vscode.dev, github.dev): the extension for the browser's extension host
    // and the language server as a web worker, each one file with the built-in library inside.
    {
        ...common,
        entryPoints: { extension: join(packageRoot, 'src/browser/extension.ts') },
        // CommonJS by its extension: the package is "type": "module", and the web-worker
        // extension host refuses to load an ES module.
        outExtension: { '.js': '.cjs' },
        outdir: browserDist,
        format: 'cjs',
        platform: 'browser',
        target: 'chrome120',
        external: ['vscode'],
        loader: { '.cjm': 'text' }
    },
    {
        ...common,
        stdin: {
            contents: "import builtins from '@cjm/language/builtins.cjm';\nimport { startCjmBrowserLanguageServer } from './src/browser/main-browser.ts';\nstartCjmBrowserLanguageServer(builtins);\n",
            resolveDir: languageRoot,
            sourcefile: 'server-browser.ts',
            loader: 'ts'
        },
        outfile: join(browserDist, 'server.js'),
        format: 'iife',
        platform: 'browser',
        target: 'chrome120',
        loader: { '.cjm': 'text' }
    },
    // The script of VS Code's Markdown preview that draws the diagrams of ```cjm blocks; it loads
    // the preview's Mermaid from dist/webview/ when a document has such a block.
    {
        ...common,
        entryPoints: { 'cjm-fences': join(packageRoot, 'src/markdown-preview/index.ts') },
        outdir: join(dist, 'markdown'),
        format: 'iife',
        platform: 'browser',
        target: 'chrome120',
        tsconfig: join(packageRoot, 'src/markdown-preview/tsconfig.json')
    },
    {
        ...common,
        entryPoints: { webview: join(packageRoot, 'src/webview/index.ts'), overview: join(packageRoot, 'src/webview/overview.ts') },
        outdir: webviewDist,
        format: 'iife',
        platform: 'browser',
        target: 'chrome120',
        tsconfig: join(packageRoot, 'src/webview/tsconfig.json')
    }
];

await mkdir(webviewDist, { recursive: true });
// Where earlier builds put the webview: left there, it would be loadable from nowhere and shipped by nobody.
await Promise.all(['webview.js', 'webview.js.map', 'webview.js.LEGAL.txt', 'mermaid.min.js'].map((file) => rm(join(dist, file), { force: true })));
await copyFile(join(languageRoot, 'src/builtins/builtins.cjm'), join(dist, 'builtins.cjm'));
await copyFile(join(dirname(require.resolve('mermaid/package.json')), 'dist/mermaid.min.js'), join(webviewDist, 'mermaid.min.js'));
await mkdir(join(packageRoot, 'syntaxes'), { recursive: true });
for (const file of ['cjm.tmLanguage.json', 'language-configuration.json']) {
    await copyFile(join(repositoryRoot, 'syntaxes', file), join(packageRoot, 'syntaxes', file));
}
// The README's screenshots stay out of the extension: they are only for the repository's README.
// The copy starts afresh so that nothing removed from media/ lingers in the package.
await rm(join(packageRoot, 'media'), { recursive: true, force: true });
await cp(join(repositoryRoot, 'media'), join(packageRoot, 'media'), {
    recursive: true,
    filter: (source) => !source.endsWith('-screenshot.png')
});

if (watch) {
    for (const options of builds) {
        await (await esbuild.context(options)).watch();
    }
} else {
    // Settle every build before failing, so one broken bundle does not hide the others' errors.
    const results = await Promise.allSettled(builds.map((options) => esbuild.build(options)));
    if (results.some((result) => result.status === 'rejected')) {
        process.exitCode = 1;
    }
}
