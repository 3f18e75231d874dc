/**
 * One end-to-end session: a throwaway code-server serving a temp copy of a folder, and a headless
 * Chromium page showing its workbench. Everything it starts is stopped by `close()`, and by the
 * exit hook of scripts/code-server.mjs if the test process dies first.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach } from 'vitest';
import { STARTUP_TIMEOUT, STEP_TIMEOUT } from './timeouts.js';
import { waitForFolder, workbenchState } from './workbench.js';
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
 * Built-in extensions the sessions leave out. Each does work at every start that a CJM user's
 * tests do not need (git scans the folder, the JSON and TypeScript extensions start language
 * servers, others activate on start-up), and on a busy two-core machine that work delays the
 * extension host, and with it our extension, the language server and the restored previews.
 */
const UNRELATED_BUILTIN_EXTENSIONS = [
    'vscode.git',
    'vscode.git-base',
    'vscode.github',
    'vscode.github-authentication',
    'vscode.emmet',
    'vscode.configuration-editing',
    'vscode.extension-editing',
    'vscode.json-language-features',
    'vscode.npm',
    'vscode.typescript-language-features',
    'vscode.debug-auto-launch',
    'vscode.merge-conflict'
];

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
        const traceName = `trace-${basename(folder)}`;
        if (process.env.CJM_E2E_TRACE) {
            cleanups.push(() => cpSync(join(profile.userDataDir, 'logs'), resultPath(`${traceName}-logs`), { recursive: true }));
        }

        if (options.vsix) {
            await installVsix(bin, profile, options.vsix);
        }
        const server = await launchCodeServer(bin, profile, {
            folder,
            extensionTests: options.payload !== undefined,
            skipBuiltinExtensions: UNRELATED_BUILTIN_EXTENSIONS
        });
        cleanups.push(() => server.stop());

        const browser = await launchChromium();
        cleanups.push(() => browser.close());
        const page = await browser.newPage({ viewport: { width: 1600, height: 1000 }, colorScheme: theme });
        page.setDefaultTimeout(STEP_TIMEOUT);
        if (process.env.CJM_E2E_TRACE) {
            await page.context().tracing.start({ screenshots: true, snapshots: true });
            cleanups.push(() => page.context().tracing.stop({ path: resultPath(`${traceName}.zip`) }));
        }
        await options.beforeLoad?.(page);

        const query = new URLSearchParams({ folder });
        if (options.payload) {
            const remote = (path: string) => `vscode-remote://127.0.0.1:${server.port}${path}`;
            query.set('payload', JSON.stringify(options.payload(remote)));
        }
        const url = `${server.url}?${query.toString()}`;
        await page.goto(url, { timeout: STARTUP_TIMEOUT });
        await page.locator('.monaco-workbench').waitFor({ timeout: STARTUP_TIMEOUT });
        if (options.waitForExplorer !== false) {
            await waitForFolder(page);
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

/**
 * Registers hooks that save what the workbench showed when a test of this file, or its
 * `beforeAll`, failed: a screenshot and `workbenchState` (focus, quick input, dialogs,
 * notifications, where each webview got to), as `failed-<test name>.png` and `.json`.
 */
export function screenshotOnFailure(current: () => Session | undefined): void {
    afterEach(async (context) => {
        if (context.task.result?.state === 'fail') {
            await saveFailure(current(), context.task.name);
        }
    });
    // A failed beforeAll fails the file before any test runs, so no afterEach sees it.
    afterAll(async ({}, suite) => {
        if (suite.result?.state === 'fail' && suite.tasks.every((task) => task.result?.state !== 'fail')) {
            await saveFailure(current(), `${suite.name} setup`);
        }
    });
}

async function saveFailure(session: Session | undefined, name: string): Promise<void> {
    if (!session) {
        return;
    }
    const file = `failed-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`;
    await session.page.screenshot({ path: resultPath(`${file}.png`), timeout: 10_000 }).catch(() => undefined);
    const state = await workbenchState(session.page).catch((error: unknown) => `no state: ${String(error)}`);
    writeFileSync(resultPath(`${file}.json`), JSON.stringify(state, null, 2));
}
