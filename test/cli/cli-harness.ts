import { execFile } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, expect } from 'vitest';

/** The repository root. */
export const REPO = fileURLToPath(new URL('../../', import.meta.url));
const CJM = join(REPO, 'packages/cli/bin/cjm.js');
const GOLDEN = join(REPO, 'test/golden/cli');

export interface CliResult {
    code: number;
    stdout: string;
    stderr: string;
}

/** Runs the built `cjm` as a user would (a subprocess), in `cwd`, without a TTY and outside CI. */
export function cjm(args: string[], cwd: string, env: Record<string, string> = {}, input = ''): Promise<CliResult> {
    return cjmUnderRaw([process.execPath, CJM, ...args], cwd, env, input);
}

/**
 * Runs the built `cjm` under another program that ends by running its arguments (`setpriv …`,
 * `sh -c 'ulimit …; exec "$@"' sh`), to run it as another user or with other limits.
 */
export function cjmUnder(wrapper: string[], args: string[], cwd: string, env: Record<string, string> = {}): Promise<CliResult> {
    return cjmUnderRaw([...wrapper, process.execPath, CJM, ...args], cwd, env);
}

/**
 * Runs the built `cjm` on a pseudo-terminal (util-linux `script`), as in an interactive shell:
 * stdout and stderr arrive mixed in `output`, as the terminal shows them.
 */
export function cjmOnTerminal(args: string[], cwd: string, env: Record<string, string> = {}): Promise<{ code: number; output: string }> {
    const shellQuote = (word: string) => `'${word.replace(/'/g, "'\\''")}'`;
    const command = [process.execPath, CJM, ...args].map(shellQuote).join(' ');
    return cjmUnderRaw(['script', '-qfec', command, '/dev/null'], cwd, env).then(({ code, stdout }) => ({ code, output: stdout }));
}

/** Runs a command line; `input` is its standard input (empty by default, never left open). */
function cjmUnderRaw(argv: string[], cwd: string, env: Record<string, string>, input = ''): Promise<CliResult> {
    return new Promise(resolve => {
        const childEnv = { ...process.env, ...env };
        if (!('CI' in env)) {
            delete childEnv.CI;
        }
        const child = execFile(argv[0], argv.slice(1), { cwd, env: childEnv, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
            const code = error ? (typeof error.code === 'number' ? error.code : 99) : 0;
            resolve({ code, stdout, stderr });
        });
        child.stdin?.end(input);
    });
}

const temporaryFolders: string[] = [];

// Each test file removes the folders it made (made readable again first: some tests take rights away).
afterAll(() => {
    for (const dir of temporaryFolders.splice(0)) {
        chmodSync(dir, 0o700);
        rmSync(dir, { recursive: true, force: true });
    }
});

/** A fresh temporary folder, removed after the test file, holding copies of the given repository paths (files or folders) under their base names. */
export function tempCopy(...paths: string[]): string {
    const dir = mkdtempSync(join(tmpdir(), 'cjm-cli-'));
    temporaryFolders.push(dir);
    for (const path of paths) {
        cpSync(join(REPO, path), join(dir, path.split('/').pop()!), { recursive: true });
    }
    return dir;
}

/** Writes files (name → text or bytes) into a folder. */
export function writeFiles(dir: string, files: Record<string, string | Uint8Array>): void {
    for (const [name, content] of Object.entries(files)) {
        mkdirSync(dirname(join(dir, name)), { recursive: true });
        writeFileSync(join(dir, name), content);
    }
}

/** Compares text with a golden file in test/golden/cli; UPDATE_GOLDEN=1 rewrites it. */
export function expectGolden(name: string, actual: string): void {
    const path = join(GOLDEN, name);
    if (process.env.UPDATE_GOLDEN === '1' || !existsSync(path)) {
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, actual);
        if (process.env.UPDATE_GOLDEN !== '1') {
            throw new Error(`golden file ${name} was missing and has been written; review it and run again`);
        }
        return;
    }
    expect(actual, `golden ${name} (UPDATE_GOLDEN=1 to update)`).toBe(readFileSync(path, 'utf8'));
}

/** Expects the one-line `cjm:` message and exit code 2 of a usage or input error, never a stack trace. */
export function expectUsageError(result: CliResult, message: RegExp): void {
    expect(result.code, result.stderr).toBe(2);
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines, result.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(/^cjm: /);
    expect(lines[0]).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at |Error:/);
}

interface MermaidApi {
    parse(text: string): Promise<{ diagramType: string }>;
}

let mermaidApi: Promise<MermaidApi> | undefined;

/** Mermaid's own parser, in Node: happy-dom provides the window Mermaid reads when it loads. */
export function mermaid(): Promise<MermaidApi> {
    mermaidApi ??= (async () => {
        const { Window } = await import('happy-dom');
        const window = new Window();
        Object.assign(globalThis, { window, document: window.document });
        return (await import('mermaid')).default as unknown as MermaidApi;
    })();
    return mermaidApi;
}

/** The ```mermaid fences of a Markdown text. */
export function mermaidBlocks(markdown: string): string[] {
    return [...markdown.matchAll(/^(`{3,})mermaid\n([\s\S]*?)\n\1$/gm)].map(match => match[2]);
}

/**
 * Records on a page everything an output opened in the browser must never do: a dialog, a console
 * error or page error, a request other than `file:` and `data:`, a frame navigating. Returns the
 * list the listeners fill.
 */
export function recordPageProblems(page: Page): string[] {
    const problems: string[] = [];
    page.on('dialog', dialog => { problems.push(`dialog: ${dialog.message()}`); void dialog.dismiss(); });
    page.on('console', message => { if (message.type() === 'error') problems.push(`console: ${message.text()}`); });
    page.on('pageerror', error => problems.push(`page error: ${error.message}`));
    page.on('request', request => { if (!request.url().startsWith('file://') && !request.url().startsWith('data:')) problems.push(`request: ${request.url()}`); });
    page.on('framenavigated', frame => { if (frame !== page.mainFrame()) problems.push(`frame: ${frame.url()}`); });
    return problems;
}
