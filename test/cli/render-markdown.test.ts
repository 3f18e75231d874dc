/**
 * `cjm render doc.md`: the `<!-- cjm: MAP#JOURNEY PARTS -->` … `<!-- /cjm -->` blocks of a Markdown
 * file filled with what `cjm render --format md` writes, idempotently; `--check` for CI; every bad
 * marker a one-line error that leaves the file as it was.
 */
import { readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import MarkdownIt from 'markdown-it';
import { describe, expect, test } from 'vitest';
import { hostileMapText } from '../support/hostile-corpus.js';
import { cjm, expectUsageError, mermaid, mermaidBlocks, tempCopy, writeFiles } from './cli-harness.js';

const CLOSE = '<!-- /cjm -->';

/** A folder with the examples under maps/ and a Markdown file in docs/. */
function project(doc: string): string {
    const dir = tempCopy('examples');
    writeFiles(dir, { '.git/HEAD': 'ref: refs/heads/main\n', 'docs/guide.md': doc });
    return dir;
}

/** The sections of `cjm render --format md` output, by heading. */
function section(markdown: string, heading: string): string {
    const start = markdown.indexOf(`${heading}\n`);
    expect(start, heading).toBeGreaterThanOrEqual(0);
    return markdown.slice(start).split(/\n(?=## )/)[0].trimEnd();
}

describe('cjm render doc.md', () => {
    test('fills the named parts with the Markdown render -f md writes for them, leaves the rest, and is idempotent', async () => {
        const doc = [
            '# Guide', '', 'Before.', '',
            '<!-- cjm: ../examples/checkout.cjm#checkout journey,curve,grid -->', 'stale text', CLOSE, '',
            'Between.', '',
            '```markdown', '<!-- cjm: ../examples/none.cjm -->', CLOSE, '```', '',
            '<!-- cjm: ../examples/onboarding.cjm -->', CLOSE, '',
            'After.', ''
        ].join('\n');
        const dir = project(doc);
        const result = await cjm(['render', 'docs/guide.md'], dir);
        expect(result, result.stderr).toMatchObject({ code: 0, stdout: 'updated docs/guide.md (2 of 2 blocks)\n' });
        const filled = readFileSync(join(dir, 'docs/guide.md'), 'utf8');

        const checkout = (await cjm(['render', 'examples/checkout.cjm', '--journey', 'checkout'], dir)).stdout;
        const parts = [section(checkout, '## Journey'), section(checkout, '## Emotion curve'), section(checkout, '## Journey grid')].join('\n\n');
        const onboarding = (await cjm(['render', 'examples/onboarding.cjm'], dir)).stdout;
        expect(filled).toBe([
            '# Guide', '', 'Before.', '',
            '<!-- cjm: ../examples/checkout.cjm#checkout journey,curve,grid -->', '', parts, '', CLOSE, '',
            'Between.', '',
            // A marker inside a code fence is text, not a block.
            '```markdown', '<!-- cjm: ../examples/none.cjm -->', CLOSE, '```', '',
            '<!-- cjm: ../examples/onboarding.cjm -->', '', onboarding.trimEnd(), '', CLOSE, '',
            'After.', ''
        ].join('\n'));

        const modified = statSync(join(dir, 'docs/guide.md')).mtimeMs;
        const again = await cjm(['render', 'docs/guide.md'], dir);
        expect(again).toMatchObject({ code: 0, stdout: '', stderr: '' });
        expect(readFileSync(join(dir, 'docs/guide.md'), 'utf8')).toBe(filled);
        expect(statSync(join(dir, 'docs/guide.md')).mtimeMs, 'an up-to-date file is not rewritten').toBe(modified);
    });

    test('as GitHub shows it: the diagrams are Mermaid fences that parse, the grid a table, and the markers stay comments', async () => {
        const dir = project('<!-- cjm: /examples/checkout.cjm#checkout journey,grid,curve,flow,metrics -->\n<!-- /cjm -->\n');
        expect((await cjm(['render', 'docs/guide.md'], dir)).code).toBe(0);
        const filled = readFileSync(join(dir, 'docs/guide.md'), 'utf8');
        const api = await mermaid();
        const fences = mermaidBlocks(filled);
        expect(fences).toHaveLength(3);
        for (const fence of fences) {
            await api.parse(fence);
        }
        const tokens = new MarkdownIt({ html: true }).parse(filled, {});
        expect(tokens.filter(t => t.type === 'html_block').map(t => t.content.trim())).toEqual(['<!-- cjm: /examples/checkout.cjm#checkout journey,grid,curve,flow,metrics -->', CLOSE]);
        expect(tokens.filter(t => t.type === 'table_open')).toHaveLength(2);
        const html = new MarkdownIt({ html: true }).render(filled);
        expect(html).toContain('<th>Awareness</th>');
        expect(html).toContain('<td>Quarterly retention</td>');
    });

    test('a path starting with / is from the workspace root; no #journey is every journey, no parts the whole rendering', async () => {
        const dir = project('<!-- cjm: /examples/billing-support.cjm -->\n<!-- /cjm -->\n');
        expect((await cjm(['render', 'docs/guide.md'], dir)).code).toBe(0);
        const whole = (await cjm(['render', 'examples/billing-support.cjm'], dir)).stdout;
        expect(readFileSync(join(dir, 'docs/guide.md'), 'utf8')).toBe(`<!-- cjm: /examples/billing-support.cjm -->\n\n${whole}\n${CLOSE}\n`);
    });

    test('keeps CRLF line endings and a byte order mark', async () => {
        const dir = project('\uFEFFIntro\r\n\r\n<!-- cjm: ../examples/checkout.cjm#checkout personas -->\r\n<!-- /cjm -->\r\nEnd\r\n');
        expect((await cjm(['render', 'docs/guide.md'], dir)).code).toBe(0);
        const bytes = readFileSync(join(dir, 'docs/guide.md'));
        expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
        const text = bytes.toString('utf8');
        expect(text.replace(/\r\n/g, '')).not.toContain('\n');
        expect(text).toContain('\r\n## Personas\r\n\r\n- **Maya, busy parent** (`maya`): Parent of two, works full time\r\n\r\n<!-- /cjm -->\r\nEnd\r\n');
    });

    test('--check: 0 when every block is current, 1 naming each stale block, and nothing is written', async () => {
        const dir = project('<!-- cjm: ../examples/checkout.cjm#checkout curve -->\n<!-- /cjm -->\n\n<!-- cjm: ../examples/onboarding.cjm journey -->\n<!-- /cjm -->\n');
        const before = readFileSync(join(dir, 'docs/guide.md'), 'utf8');
        const stale = await cjm(['render', 'docs/guide.md', '--check'], dir);
        expect(stale).toMatchObject({ code: 1, stdout: 'docs/guide.md:1: the block of ../examples/checkout.cjm#checkout is out of date\ndocs/guide.md:4: the block of ../examples/onboarding.cjm is out of date\n' });
        expect(stale.stderr).toBe('2 blocks of 2 out of date; run cjm render docs/guide.md to update.\n');
        expect(readFileSync(join(dir, 'docs/guide.md'), 'utf8')).toBe(before);

        await cjm(['render', 'docs/guide.md'], dir);
        expect(await cjm(['render', 'docs/guide.md', '--check'], dir)).toMatchObject({ code: 0, stdout: '', stderr: '' });

        const map = join(dir, 'examples/checkout.cjm');
        writeFileSync(map, readFileSync(map, 'utf8').replace('feels frustrated', 'feels happy'));
        const filled = readFileSync(join(dir, 'docs/guide.md'), 'utf8');
        expect(await cjm(['render', 'docs/guide.md', '--check'], dir)).toMatchObject({ code: 1, stdout: 'docs/guide.md:1: the block of ../examples/checkout.cjm#checkout is out of date\n' });
        expect(readFileSync(join(dir, 'docs/guide.md'), 'utf8')).toBe(filled);
    });

    test('a map that does not parse is drawn as far as it goes, with its syntax error on stderr, and exits 1', async () => {
        const dir = project('<!-- cjm: ../examples/broken.cjm -->\n<!-- /cjm -->\n');
        writeFiles(dir, { 'examples/broken.cjm': 'journey broken "Broken" {\n  stage s {\n    touchpoint t "T" { feels happy\n' });
        const result = await cjm(['render', 'docs/guide.md'], dir);
        expect(result.code).toBe(1);
        expect(result.stderr).toMatch(/^examples\/broken\.cjm:\d+:\d+ error parse-error /);
        expect(readFileSync(join(dir, 'docs/guide.md'), 'utf8')).toContain('> **Warning:** this map has');
    });

    test('the hostile corpus in a block: no raw HTML from user text, the block ends where it did, and a second fill changes nothing', async () => {
        const dir = project('<!-- cjm: ../examples/hostile.cjm -->\n<!-- /cjm -->\n\nAfter the block.\n');
        writeFiles(dir, { 'examples/hostile.cjm': hostileMapText() });
        expect((await cjm(['render', 'docs/guide.md'], dir)).code).toBe(0);
        const filled = readFileSync(join(dir, 'docs/guide.md'), 'utf8');
        expect(filled.split('\n').filter(line => line.trim() === CLOSE)).toHaveLength(1);
        expect(filled.endsWith(`\n${CLOSE}\n\nAfter the block.\n`)).toBe(true);
        const tokens = new MarkdownIt({ html: true }).parse(filled, {});
        const rawHtml = tokens.flatMap(t => [t, ...(t.children ?? [])]).filter(t => t.type === 'html_block' || t.type === 'html_inline').map(t => t.content.trim());
        expect(rawHtml.filter(html => !html.startsWith('<br>'))).toEqual(['<!-- cjm: ../examples/hostile.cjm -->', CLOSE]);
        expect(await cjm(['render', 'docs/guide.md', '--check'], dir)).toMatchObject({ code: 0 });
    });
});

describe('cjm render doc.md: bad input, one line naming the file and line, the file untouched', () => {
    const cases: Array<{ name: string; doc: string; message: RegExp }> = [
        { name: 'a missing map', doc: 'Text\n\n<!-- cjm: ../examples/gone.cjm#checkout -->\n<!-- /cjm -->\n', message: /^cjm: docs\/guide\.md:3: no such file or directory: examples\/gone\.cjm$/ },
        { name: 'a missing journey', doc: '<!-- cjm: ../examples/checkout.cjm#nope grid -->\n<!-- /cjm -->\n', message: /^cjm: docs\/guide\.md:1: no journey nope in \.\.\/examples\/checkout\.cjm \(journeys: checkout\)$/ },
        { name: 'an unknown part', doc: '<!-- cjm: ../examples/checkout.cjm#checkout journey,curv -->\n<!-- /cjm -->\n', message: /^cjm: docs\/guide\.md:1: unknown part "curv" in the cjm marker \(parts: personas, journey, curve, flow, blueprint, grid, portfolio, metrics\)$/ },
        { name: 'a part listed twice', doc: '<!-- cjm: ../examples/checkout.cjm grid,emotion,curve -->\n<!-- /cjm -->\n', message: /^cjm: docs\/guide\.md:1: the cjm marker lists curve twice$/ },
        { name: 'a block never closed', doc: 'a\n<!-- cjm: ../examples/checkout.cjm -->\n\ntext\n', message: /^cjm: docs\/guide\.md:2: the cjm block is not closed; add a line <!-- \/cjm --> after it$/ },
        { name: 'a closing marker alone', doc: 'a\n\n<!-- /cjm -->\n', message: /^cjm: docs\/guide\.md:3: <!-- \/cjm --> closes no block/ },
        { name: 'a block inside a block', doc: '<!-- cjm: ../examples/checkout.cjm -->\n<!-- cjm: ../examples/onboarding.cjm -->\n<!-- /cjm -->\n', message: /^cjm: docs\/guide\.md:2: a cjm block opens inside the one opened on line 1/ },
        { name: 'a marker naming no map', doc: '<!-- cjm: -->\n<!-- /cjm -->\n', message: /^cjm: docs\/guide\.md:1: the cjm marker names no map/ },
        { name: 'a marker naming a file that is not a map', doc: '<!-- cjm: guide.md -->\n<!-- /cjm -->\n', message: /^cjm: docs\/guide\.md:1: guide\.md is not a \.cjm file$/ }
    ];
    for (const { name, doc, message } of cases) {
        test(name, async () => {
            // A valid block first: nothing is written even though it could be filled.
            const text = `<!-- cjm: ../examples/checkout.cjm#checkout grid -->\n<!-- /cjm -->\n\n${doc}`;
            const dir = project(text);
            const lineShift = 3;
            const result = await cjm(['render', 'docs/guide.md'], dir);
            expectUsageError(result, new RegExp(message.source.replace(/(guide\\\.md:|on line )(\d+)/g, (_, before, line) => `${before}${Number(line) + lineShift}`)));
            expect(readFileSync(join(dir, 'docs/guide.md'), 'utf8')).toBe(text);
        });
    }

    test('a binary Markdown file is refused', async () => {
        const dir = project('');
        const bytes = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]);
        writeFileSync(join(dir, 'docs/guide.md'), bytes);
        expectUsageError(await cjm(['render', 'docs/guide.md'], dir), /^cjm: docs\/guide\.md is a binary file, not text$/);
        expect([...readFileSync(join(dir, 'docs/guide.md'))]).toEqual([...bytes]);
    });

    test('a huge Markdown file is refused before it is read', async () => {
        const dir = project('<!-- cjm: ../examples/checkout.cjm -->\n<!-- /cjm -->\n');
        truncateSync(join(dir, 'docs/guide.md'), 11 * 1024 * 1024);
        expectUsageError(await cjm(['render', 'docs/guide.md'], dir), /^cjm: docs\/guide\.md is 11\.0 MB; cjm fills Markdown files of up to 10 MB/);
        expect(statSync(join(dir, 'docs/guide.md')).size).toBe(11 * 1024 * 1024);
    });

    test('options that belong to a map are refused', async () => {
        const dir = project('<!-- cjm: ../examples/checkout.cjm -->\n<!-- /cjm -->\n');
        for (const options of [['-f', 'html'], ['--journey', 'checkout'], ['-o', 'out.md']]) {
            expectUsageError(await cjm(['render', 'docs/guide.md', ...options], dir), /docs\/guide\.md is Markdown: its <!-- cjm: … --> blocks name the map/);
        }
    });
});
