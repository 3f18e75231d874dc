/**
 * Driving the VS Code workbench the way a user does: keyboard shortcuts, Quick Open, the command
 * palette, and reading what is on screen through the workbench's own classes and ARIA roles.
 * Every wait is on a visible condition with a timeout; nothing sleeps for a fixed time.
 */
import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import type { Frame, FrameLocator, Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { STARTUP_TIMEOUT } from './timeouts.js';

/** Waits until the workbench shows the opened folder in the explorer. */
export async function waitForFolder(page: Page): Promise<void> {
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: STARTUP_TIMEOUT });
}

/** Runs Developer: Reload Window and waits for the reloaded workbench to show the folder again. */
export async function reloadWindow(page: Page): Promise<void> {
    const reloaded = page.waitForEvent('load', { timeout: STARTUP_TIMEOUT });
    await startCommand(page, 'Developer: Reload Window');
    await reloaded;
    await page.locator('.monaco-workbench').waitFor({ timeout: STARTUP_TIMEOUT });
    await waitForFolder(page);
}

/** The editor that has keyboard focus (or the only visible one). */
export function activeEditor(page: Page): Locator {
    return page.locator('.editor-group-container.active .monaco-editor').first();
}

/** The folder the workbench has open: the session puts it in the page's address (`?folder=`), which a reload keeps. */
export function workspaceFolder(page: Page): string {
    const folder = new URL(page.url()).searchParams.get('folder');
    if (!folder) {
        throw new Error(`The workbench address names no folder: ${page.url()}`);
    }
    return folder;
}

/**
 * Opens a file of the workspace folder and waits for its text to show. Quick Open is given the
 * file's absolute path, so that it answers from the file system (one result) rather than from the
 * file search, which the extension host serves: right after the workbench loads or reloads, the
 * host may still be starting its extensions, and until then the search lists nothing.
 */
export async function openFile(page: Page, fileName: string): Promise<Locator> {
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input.input');
    await input.waitFor({ state: 'visible' });
    await input.fill(posix.join(workspaceFolder(page), fileName));
    const name = escapeRegExp(fileName);
    await page.locator('.quick-input-list .monaco-list-row.focused').filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${name}$`) }) }).waitFor();
    await page.keyboard.press('Enter');
    await input.waitFor({ state: 'hidden' });
    // A tab's text is the file name (drawn as name and extension) and then its decorations.
    await page.locator('.editor-group-container.active .tabs-container .tab.active', { hasText: new RegExp(`^${name}`) }).waitFor();
    const editor = activeEditor(page);
    await editor.locator('.view-line').first().waitFor();
    if (fileName.endsWith('.cjm')) {
        // The workbench learns the CJM language (and the CJM commands) from the extension's
        // manifest once the extension host has registered it; until then a map is plain text.
        await page.locator('#status\\.editor\\.mode', { hasText: /^\s*CJM\s*$/ }).waitFor({ timeout: STARTUP_TIMEOUT });
    }
    return editor;
}

/**
 * Runs a command from the command palette by its exact title, e.g. `CJM: Open Preview to the Side`
 * (clicked, not the first match: `CJM: Open Locked Preview to the Side` matches that filter too).
 */
export async function runCommand(page: Page, title: string): Promise<void> {
    await startCommand(page, title);
    // The palette closes, or the command opens a quick input of its own (a picker, a save dialog).
    await page.waitForFunction(() => {
        const widget = document.querySelector<HTMLElement>('.quick-input-widget');
        const value = widget?.querySelector('input.input') as HTMLInputElement | null;
        return !widget || widget.style.display === 'none' || !value?.value.startsWith('>');
    });
}

/** Picks a command in the command palette and returns without waiting for anything (it may reload the page). */
export async function startCommand(page: Page, title: string): Promise<void> {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input.input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`>${title}`);
    const exact = new RegExp(`^${escapeRegExp(title)}$`);
    await page.locator('.quick-input-list .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: exact }) }).first().click();
}

/** `text` as a regular expression that matches it literally. */
function escapeRegExp(text: string): string {
    return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Moves the cursor of the active editor to a one-based line and column with Quick Open's `:line:column`. */
export async function goToPosition(page: Page, line: number, column: number): Promise<void> {
    // Ctrl+G is taken by the browser in the web workbench; Quick Open's `:` prefix is the same command.
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input.input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`:${line}:${column}`);
    await page.keyboard.press('Enter');
    await input.waitFor({ state: 'hidden' });
    await cursorAt(page, line, column);
}

/**
 * The one-based line of a file in the session's folder that first contains `text`, so a test
 * names the line it edits by what it holds (the examples grow; line numbers would go stale).
 */
export function lineOf(folder: string, fileName: string, text: string): number {
    const index = readFileSync(join(folder, fileName), 'utf8').split('\n').findIndex((line) => line.includes(text));
    if (index < 0) {
        throw new Error(`${fileName} has no line with ${JSON.stringify(text)}`);
    }
    return index + 1;
}

/** Waits until the status bar shows the cursor at a one-based line and column. */
export async function cursorAt(page: Page, line: number, column: number): Promise<void> {
    await page.locator('#status\\.editor\\.selection', { hasText: new RegExp(`Ln ${line}, Col ${column}\\b`) }).waitFor();
}

/** The `Ln x, Col y` text of the status bar, as numbers. */
export async function cursorPosition(page: Page): Promise<{ line: number; column: number }> {
    const text = (await page.locator('#status\\.editor\\.selection').innerText()).trim();
    const match = /Ln (\d+), Col (\d+)/.exec(text);
    if (!match) {
        throw new Error(`The status bar does not show a cursor position: "${text}"`);
    }
    return { line: Number(match[1]), column: Number(match[2]) };
}

/** The rendered line of the active editor that contains `text` (it must be scrolled into view). */
export function editorLine(page: Page, text: string): Locator {
    return activeEditor(page).locator('.view-line', { hasText: text }).first();
}

/** Opens the Problems panel and returns its rows. */
export async function openProblems(page: Page): Promise<Locator> {
    await page.keyboard.press('Control+Shift+M');
    const panel = page.locator('.markers-panel');
    await panel.waitFor({ state: 'visible' });
    return panel.locator('.monaco-list-row');
}

/** Saves the active editor and waits until its tab is no longer dirty. */
export async function save(page: Page): Promise<void> {
    await page.keyboard.press('Control+S');
    await page.locator('.tabs-container .tab.active.dirty').waitFor({ state: 'detached' });
}

/**
 * The frame of the webview whose page contains `selector`. VS Code puts each webview in an
 * `iframe.webview` whose own document loads the extension's HTML into an inner frame.
 */
export async function webviewFrame(page: Page, selector: string, timeout = STARTUP_TIMEOUT): Promise<FrameLocator> {
    const deadline = Date.now() + timeout;
    for (;;) {
        const outerCount = await page.locator('iframe.webview').count();
        for (let index = 0; index < outerCount; index++) {
            // The page shown is `#active-frame`; while a webview loads new content (the Markdown
            // preview after an edit) a `#pending-frame` stands beside it until it takes its place.
            const inner = page.locator('iframe.webview').nth(index).contentFrame().locator('iframe#active-frame').contentFrame();
            if ((await inner.locator(selector).count()) > 0) {
                return inner;
            }
        }
        if (Date.now() > deadline) {
            throw new Error(`No webview shows "${selector}" after ${timeout} ms (${outerCount} webview frames open). The workbench: ${JSON.stringify(await workbenchState(page))}`);
        }
        await page.waitForTimeout(100);
    }
}

/**
 * Waits until a webview's page has the keyboard, after a shortcut or command focused its editor.
 * The workbench focuses a webview in two steps: the outer frame at once, the page inside after a
 * message to the webview's host. Until that message lands, a key press opens the command palette
 * or Quick Open, and the late focus then closes it again (they close when they lose the focus).
 */
export async function webviewHasFocus(page: Page): Promise<void> {
    await expect
        .poll(async () => {
            const focused = await Promise.all(webviewHosts(page).map((frame) => frame.evaluate(() => document.hasFocus() && document.activeElement?.id === 'active-frame').catch(() => false)));
            return focused.includes(true);
        })
        .toBe(true);
}

/**
 * Clicks the middle of an element with the mouse, without Playwright's scroll-into-view: the
 * preview pans its diagrams itself, and scrolling its clipped viewport would move the target.
 */
export async function clickWhereShown(page: Page, target: Locator): Promise<void> {
    await target.waitFor();
    const box = await target.boundingBox();
    if (!box) {
        throw new Error('The element to click has no box on screen.');
    }
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
}

/** The frames of VS Code's webview host pages (`iframe.webview`), each of which loads an extension's page into an inner frame. */
function webviewHosts(page: Page): Frame[] {
    return page.frames().filter((frame) => frame.url().includes('/webview/browser/pre/index.html'));
}

/** Where each webview host page got to (its performance marks, its service worker), for failure messages. */
async function webviewStates(page: Page): Promise<unknown[]> {
    return Promise.all(
        webviewHosts(page).map((frame) => {
            const state = frame.evaluate(async () => ({
                marks: performance.getEntriesByType('mark').map((mark) => mark.name.replace('webview/index.html/', '')),
                controller: navigator.serviceWorker.controller?.scriptURL.replace(/\?.*/, ''),
                registrations: (await navigator.serviceWorker.getRegistrations()).map((registration) => ({
                    scope: registration.scope,
                    active: registration.active?.state,
                    installing: registration.installing?.state,
                    waiting: registration.waiting?.state
                })),
                frames: document.querySelectorAll('iframe').length,
                activeFrame: document.getElementById('active-frame') !== null
            }));
            const timeout = new Promise((resolve) => setTimeout(() => resolve('no answer in 5 s'), 5_000));
            return Promise.race([state, timeout]).catch((error: unknown) => String(error));
        })
    );
}

/** What is over and in the workbench (focus, quick input, dialogs, notifications, webviews), for failure reports. */
export async function workbenchState(page: Page): Promise<unknown> {
    const dom = await page.evaluate(() => {
        const describe = (element: Element | null) =>
            element ? `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}.${Array.from(element.classList).join('.')}` : null;
        const widget = document.querySelector<HTMLElement>('.quick-input-widget');
        const input = widget?.querySelector<HTMLInputElement>('input.input');
        return {
            focused: describe(document.activeElement),
            hasFocus: document.hasFocus(),
            quickInput: widget && {
                display: widget.style.display,
                value: input?.value,
                rows: Array.from(widget.querySelectorAll('.monaco-list-row')).map((row) => (row as HTMLElement).innerText.replace(/\s+/g, ' ')).slice(0, 5),
                busy: widget.querySelector('.monaco-progress-container.active') !== null
            },
            dialogs: Array.from(document.querySelectorAll<HTMLElement>('.monaco-dialog-box')).map((dialog) => dialog.innerText),
            modalBlocks: document.querySelectorAll('.monaco-dialog-modal-block').length,
            notifications: Array.from(document.querySelectorAll<HTMLElement>('.notification-toast')).map((toast) => toast.innerText),
            contextViews: Array.from(document.querySelectorAll<HTMLElement>('.context-view')).filter((view) => view.style.display !== 'none').map((view) => view.innerText.slice(0, 200)),
            tabs: Array.from(document.querySelectorAll<HTMLElement>('.tabs-container .tab')).map((tab) => `${tab.classList.contains('active') ? '*' : ''}${tab.innerText.trim()}`)
        };
    });
    return { ...dom, webviews: await webviewStates(page) };
}
