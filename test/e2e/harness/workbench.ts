/**
 * Driving the VS Code workbench the way a user does: keyboard shortcuts, Quick Open, the command
 * palette, and reading what is on screen through the workbench's own classes and ARIA roles.
 * Every wait is on a visible condition with a timeout; nothing sleeps for a fixed time.
 */
import type { FrameLocator, Locator, Page } from 'playwright-core';

/** The editor that has keyboard focus (or the only visible one). */
export function activeEditor(page: Page): Locator {
    return page.locator('.editor-group-container.active .monaco-editor').first();
}

/** Opens a file of the workspace by name with Quick Open and waits for its text to show. */
export async function openFile(page: Page, fileName: string): Promise<Locator> {
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input.input');
    await input.waitFor({ state: 'visible' });
    await input.fill(fileName);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: fileName }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.tabs-container .tab.active', { hasText: fileName }).waitFor();
    const editor = activeEditor(page);
    await editor.locator('.view-line').first().waitFor();
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
    const exact = new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
    await page.locator('.quick-input-list .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: exact }) }).first().click();
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

/** Waits until the status bar shows the cursor at a one-based line and column. */
export async function cursorAt(page: Page, line: number, column: number, timeout = 20_000): Promise<void> {
    await page.locator('#status\\.editor\\.selection', { hasText: new RegExp(`Ln ${line}, Col ${column}\\b`) }).waitFor({ timeout });
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

/** Finds `text` with the editor's Find widget, which selects it and scrolls it into view. */
export async function findInEditor(page: Page, text: string): Promise<void> {
    await activeEditor(page).click({ position: { x: 200, y: 10 } });
    await page.keyboard.press('Control+F');
    const input = page.locator('.editor-group-container.active .find-widget textarea, .editor-group-container.active .find-widget input').first();
    await input.waitFor({ state: 'visible' });
    await input.fill(text);
    await page.locator('.editor-group-container.active .find-widget .matchesCount', { hasNotText: /No results/ }).waitFor();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
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
export async function webviewFrame(page: Page, selector: string, timeout = 30_000): Promise<FrameLocator> {
    const deadline = Date.now() + timeout;
    for (;;) {
        const outerCount = await page.locator('iframe.webview').count();
        for (let index = 0; index < outerCount; index++) {
            const inner = page.locator('iframe.webview').nth(index).contentFrame().locator('iframe').contentFrame();
            if ((await inner.locator(selector).count()) > 0) {
                return inner;
            }
        }
        if (Date.now() > deadline) {
            const shown = await page.locator('.monaco-dialog-box, .notification-toast').allInnerTexts();
            throw new Error(`No webview shows "${selector}" after ${timeout} ms (${outerCount} webview frames open). Workbench messages: ${JSON.stringify(shown)}`);
        }
        await page.waitForTimeout(100);
    }
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
