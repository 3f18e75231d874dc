import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import MarkdownIt from 'markdown-it';
import { describe, expect, test } from 'vitest';
import { commentCode, commentText } from '../../packages/cli/src/diff/comment-text.js';
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

    test('stages and touchpoints added, removed and renamed; opportunity status; owner; metric values', async () => {
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

    test('each persona\'s emotion: fell, rose, recorded, no longer recorded; blueprint lines and questions are compared', async () => {
        const dir = tempCopy('examples') + '/examples';
        const base = readFileSync(join(dir, 'school-shoes.cjm'), 'utf8');
        writeFileSync(join(dir, 'before.txt'), base);
        const head = base
            .replace('feels indifferent for tom', 'feels frustrated for tom')
            .replace('feels relieved for maya', 'feels excited for maya')
            .replace('      feels happy for tom\n', '')
            .replace('feels satisfied for maya', 'feels satisfied for maya\n      feels neutral')
            .replace('asks "Do they have his size in stock?"', 'asks "Do they have his size in stock?"\n      frontstage "Size filter on the page"');
        writeFileSync(join(dir, 'school-shoes.cjm'), head);
        const result = await cjm(['diff', 'before.txt', 'school-shoes.cjm'], dir);
        expect(result.stdout).toContain([
            '#### Emotions per persona',
            '',
            '- Tom\'s emotion at Searches the shop fell from 0 to −2.',
            '- Maya, busy parent\'s emotion at Tries them on in the shop rose from +1 to +2.',
            '- Tom\'s emotion at Pays at the till is no longer recorded (it was +1).'
        ].join('\n'));
        // The touchpoint's actual score (the mean of its lines) is reported as before.
        expect(result.stdout).toContain('| Searches the shop | +0.5 | -0.5 | ▼ -1 |');
        expect(result.stdout).toMatch(/Searches the shop[^\n]*frontstage[^\n]*Size filter on the page/);
    });

    test('a touchpoint moved to another stage is "Moved"; swapped touchpoints and stages are "Reordered"', async () => {
        const dir = tempCopy('examples') + '/examples';
        const base = readFileSync(join(dir, 'checkout.cjm'), 'utf8');
        writeFileSync(join(dir, 'before.txt'), base);
        const track = base.match(/    touchpoint track "Tracks the parcel" \{[\s\S]*?\n    \}\n/)![0];
        const visit = base.match(/    touchpoint visit "Website visit" \{[\s\S]*?\n    \}\n/)![0];
        const compare = base.match(/    touchpoint compare "Compares delivery options" \{[\s\S]*?\n    \}\n/)![0];
        const loyalty = base.match(/  stage loyalty "Loyalty" \{[\s\S]*?\n  \}\n/)![0];
        const service = base.match(/  stage service "Service" \{[\s\S]*?\n  \}\n/)![0];
        const head = base
            .replace(track, '')
            .replace('  stage loyalty "Loyalty" {\n', `  stage loyalty "Loyalty" {\n${track}`)
            .replace(visit + compare, compare + visit);
        const swapped = head.replace(head.match(/  stage service "Service" \{[\s\S]*?\n  \}\n/)![0], '@@SERVICE@@')
            .replace(head.match(/  stage loyalty "Loyalty" \{[\s\S]*?\n  \}\n/)![0], '@@LOYALTY@@');
        expect(service.length + loyalty.length).toBeGreaterThan(0);
        const final = swapped.replace('@@SERVICE@@', head.match(/  stage loyalty "Loyalty" \{[\s\S]*?\n  \}\n/)![0])
            .replace('@@LOYALTY@@', head.match(/  stage service "Service" \{[\s\S]*?\n  \}\n/)![0]);
        writeFileSync(join(dir, 'checkout.cjm'), final);
        const result = await cjm(['diff', 'before.txt', 'checkout.cjm'], dir);
        expect(result.stdout).toContain('- Moved touchpoint **Tracks the parcel** (`track`) from stage Service to Loyalty');
        expect(result.stdout).toMatch(/- Reordered touchpoint \*\*(Website visit|Compares delivery options)\*\* \(`(visit|compare)`\) in stage Consideration/);
        expect(result.stdout).toMatch(/- Reordered stage \*\*(Service|Loyalty)\*\* \(`(service|loyalty)`\)/);
    });

    test('expected emotion, owners, severity, support, channels, customer texts, scenarios, title and personas are compared', async () => {
        const dir = tempCopy('examples') + '/examples';
        const base = readFileSync(join(dir, 'checkout.cjm'), 'utf8');
        writeFileSync(join(dir, 'before.txt'), base);
        const edits: Array<[string, string]> = [
            ['journey checkout "Online checkout" {\n  persona maya', 'journey checkout "Checkout for parents" {\n  persona maya, dev'],
            ['      expected accomplished', '      expected satisfied'],
            ['        owner marketing\n        status planned', '        owner product\n        status planned'],
            ['pain "Long checkout" source survey severity high', 'pain "Long checkout" source survey severity medium'],
            ['      support billing', '      support billing, support'],
            ['      channel web\n      channel app', '      channel app'],
            ['      does "Browses categories"', '      does "Searches for pencil cases"'],
            ['      thinks "Why hasn\'t it arrived?"', '      thinks "Where is my parcel?"'],
            ['    path ad -> pay -> review', '    path ad -> review']
        ];
        let head = base;
        for (const [from, to] of edits) {
            expect(head, from).toContain(from);
            head = head.replace(from, to);
        }
        writeFileSync(join(dir, 'checkout.cjm'), head);
        const result = await cjm(['diff', 'before.txt', 'checkout.cjm'], dir);
        expect(result.code, result.stderr).toBe(0);
        expect(result.stdout).not.toMatch(/no changes/);
        for (const line of [
            '**Title:** Online checkout → **Checkout for parents**',
            '**Personas:** `maya` → `maya`, `dev`',
            '- Checkout process: +2 → +1 (▼ -1)',
            '- Owner at Instagram ad: Deep-link the ad to the product page: `marketing` → `product`',
            '- Severity at Checkout process: Long checkout: high → **medium**',
            '- Checkout process: support `billing` → `billing`, `support`',
            '- Checkout process: channels `web`, `app` → `app`',
            '- Website visit, *does*: “Browses categories” → “Searches for pencil cases”',
            '- Support chat, *thinks*: “Why hasn\'t it arrived?” → “Where is my parcel?”',
            '- Path of scenario **Recommended by a friend** (`referral`): Instagram ad → Checkout process → Writes a review **became** Instagram ad → Writes a review'
        ]) {
            expect(result.stdout).toContain(line);
        }
        expect(result.stdout).toContain('**Average expected emotion:**');
        expectGolden('diff-details.md', result.stdout);
    });

    test('nothing summarised: layout or comments only, or other edits, never "no changes"', async () => {
        const dir = tempCopy('examples') + '/examples';
        const base = readFileSync(join(dir, 'checkout.cjm'), 'utf8');
        writeFileSync(join(dir, 'before.txt'), base);
        writeFileSync(join(dir, 'checkout.cjm'), base.replace('  stage awareness "Awareness" {', '  // first contact\n  stage   awareness\n    "Awareness" {'));
        expect((await cjm(['diff', 'before.txt', 'checkout.cjm'], dir)).stdout).toBe('`checkout.cjm`: no change to the journey maps (only layout or comments).\n');
        // Same score (+1), another emotion: the map says something else, though no number moved.
        writeFileSync(join(dir, 'checkout.cjm'), base.replace('      expected interested\n      gap "Navigation issues"', '      expected curious\n      gap "Navigation issues"'));
        const other = await cjm(['diff', 'before.txt', 'checkout.cjm'], dir);
        expect(other.stdout).toContain('Other edits (wording, comments or layout) not summarised.');
        expect(other.stdout).not.toMatch(/no changes?/);
        // Declarations outside journeys are listed by kind and name.
        const personas = readFileSync(join(dir, 'personas.cjm'), 'utf8');
        writeFileSync(join(dir, 'personas-before.txt'), personas);
        writeFileSync(join(dir, 'personas.cjm'), personas.replace('  age 38\n', '  age 39\n') + '\nteam legal "Legal"\n');
        const library = await cjm(['diff', 'personas-before.txt', 'personas.cjm'], dir);
        expect(library.stdout).toContain('- Changed persona `maya`');
        expect(library.stdout).toContain('- Added team `legal`');
    });

    test('pain points of a deleted touchpoint or journey were removed with it, not resolved', async () => {
        const dir = tempCopy('examples') + '/examples';
        const base = readFileSync(join(dir, 'checkout.cjm'), 'utf8');
        writeFileSync(join(dir, 'before.txt'), base);
        writeFileSync(join(dir, 'checkout.cjm'), base.replace(/    touchpoint chat "Support chat" \{[\s\S]*?\n    \}\n/, '').replace('path visit -> compare -> pay -> chat', 'path visit -> compare -> pay'));
        const touchpoint = await cjm(['diff', 'before.txt', 'checkout.cjm'], dir);
        expect(touchpoint.stdout).toContain('- Removed touchpoint **Support chat** (`chat`) in stage Service');
        expect(touchpoint.stdout).toContain('- Removed with its touchpoint at Support chat: Slow response');
        expect(touchpoint.stdout).not.toContain('Resolved');
        writeFileSync(join(dir, 'checkout.cjm'), base.slice(0, base.indexOf('journey checkout')));
        const journey = await cjm(['diff', 'before.txt', 'checkout.cjm'], dir);
        expect(journey.stdout).toContain('### Removed journey: Online checkout (`checkout`)');
        expect(journey.stdout).toContain('- Removed with the journey at Checkout process: Long checkout');
        expect(journey.stdout).not.toContain('Resolved');
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

describe('cjm diff --git: files renamed, moved, untracked, from a subfolder', () => {
    test('a renamed file moves its journey (not removed + added); untracked maps are added; paths are from the repository top (golden)', async () => {
        const dir = tempCopy('examples') + '/examples';
        git(dir, 'init', '-q');
        git(dir, 'add', '.');
        git(dir, 'commit', '-qm', 'base');
        mkdirSync(join(dir, 'flows'));
        const checkout = readFileSync(join(dir, 'checkout.cjm'), 'utf8');
        writeFileSync(join(dir, 'flows/checkout.cjm'), editCheckout(checkout));
        rmSync(join(dir, 'checkout.cjm'));
        writeFileSync(join(dir, 'flows/returns.cjm'), 'journey returns "Returns" {\n  persona maya\n  stage ask "Asks" {\n    touchpoint form "Return form" {\n      feels hesitant\n      pain "No label printer" source interviews\n    }\n  }\n}\n');
        const result = await cjm(['diff', '--git', 'HEAD'], join(dir, 'flows'));
        expect(result.code, result.stderr).toBe(0);
        expect(result.stdout).toContain('## `flows/checkout.cjm` (added)');
        expect(result.stdout).toContain('### Online checkout (`checkout`)\n\nMoved from `checkout.cjm`.');
        expect(result.stdout).toContain('| Website visit | -2 | -1 | ▲ +1 |');
        expect(result.stdout).not.toContain('Added journey: Online checkout');
        expect(result.stdout).not.toContain('Removed journey: Online checkout');
        expect(result.stdout).toContain('## `checkout.cjm` (removed)\n\nJourney Online checkout (`checkout`) moved to `flows/checkout.cjm`.');
        expect(result.stdout).toContain('## `flows/returns.cjm` (added)\n\n### Added journey: Returns (`returns`)');
        expect(result.stdout).not.toContain(dir);
        expectGolden('diff-git-moved.md', result.stdout);
    });
});

describe('cjm diff and render on maps that do not parse', () => {
    const BROKEN = 'journey checkout "Online checkout" {\n  persona maya\n  stage awareness "Awareness" {\n    touchpoint ad "Ad" {\n      feels curious\n      pain\n    }\n  }\n}\n';

    test('diff: one stderr line per broken version, a warning in the Markdown, exit 1 when the new version is broken', async () => {
        const dir = tempCopy('examples') + '/examples';
        writeFileSync(join(dir, 'broken.txt'), BROKEN);
        const head = await cjm(['diff', 'checkout.cjm', 'broken.txt'], dir);
        expect(head.code).toBe(1);
        expect(head.stderr).toMatch(/^broken\.txt:7:5 error parse-error [^\n]+\n$/);
        expect(head.stdout).toMatch(/> \[!WARNING\]\n> `broken\.txt` does not parse in the new version \(line 7, column 5: [^\n]+\), so this diff may be incomplete\./);
        // A change that fixes a broken map is reported, and does not fail.
        const base = await cjm(['diff', 'broken.txt', 'checkout.cjm'], dir);
        expect(base.code).toBe(0);
        expect(base.stderr).toMatch(/^broken\.txt:7:5 error parse-error [^\n]+\n$/);
        expect(base.stdout).toContain('does not parse in the old version');
    });

    test('render: still draws what parses, names the syntax error on stderr, exit 1', async () => {
        const dir = tempCopy('examples') + '/examples';
        writeFileSync(join(dir, 'unclosed.cjm'), 'journey unclosed "Unclosed" {\n  persona maya\n  stage s "S" {\n    touchpoint ad "Ad" {\n      feels happy\n    }\n  }\n');
        const result = await cjm(['render', 'unclosed.cjm', '-o', 'unclosed.md'], dir);
        expect(result.code).toBe(1);
        expect(result.stderr).toMatch(/^unclosed\.cjm:7:4 error parse-error Expected '\}' to close the journey[^\n]*\n$/);
        expect(readFileSync(join(dir, 'unclosed.md'), 'utf8')).toContain('# Unclosed\n');
        expect((await cjm(['render', 'unclosed.cjm', '-o', 'unclosed.md', '--check'], dir)).code).toBe(1);
    });

    test('render: a half-typed element is drawn as far as it goes (a pain without its text), the syntax error named, exit 1', async () => {
        const dir = tempCopy('examples') + '/examples';
        writeFileSync(join(dir, 'broken.cjm'), BROKEN);
        const result = await cjm(['render', 'broken.cjm', '-o', 'broken.md'], dir);
        expect(result.code).toBe(1);
        expect(result.stderr).toMatch(/^broken\.cjm:7:5 error parse-error [^\n]+\n$/);
        const markdown = readFileSync(join(dir, 'broken.md'), 'utf8');
        expect(markdown).toContain('Online checkout');
        expect(markdown).toContain('(no text)');
    });
});

describe('the diff as a pull-request comment', () => {
    test('user text never mentions anyone or references an issue, and still reads the same', () => {
        expect(commentText('Ask @acme/team about #12')).toBe('Ask @\u2060acme/team about \\#\u206012');
        expect(commentText('mail a@b.c')).toBe('mail a@\u2060b.\u2060c');
        expect(commentText('*bold* | cell')).toBe('\\*bold\\* \\| cell');
        expect(commentCode('a`b')).toBe("`a'b`");
        const html = new MarkdownIt().render(commentText('Ask @acme/team about #12'));
        expect(html.replace(/\u2060/g, '')).toContain('Ask @acme/team about #12');
        expect(html).not.toMatch(/[@#][A-Za-z0-9]/);
    });

    test('a pain text with @team in a diff does not notify: no @ is followed by a name', async () => {
        const dir = tempCopy('examples') + '/examples';
        const base = readFileSync(join(dir, 'checkout.cjm'), 'utf8');
        writeFileSync(join(dir, 'before.txt'), base);
        writeFileSync(join(dir, 'checkout.cjm'), base.replace('pain "Slow response"', 'pain "Slow response, ask @acme/support (see #12)"'));
        const result = await cjm(['diff', 'before.txt', 'checkout.cjm'], dir);
        expect(result.stdout).toContain('New at Support chat: Slow response, ask @\u2060acme/support');
        expect(result.stdout).not.toMatch(/@[A-Za-z0-9]/);
        expect(result.stdout).not.toMatch(/#[0-9]/);
    });

    test('the long lists of an added journey are folded into <details>; the comment stays under GitHub\'s limit, saying where it was cut', async () => {
        const dir = tempCopy('examples') + '/examples';
        const touchpoints = (n: number) => Array.from({ length: n }, (_, i) => `    touchpoint t${i} "Step ${i} with a long enough title to fill the comment" {\n      feels hesitant\n      pain "Pain number ${i} of the big journey" source survey\n    }`).join('\n');
        const big = (n: number) => `journey big "Big journey" {\n  persona maya\n  stage s "Only stage" {\n${touchpoints(n)}\n  }\n}\n`;
        writeFileSync(join(dir, 'empty.txt'), '');
        writeFileSync(join(dir, 'big.cjm'), big(8));
        const folded = await cjm(['diff', 'empty.txt', 'big.cjm'], dir);
        expect(folded.stdout).toContain('### Added journey: Big journey (`big`)\n\nIt has 1 stage, 8 touchpoints, 8 pain points.');
        expect(folded.stdout).toContain('<details><summary>8 touchpoints</summary>\n\n- Added touchpoint **Step 0');
        const html = new MarkdownIt({ html: true }).render(folded.stdout);
        expect(html).toMatch(/<details><summary>8 pain points<\/summary>\s*<ul>\s*<li>New at Step 0/);

        writeFileSync(join(dir, 'big.cjm'), big(600));
        const long = await cjm(['diff', 'empty.txt', 'big.cjm'], dir);
        expect(long.code, long.stderr).toBe(0);
        expect(long.stdout.length).toBeLessThanOrEqual(65_000);
        expect(long.stdout).toMatch(/\n\*\*Truncated:\*\* the diff is longer than a GitHub comment may be \(65,536 characters\)\. The rest of this file is left out; run `cjm diff empty\.txt big\.cjm` to see everything\.\n$/);
        expect((long.stdout.match(/<details>/g) ?? []).length).toBe((long.stdout.match(/<\/details>/g) ?? []).length);
        const full = await cjm(['diff', '--max-length', '0', 'empty.txt', 'big.cjm'], dir);
        expect(full.stdout.length).toBeGreaterThan(65_536);
        expect(full.stdout).not.toContain('Truncated');
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

    test('html (golden, with the per-run nonce and the inlined Mermaid bundle replaced by placeholders)', async () => {
        const dir = tempCopy('examples') + '/examples';
        const result = await cjm(['render', 'onboarding.cjm', '-f', 'html'], dir);
        expect(result.code, result.stderr).toBe(0);
        const bundle = readFileSync(createRequire(import.meta.url).resolve('mermaid/dist/mermaid.min.js'), 'utf8');
        expect(result.stdout).toContain(bundle);
        const nonces = new Set([...result.stdout.matchAll(/nonce-([A-Za-z0-9+/=]+)'|nonce="([A-Za-z0-9+/=]+)"/g)].map(m => m[1] ?? m[2]));
        expect(nonces.size).toBe(1);
        const [nonce] = nonces;
        expectGolden('render-onboarding.html', result.stdout.replace(bundle, '/* mermaid.min.js */').replaceAll(nonce, 'NONCE'));
    });

    test('svg (golden): Mermaid in Debian\'s Chromium draws the same picture every run', async () => {
        const dir = tempCopy('examples') + '/examples';
        const result = await cjm(['render', 'onboarding.cjm', '-f', 'svg', '--diagram', 'journey', '-o', 'journey.svg'], dir);
        expect(result.code, result.stderr).toBe(0);
        expectGolden('render-onboarding-journey.svg', readFileSync(join(dir, 'journey.svg'), 'utf8'));
    }, 120_000);

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

    test.each(['mermaid', 'svg'])('-f %s of a file with several journeys: draws the first and says so on stderr, naming how to pick another', async format => {
        const dir = tempCopy('test/fixtures/spec') + '/spec';
        writeFileSync(join(dir, 'two.cjm'), 'journey first "First" {\n  persona maya\n  stage s "S" {\n    touchpoint a "Alpha" { feels happy }\n  }\n}\n\njourney second "Second" {\n  persona maya\n  stage s "S" {\n    touchpoint b "Beta" { feels sad }\n  }\n}\n'.replace('feels sad', 'feels hesitant\n      pain "Slow" source survey'));
        const args = ['render', 'two.cjm', '-f', format, ...(format === 'svg' ? ['-o', 'two.svg'] : [])];
        const first = await cjm(args, dir);
        expect(first.code, first.stderr).toBe(0);
        expect(first.stderr).toBe('cjm: note: two.cjm has 2 journeys; drew first, the first. Pick another with --journey ID (first, second).\n');
        const drawn = format === 'svg' ? readFileSync(join(dir, 'two.svg'), 'utf8') : first.stdout;
        expect(drawn).toContain('Alpha');
        expect(drawn).not.toContain('Beta');
        const second = await cjm([...args, '--journey', 'second'], dir);
        expect(second).toMatchObject({ code: 0, stderr: '' });
        expect(format === 'svg' ? readFileSync(join(dir, 'two.svg'), 'utf8') : second.stdout).toContain('Beta');
    }, 120_000);

    test('--diagram blueprint: the service blueprint as Mermaid text and as SVG; a journey without one says so', async () => {
        const dir = tempCopy('examples') + '/examples';
        const text = await cjm(['render', 'billing-support.cjm', '-f', 'mermaid', '--diagram', 'blueprint'], dir);
        expect(text.code, text.stderr).toBe(0);
        expect(text.stdout).toMatch(/^---\n[^]*\nswimlane-beta LR\n/);
        expect(text.stdout).toContain('subgraph lane_visibility["Line of visibility"]');
        const svg = await cjm(['render', 'billing-support.cjm', '-f', 'svg', '--diagram', 'blueprint', '-o', 'blueprint.svg'], dir, { CJM_BROWSER: '/usr/bin/chromium' });
        expect(svg.code, svg.stderr).toBe(0);
        const drawn = readFileSync(join(dir, 'blueprint.svg'), 'utf8').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
        for (const label of ['Physical evidence', 'Customer actions', 'Frontstage', 'Line of visibility', 'Backstage', 'Support processes', 'Paper bill', 'Recorded menu reads the options']) {
            expect(drawn).toContain(label);
        }
        const markdown = await cjm(['render', 'billing-support.cjm'], dir);
        expect(markdown.stdout).toContain('## Service blueprint\n\n```mermaid\n---');
        const none = await cjm(['render', 'checkout.cjm', '-f', 'mermaid', '--diagram', 'blueprint'], dir);
        expect(none).toMatchObject({ code: 2, stdout: '' });
        expect(none.stderr).toContain('journey checkout in checkout.cjm has no service blueprint: add frontstage, backstage or artifact lines to its touchpoints');
    }, 120_000);

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
        // Labels are SVG text (one tspan a word), not HTML: the words read in order, and no <foreignObject>.
        expect(drawn.replace(/<[^>]+>/g, '')).toContain('Instagram ad');
        expect(drawn).not.toContain('<foreignObject');
        const png = await cjm(['render', 'checkout.cjm', '-f', 'png', '-o', 'map.png'], dir);
        expect(png.code, png.stderr).toBe(0);
        const bytes = readFileSync(join(dir, 'map.png'));
        expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
        // The page is wider and taller than one screen: it holds three diagrams and the grid.
        expect(bytes.readUInt32BE(20)).toBeGreaterThan(900);
    }, 120_000);
});
