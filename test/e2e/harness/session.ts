/**
 * One end-to-end session: a throwaway code-server serving a temp copy of a folder, and a headless
 * Chromium page showing its workbench. Everything it starts is stopped by `close()`, and by the
 * exit hook of scripts/code-server.mjs if the test process dies first.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterEach } from 'vitest';
// @ts-expect-error plain ESM module shared with scripts/start.mjs; its JSDoc documents the types.
import { createProfile, ensureCodeServer, installVsix, launchCodeServer } from '../../../scripts/code-server.mjs';

/** The repository root. */
export const repoRoot = resolve(import.meta.dirname, '../../..');
/** Screenshots and exported files land here (gitignored). */
export const resultsDir = join(repoRoot, 'test-results', 'e2e');

export const CHROMIUM_PATH = process.env.CJM_CHROMIUM ?? '/usr/bin/chromium';

/** Settings that keep the workbench quiet and predictable: no welcome page, no chat, no tips. */
const QUIET_SETTINGS = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'chat.disableAIFeatures': true,
    'chat.commandCenter.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'extensions.ignoreRecommendations': true,
    'extensions.autoUpdate': false,
    'extensions.autoCheckUpdates': false,
    'update.mode': 'none',
    'files.autoSave': 'off',
    'editor.minimap.enabled': false,
    'editor.hover.delay': 100,
    'editor.quickSuggestions': { other: false, comments: false, strings: false },
    'security.workspace.trust.enabled': false,
    'git.enabled': false
};

/**
 * User settings that make the web workbench run the CJM extension in the browser's web-worker
 * extension host, from its `browser` entry point, as vscode.dev and github.dev do (code-server
 * otherwise prefers its Node extension host for an extension that has both entry points).
 */
export const WEB_WORKER_EXTENSION_HOST = { 'remote.extensionKind': { 'cjm.cjm-vscode': ['web'] } };

export type Theme = 'light' | 'dark';
const THEME_NAMES: Record<Theme, string> = { light: 'Default Light Modern', dark: 'Default Dark Modern' };

export interface SessionOptions {
    /** Folder copied to a temp folder and opened; defaults to examples/. */
    sourceFolder?: string;
    /** A packaged extension to install into the throwaway extensions folder. */
    vsix?: string;
    theme?: Theme;
    /** User settings on top of the quiet ones. */
    settings?: Record<string, unknown>;
    /**
     * VS Code's extension-test payload (extensionDevelopmentPath, extensionTestsPath), put in the
     * workbench URL. `remote` turns a path on this machine into the URI the workbench resolves
     * through code-server.
     */
    payload?: (remote: (path: string) => string) => [string, string][];
    /** Called before the page loads, e.g. to expose functions to it. */
    beforeLoad?: (page: Page) => Promise<void>;
    /** Wait for a folder in the explorer (false for in-host test runs, which may close the window). */
    waitForExplorer?: boolean;
}

export interface Session {
    page: Page;
    /** The temp copy of the opened folder. */
    folder: string;
    /** The throwaway profile's extensions folder (installed extensions live here). */
    extensionsDir: string;
    url: string;
    /** Everything code-server printed so far. */
    serverOutput(): string;
    close(): Promise<void>;
}

/** Launches Chromium with the project's standard flags; fails clearly when it is missing. */
export async function launchChromium(): Promise<Browser> {
    if (!existsSync(CHROMIUM_PATH)) {
        throw new Error(`Chromium not found at ${CHROMIUM_PATH}: install Debian's chromium (apt-get install -y chromium) or set CJM_CHROMIUM.`);
    }
    return chromium.launch({
        executablePath: CHROMIUM_PATH,
        timeout: 30_000,
        args: [
            '--headless',
            '--no-sandbox',
            '--disable-gpu',
            '--disable-quic',
            '--no-first-run',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync'
        ]
    });
}

/** Starts code-server and Chromium and waits for the workbench to show the opened folder. */
export async function openSession(options: SessionOptions = {}): Promise<Session> {
    const cleanups: (() => Promise<void> | void)[] = [];
    const close = async () => {
        for (const cleanup of cleanups.reverse()) {
            await cleanup();
        }
        cleanups.length = 0;
    };
    try {
        const bin: string = await ensureCodeServer();
        const theme = options.theme ?? 'light';
        const profile = createProfile({ settings: { ...QUIET_SETTINGS, 'workbench.colorTheme': THEME_NAMES[theme], ...options.settings } });
        cleanups.push(() => profile.dispose());

        const folder = mkdtempSync(join(tmpdir(), 'cjm-e2e-workspace-'));
        cpSync(options.sourceFolder ?? join(repoRoot, 'examples'), folder, { recursive: true });
        cleanups.push(() => rmSync(folder, { recursive: true, force: true }));

        if (options.vsix) {
            await installVsix(bin, profile, options.vsix);
        }
        const server = await launchCodeServer(bin, profile, { folder, extensionTests: options.payload !== undefined });
        cleanups.push(() => server.stop());

        const browser = await launchChromium();
        cleanups.push(() => browser.close());
        const page = await browser.newPage({ viewport: { width: 1600, height: 1000 }, colorScheme: theme });
        page.setDefaultTimeout(20_000);
        await options.beforeLoad?.(page);

        const query = new URLSearchParams({ folder });
        if (options.payload) {
            const remote = (path: string) => `vscode-remote://127.0.0.1:${server.port}${path}`;
            query.set('payload', JSON.stringify(options.payload(remote)));
        }
        const url = `${server.url}?${query.toString()}`;
        await page.goto(url, { timeout: 30_000 });
        await page.locator('.monaco-workbench').waitFor({ timeout: 30_000 });
        if (options.waitForExplorer !== false) {
            await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 30_000 });
        }
        return { page, folder, extensionsDir: profile.extensionsDir, url, serverOutput: server.output, close };
    } catch (error) {
        await close();
        throw error;
    }
}

/** Makes sure the results folder exists and returns the path of a file in it. */
export function resultPath(name: string): string {
    mkdirSync(resultsDir, { recursive: true });
    return join(resultsDir, name);
}

/** Registers a hook that saves a screenshot of the workbench when a test of this file fails. */
export function screenshotOnFailure(current: () => Session | undefined): void {
    afterEach(async (context) => {
        const session = current();
        if (context.task.result?.state !== 'fail' || !session) {
            return;
        }
        const name = context.task.name.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
        await session.page.screenshot({ path: resultPath(`failed-${name}.png`), timeout: 10_000 }).catch(() => undefined);
    });
}
