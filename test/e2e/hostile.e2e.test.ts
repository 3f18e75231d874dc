/**
 * A map whose every string is HTML, script or diagram syntax, and the hostile corpus (every payload
 * in every string position), through the real preview: nothing runs, no dialog opens, nothing
 * reaches the network, and the text is drawn as the characters the author typed.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FrameLocator } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { MERMAID_LOOKALIKES, WORD_JOINER } from '../../packages/language/src/render/escape.js';
import type { Beacon, HostileString } from '../support/hostile-corpus.js';
import { hostileMapText, hostileStrings, journeyId, literalProblems, PAYLOADS, readDrawnPreview, SHOWN_ON, shownBy, startBeacon, withBeacon } from '../support/hostile-corpus.js';
import { openSession, repoRoot, resultPath, screenshotOnFailure, type Session } from './harness/session.js';
import { openFile, runCommand, webviewFrame } from './harness/workbench.js';

const HOSTILE = join(repoRoot, 'test', 'fixtures', 'hostile-preview.cjm');

let source: string;
let session: Session;
let preview: FrameLocator;
const dialogs: string[] = [];
let beacon: Beacon;
let strings: HostileString[];
/** Requests the workbench or a webview made to the beacon, as Chromium saw them (the beacon's own log is the other witness). */
const beaconRequests: string[] = [];

/**
 * Text as a user reads it in a Mermaid drawing. Mermaid cannot draw some ASCII characters as text,
 * so the language draws Unicode look-alikes for them (packages/language/src/render/escape.ts).
 */
function asRead(text: string): string {
    const back = new Map(Object.entries(MERMAID_LOOKALIKES).map(([ascii, lookalike]) => [lookalike, ascii]));
    return [...text.replaceAll(WORD_JOINER, '')].map((char) => back.get(char) ?? char).join('');
}

beforeAll(async () => {
    beacon = await startBeacon();
    strings = hostileStrings(beacon.origin);
    source = mkdtempSync(join(tmpdir(), 'cjm-e2e-hostile-'));
    cpSync(HOSTILE, join(source, 'hostile-preview.cjm'));
    writeFileSync(join(source, 'every-position.cjm'), withBeacon(hostileMapText(), beacon.origin));
    session = await openSession({
        vsix: inject('vsixPath'),
        sourceFolder: source,
        beforeLoad: async (page) => {
            page.on('dialog', (dialog) => {
                dialogs.push(`${dialog.type()}: ${dialog.message()}`);
                void dialog.dismiss();
            });
            page.on('request', (request) => {
                if (request.url().startsWith(beacon.origin)) {
                    beaconRequests.push(request.url());
                }
            });
        }
    });
    await openFile(session.page, 'hostile-preview.cjm');
    await runCommand(session.page, 'CJM: Open Preview to the Side');
    preview = await webviewFrame(session.page, 'section.cjm-diagram-journey .cjm-canvas svg');
    await preview.locator('section.cjm-diagram-grid .cjm-canvas *').first().waitFor();
});

afterAll(async () => {
    await session?.close();
    await beacon?.close();
    rmSync(source, { recursive: true, force: true });
});

screenshotOnFailure(() => session);

test('a hostile map runs no script, opens no dialog and injects no markup', async () => {
    const root = preview.locator('#cjm-root');
    expect(await root.locator('script, img, iframe, b, i, a[href], style:not(svg style)').count()).toBe(0);
    // The fixture's payloads set window.__pwned; neither the webview nor the workbench may have it.
    expect(await preview.locator('body').evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(await session.page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(dialogs).toEqual([]);
    await session.page.screenshot({ path: resultPath('preview-hostile.png') });
});

test('a hostile map shows its text literally', async () => {
    // The drawn labels only: Mermaid's <style> element is text too.
    const labels = await preview
        .locator('section.cjm-diagram-journey .cjm-canvas svg text')
        .evaluateAll((texts) => texts.map((text) => text.textContent ?? '').join('\n'));
    const journey = asRead(labels);
    expect(journey).toContain('<img src=x onerror=alert(1)>');
    expect(journey).toContain('<svg onload=alert(1)>: stage; one #1');
    expect(journey).toContain("<script>alert('title')</script>");
    expect(journey).toContain('title `md` %% comment');
    const grid = (await preview.locator('section.cjm-diagram-grid .cjm-canvas').textContent()) ?? '';
    expect(grid).toContain('</td></tr></table><script>window.__pwned=3</script>');
    expect(grid).toContain('<a href=javascript:alert(1)>win</a>');
    expect(dialogs).toEqual([]);
});

test('every payload of the hostile corpus in every string position: each journey through the picker, literal, inert, offline', async () => {
    await openFile(session.page, 'every-position.cjm');
    const picker = preview.locator('select.cjm-journey-picker');
    await expect.poll(() => picker.locator('option').count(), { timeout: 30_000 }).toBe(PAYLOADS.length);
    for (const [i] of PAYLOADS.entries()) {
        const id = journeyId(i + 1);
        if (i > 0) {
            await picker.selectOption(id);
        }
        // The journey diagram's title carries the journey's code, which no escaping changes.
        await expect.poll(() => preview.locator('section.cjm-diagram-journey .cjm-canvas svg').textContent(), { timeout: 30_000 }).toContain(`p${i + 1}-journey-title`);
        await preview.locator('section.cjm-diagram-flow .cjm-canvas svg').waitFor();
        const drawn = await preview.locator('body').evaluate(readDrawnPreview);
        const own = strings.filter((string) => string.payload === i + 1);
        for (const surface of ['journey', 'emotion', 'flow', 'blueprint', 'grid', 'picker'] as const) {
            expect(literalProblems(drawn[surface], own, SHOWN_ON[surface], []), `${id} ${surface}`).toEqual([]);
        }
        expect(literalProblems(drawn.page, strings, [], shownBy('preview').absent), id).toEqual([]);
        expect({ injected: drawn.injected, handlers: drawn.handlers, pwned: drawn.pwned }, id).toEqual({ injected: [], handlers: [], pwned: undefined });
    }
    expect(await session.page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(dialogs).toEqual([]);
    expect(beaconRequests).toEqual([]);
    expect(beacon.hits).toEqual([]);
    await session.page.screenshot({ path: resultPath('preview-hostile-every-position.png') });
});
