import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import MarkdownIt from 'markdown-it';
import { describe, expect, test } from 'vitest';
import { cjm, expectGolden, mermaid, mermaidBlocks, tempCopy } from './cli-harness.js';

/** The example checkout map after an edit: a touchpoint feels better, a new pain point, an opportunity moves on, a metric changes. */
function editCheckout(text: string): string {
    const edited = text
        .replace('feels frustrated', 'feels hesitant')
        .replace('pain "Hard to navigate" source usability-test severity high', 'pain "Hard to navigate" source usability-test severity high\n      pain "Search finds nothing for *glue* | sticks" source analytics');
    expect(edited).not.toBe(text);
    return edited;
}

function git(dir: string, ...args: string[]): void {
    execFileSync('git', ['-c', 'user.email=cli@test', '-c', 'user.name=cli test', ...args], { cwd: dir, stdio: 'ignore' });
}

describe('cjm diff', () => {
    test('two versions of an example: the emotion change of the edited touchpoint and the new pain point (golden)', async () => {
        const dir = tempCopy('examples') + '/examples';
        const base = readFileSync(join(dir, 'checkout.cjm'), 'utf8');
        writeFileSync(join(dir, 'checkout-before.cjm.txt'), base);
        writeFileSync(join(dir, 'checkout.cjm'), editCheckout(base));
        const result = await cjm(['diff', 'checkout-before.cjm.txt', 'checkout.cjm'], dir);
        expect(result.code, result.stderr).toBe(0);
        expect(result.stdout).toContain('| Website visit | -2 | -1 | ▲ +1 |');
        expect(result.stdout).toContain('- New at Website visit: Search finds nothing for \\*glue\\* \\| sticks');
        expect(result.stdout).toMatch(/\*\*Average emotion:\*\* -?\d.* → -?\d.* \(▲ \+\d/);
        expectGolden('diff-files.md', result.stdout);
        // The table survives Markdown rendering with the pipe in the pain text kept inside its cell.
        const html = new MarkdownIt().render(result.stdout);
        expect(html).toContain('<td>Website visit</td>');
        expect(html).toContain('Search finds nothing for *glue* | sticks');
    });

    test('stages and touchpoints added, removed, renamed and moved; opportunity status; owner; metric values', async () => {
        const dir = tempCopy('examples') + '/examples';
        const base = readFileSync(join(dir, 'billing-support.cjm'), 'utf8');
        writeFileSync(join(dir, 'before.txt'), base);
        const head = base
            .replace('stage notice "Notices the problem"', 'stage notice "Spots the problem"')
            .replace(/    touchpoint refund "Receives the refund" \{[\s\S]*?\n    \}\n/, '')
            .replace('status done', 'status in-progress')
            .replace('owner billing\n    }\n  }\n\n  stage contact', 'owner support\n    }\n  }\n\n  stage contact')
            .replace('end 2208', 'end 2300')
            .replace('stage resolve "Resolution" {', 'stage resolve "Resolution" {\n    touchpoint letter2 "Second letter" {\n      channel mail\n      feels happy\n    }');
        writeFileSync(join(dir, 'billing-support.cjm'), head);
        const result = await cjm(['diff', 'before.txt', 'billing-support.cjm'], dir);
        expect(result.stdout).toContain('- Renamed stage `notice`: Notices the problem → **Spots the problem**');
        expect(result.stdout).toContain('- Removed touchpoint **Receives the refund** (`refund`) in stage Resolution');
        expect(result.stdout).toContain('- Added touchpoint **Second letter** (`letter2`) in stage Resolution');
        expect(result.stdout).toMatch(/- Status at Phone menu: .*: done → \*\*in-progress\*\*/);
        expect(result.stdout).toContain('- Reads the paper bill: `billing` → `support`');
        expect(result.stdout).toMatch(/- Retention after a dispute \(journey\): 92% \(computed\)[^\n]* → 95\.83% \(computed\)[^\n]*\(▲ \+3\.83\)/);
    });

    test('an unchanged map is one line', async () => {
        const dir = tempCopy('examples') + '/examples';
        writeFileSync(join(dir, 'copy.txt'), readFileSync(join(dir, 'onboarding.cjm')));
        const result = await cjm(['diff', 'copy.txt', 'onboarding.cjm'], dir);
        expect(result.stdout).toBe('`onboarding.cjm`: no changes to the journey maps.\n');
    });

    test('--git REF diffs every changed .cjm file against the revision (golden)', async () => {
        const dir = tempCopy('examples') + '/examples';
        git(dir, 'init', '-q');
        git(dir, 'add', '.');
        git(dir, 'commit', '-qm', 'base');
        writeFileSync(join(dir, 'checkout.cjm'), editCheckout(readFileSync(join(dir, 'checkout.cjm'), 'utf8')));
        const result = await cjm(['diff', '--git', 'HEAD', '-o', 'diff.md'], dir);
        expect(result).toMatchObject({ code: 0, stdout: '' });
        const markdown = readFileSync(join(dir, 'diff.md'), 'utf8');
        expect(markdown).toContain('| Website visit | -2 | -1 | ▲ +1 |');
        expectGolden('diff-git.md', markdown);
        const none = await cjm(['diff', '--git', 'HEAD', '--', 'x'], dir);
        expect(none.code).toBe(2);
    });
});

describe('cjm render', () => {
    test('md (golden): fences intact through markdown-it, every Mermaid block parses', async () => {
        const dir = tempCopy('examples') + '/examples';
        const result = await cjm(['render', 'checkout.cjm'], dir);
        expect(result.code, result.stderr).toBe(0);
        expectGolden('render-checkout.md', result.stdout);
        const blocks = mermaidBlocks(result.stdout);
        expect(blocks).toHaveLength(3);
        const tokens = new MarkdownIt().parse(result.stdout, {});
        expect(tokens.filter(t => t.type === 'fence' && t.info === 'mermaid').map(t => t.content.trimEnd())).toEqual(blocks);
        const api = await mermaid();
        for (const block of blocks) {
            await expect(api.parse(block), block).resolves.toBeTruthy();
        }
    });

    test.each(['journey', 'emotion', 'flow'])('mermaid --diagram %s (golden) parses', async diagram => {
        const dir = tempCopy('examples') + '/examples';
        const result = await cjm(['render', 'onboarding.cjm', '-f', 'mermaid', '--diagram', diagram], dir);
        expectGolden(`render-onboarding-${diagram}.mmd`, result.stdout);
        await expect((await mermaid()).parse(result.stdout)).resolves.toBeTruthy();
    });

    test('html is one self-contained page with Mermaid inlined and a CSP', async () => {
        const dir = tempCopy('examples') + '/examples';
        const result = await cjm(['render', 'checkout.cjm', '-f', 'html', '-o', 'checkout.html'], dir);
        expect(result.code, result.stderr).toBe(0);
        const html = readFileSync(join(dir, 'checkout.html'), 'utf8');
        expect(html).toMatch(/^<!DOCTYPE html>/);
        expect(html).toContain("default-src 'none'");
        expect(html.length).toBeGreaterThan(1_000_000);
        expect(html).not.toMatch(/<script[^>]+src=/);
    });

    test('--check: 0 when the committed rendering is current, 1 when stale or missing, and nothing is written', async () => {
        const dir = tempCopy('examples') + '/examples';
        for (const [format, out] of [['md', 'checkout.md'], ['mermaid', 'checkout.mmd'], ['html', 'checkout.html']]) {
            expect((await cjm(['render', 'checkout.cjm', '-f', format, '-o', out, '--check'], dir))).toMatchObject({ code: 1, stdout: `${out} is missing; run cjm render without --check to create it\n` });
            await cjm(['render', 'checkout.cjm', '-f', format, '-o', out], dir);
            expect((await cjm(['render', 'checkout.cjm', '-f', format, '-o', out, '--check'], dir)).code, format).toBe(0);
        }
        writeFileSync(join(dir, 'checkout.cjm'), editCheckout(readFileSync(join(dir, 'checkout.cjm'), 'utf8')));
        const stale = await cjm(['render', 'checkout.cjm', '-f', 'md', '-o', 'checkout.md', '--check'], dir);
        expect(stale).toMatchObject({ code: 1, stdout: 'checkout.md is out of date; run cjm render without --check to update it\n' });
    });

    test('--journey picks one journey', async () => {
        const dir = tempCopy('test/fixtures/spec') + '/spec';
        const result = await cjm(['render', 'checkout.cjm', '--journey', 'checkout'], dir);
        expect(result.stdout).toMatch(/^# Online checkout\n/);
    });

    test('svg and png in headless Chromium', async () => {
        const dir = tempCopy('examples') + '/examples';
        const svg = await cjm(['render', 'checkout.cjm', '-f', 'svg', '--diagram', 'flow', '-o', 'flow.svg'], dir, { CJM_BROWSER: '/usr/bin/chromium' });
        expect(svg.code, svg.stderr).toBe(0);
        const drawn = readFileSync(join(dir, 'flow.svg'), 'utf8');
        expect(drawn).toMatch(/^<\?xml[^>]*>\n<svg[^>]+aria-roledescription="flowchart-v2"/);
        expect(drawn).toContain('Instagram ad');
        const png = await cjm(['render', 'checkout.cjm', '-f', 'png', '-o', 'map.png'], dir);
        expect(png.code, png.stderr).toBe(0);
        const bytes = readFileSync(join(dir, 'map.png'));
        expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
        // The page is wider and taller than one screen: it holds three diagrams and the grid.
        expect(bytes.readUInt32BE(20)).toBeGreaterThan(900);
    }, 120_000);
});
