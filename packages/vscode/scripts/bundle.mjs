// Bundles the extension, the language server and the preview webview with esbuild into dist/,
// and copies what they need at run time beside them (builtins.cjm, mermaid.min.js). The grammar,
// language configuration, icons and preview stylesheet live at the repository root (shared with
// the README and other tools) and are copied into this package's syntaxes/ and media/, because
// an extension can only ship files inside its own folder.
// `node scripts/bundle.mjs --watch` rebuilds on change.
import { copyFile, cp, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const packageRoot = resolve(here, '..');
const languageRoot = resolve(packageRoot, '../language');
const repositoryRoot = resolve(packageRoot, '../..');
const dist = join(packageRoot, 'dist');
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
    {
        ...common,
        entryPoints: { webview: join(packageRoot, 'src/webview/index.ts') },
        outdir: dist,
        format: 'iife',
        platform: 'browser',
        target: 'chrome120',
        tsconfig: join(packageRoot, 'src/webview/tsconfig.json')
    }
];

await mkdir(dist, { recursive: true });
await copyFile(join(languageRoot, 'src/builtins/builtins.cjm'), join(dist, 'builtins.cjm'));
await copyFile(join(dirname(require.resolve('mermaid/package.json')), 'dist/mermaid.min.js'), join(dist, 'mermaid.min.js'));
await mkdir(join(packageRoot, 'syntaxes'), { recursive: true });
for (const file of ['cjm.tmLanguage.json', 'language-configuration.json']) {
    await copyFile(join(repositoryRoot, 'syntaxes', file), join(packageRoot, 'syntaxes', file));
}
// The README screenshot stays out of the extension: it is only for the repository's README.
await cp(join(repositoryRoot, 'media'), join(packageRoot, 'media'), {
    recursive: true,
    filter: (source) => !source.endsWith('preview-screenshot.png')
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
