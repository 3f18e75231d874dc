// `node scripts/review-pictures.mjs`: draws the README's two "Reviewing a map on GitHub" pictures
// from the CLI's real output (build first: `npm run build:cli`). In a temporary git repository
// holding the examples, an edit of checkout.cjm gives the diff comment the GitHub Action posts
// (`cjm diff --git`), and a Markdown file with a marker is filled (`cjm render doc.md`). Each
// Markdown is laid out as GitHub shows it — markdown-it, GitHub-like styles, the ```mermaid fences
// drawn by Mermaid — in headless Chromium, and the screenshots go to media/.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import MarkdownIt from 'markdown-it';
import { chromium } from 'playwright-core';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(repoRoot, 'packages/cli/bin/cjm.js');
const mermaidScript = readFileSync(join(dirname(createRequire(import.meta.url).resolve('mermaid/package.json')), 'dist/mermaid.min.js'), 'utf8');

/** Enough of GitHub's Markdown styles for the picture to look as a comment or a file does there. */
const GITHUB_CSS = `
body { margin: 16px; background: #fff; font: 14px/1.5 -apple-system, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; color: #1f2328; }
.box { border: 1px solid #d1d9e0; border-radius: 6px; width: 860px; }
.header { background: #f6f8fa; border-bottom: 1px solid #d1d9e0; padding: 8px 16px; color: #59636e; font-weight: 600; }
.markdown-body { padding: 16px; }
.markdown-body h1, .markdown-body h2 { border-bottom: 1px solid #d1d9e0; padding-bottom: .3em; }
.markdown-body h2 { font-size: 1.5em; } .markdown-body h3 { font-size: 1.25em; }
.markdown-body table { border-collapse: collapse; display: block; overflow: auto; }
.markdown-body th, .markdown-body td { border: 1px solid #d1d9e0; padding: 6px 13px; }
.markdown-body tr:nth-child(2n) { background: #f6f8fa; }
.markdown-body code { background: #eff1f3; border-radius: 6px; padding: .2em .4em; font-size: 85%; }
.markdown-body pre.mermaid { background: none; text-align: center; }
`;

const dir = mkdtempSync(join(tmpdir(), 'cjm-pictures-'));
try {
    const git = (...args) => execFileSync('git', ['-c', 'user.email=pictures@localhost', '-c', 'user.name=pictures', ...args], { cwd: dir });
    const cjm = (...args) => execFileSync(process.execPath, [cli, ...args], { cwd: dir, encoding: 'utf8' });
    cpSync(join(repoRoot, 'examples'), join(dir, 'examples'), { recursive: true });
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('commit', '-q', '-m', 'Base');
    const map = join(dir, 'examples/checkout.cjm');
    writeFileSync(map, readFileSync(map, 'utf8')
        .replace('feels frustrated', 'feels hesitant')
        .replace('pain "Hard to navigate" source usability-test severity high', 'pain "Hard to navigate" source usability-test severity high\n      pain "Search finds nothing for glue sticks" source analytics severity medium'));
    const comment = `## Journey map changes\n\n${cjm('diff', '--git', 'HEAD')}`;

    writeFileSync(join(dir, 'docs.md'), '## How checkout feels today\n\n<!-- cjm: examples/checkout.cjm#checkout curve,grid -->\n<!-- /cjm -->\n');
    cjm('render', 'docs.md');
    const doc = readFileSync(join(dir, 'docs.md'), 'utf8');

    const browser = await chromium.launch({
        executablePath: '/usr/bin/chromium',
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
    });
    try {
        await screenshot(browser, comment, 'github-actions[bot] commented', join(repoRoot, 'media/review-diff-comment-screenshot.png'));
        await screenshot(browser, doc, 'docs.md', join(repoRoot, 'media/review-markdown-block-screenshot.png'));
    } finally {
        await browser.close();
    }
} finally {
    rmSync(dir, { recursive: true, force: true });
}

/** Lays out Markdown as GitHub shows it, in a box with a header line, and saves a screenshot of the box. */
async function screenshot(browser, markdown, header, out) {
    const markdownIt = new MarkdownIt({ html: true });
    const fence = markdownIt.renderer.rules.fence;
    markdownIt.renderer.rules.fence = (tokens, i, ...rest) => tokens[i].info.trim() === 'mermaid'
        ? `<pre class="mermaid">${markdownIt.utils.escapeHtml(tokens[i].content)}</pre>`
        : fence(tokens, i, ...rest);
    const page = await browser.newPage({ viewport: { width: 900, height: 800 }, deviceScaleFactor: 1 });
    await page.setContent(`<!DOCTYPE html><html><head><meta charset="utf-8"><style>${GITHUB_CSS}</style></head>
<body><div class="box"><div class="header">${markdownIt.utils.escapeHtml(header)}</div><div class="markdown-body">${markdownIt.render(markdown)}</div></div></body></html>`);
    await page.addScriptTag({ content: mermaidScript });
    await page.evaluate(async () => {
        window.mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: 'default' });
        await window.mermaid.run({ querySelector: 'pre.mermaid' });
    });
    await page.locator('.box').screenshot({ path: out });
    await page.close();
    process.stdout.write(`wrote ${out}\n`);
}
