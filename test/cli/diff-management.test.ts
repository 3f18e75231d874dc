import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import MarkdownIt from 'markdown-it';
import { describe, expect, test } from 'vitest';
import { cjm, tempCopy } from './cli-harness.js';

function git(dir: string, ...args: string[]): void {
    execFileSync('git', ['-c', 'user.email=cli@test', '-c', 'user.name=cli test', ...args], { cwd: dir, stdio: 'ignore' });
}

/** Replaces each `from` of a file (failing when it is not there). */
function edit(dir: string, file: string, ...pairs: Array<[string, string]>): void {
    let text = readFileSync(join(dir, file), 'utf8');
    for (const [from, to] of pairs) {
        expect(text, file).toContain(from);
        text = text.replace(from, to);
    }
    writeFileSync(join(dir, file), text);
}

describe('cjm diff: what a reviewer of journey management cares about', () => {
    test('evidence gained and lost, an insight going stale, opportunity ratings and dates, subjourney links, reviewed', async () => {
        const dir = tempCopy('examples') + '/examples';
        git(dir, 'init', '-q');
        git(dir, 'add', '.');
        git(dir, 'commit', '-qm', 'base');
        edit(dir, 'insights.cjm', ['date "2026-09"\n  sample 12', 'date "2025-01"\n  sample 12']);
        edit(dir, 'onboarding.cjm',
            ['pain "Twelve required fields" source usability-test evidence founder-interviews severity high', 'pain "Twelve required fields" source usability-test evidence int-12 severity high'],
            ['reviewed "2026-10-30"', 'reviewed "2026-11-28"'],
            ['        impact high\n        effort low\n        ticket "ONB-40"\n        due "2027-01-15"', '        impact medium\n        effort medium\n        ticket "ONB-41"\n        due "2027-03"'],
            ['      evidence founder-interviews\n', '']);
        edit(dir, 'checkout.cjm', ['        status in-progress\n        impact high', '        status done\n        impact high']);
        edit(dir, 'lifecycle.cjm', ['    subjourney onboarding\n', ''], ['      evidence call-review\n', '      evidence call-review\n      subjourney billing-support\n']);
        const result = await cjm(['diff', '--git', 'HEAD'], dir);
        expect(result.code, result.stderr).toBe(0);
        const markdown = result.stdout;
        expect(markdown).toContain('- Changed insight `founder-interviews`: now **stale** (dated 2025-01), more than 12 months old');
        expect(markdown).toContain('- Evidence at Adds company details: Twelve required fields: gained `int-12`; lost `founder-interviews`');
        expect(markdown).toContain('- Adds company details: evidence `founder-interviews` → _none_');
        expect(markdown).toContain('**Reviewed:** 2026-10-30 → **2026-11-28**');
        for (const line of [
            '- Impact at Adds company details: Ask for bank details with the first payment, not at sign-up: high → **medium**',
            '- Effort at Adds company details: Ask for bank details with the first payment, not at sign-up: low → **medium**',
            '- Ticket at Adds company details: Ask for bank details with the first payment, not at sign-up: “ONB-40” → “ONB-41”',
            '- Due at Adds company details: Ask for bank details with the first payment, not at sign-up: 2027-01-15 → **2027-03**',
            '- Status at Checkout process: Guest checkout: in-progress → **done**',
            '- Removed subjourney **Invoicing app onboarding** (`onboarding`) from stage Get started',
            '- Added subjourney **Fixing a billing mistake** (`billing-support`) to touchpoint Contacts support about a bill'
        ]) {
            expect(markdown).toContain(line);
        }
        // GitHub shows it as written: a heading per section, no raw HTML.
        const html = new MarkdownIt().render(markdown);
        expect(html).toContain('<h4>Subjourneys</h4>');
    });
});
