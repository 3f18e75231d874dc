import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';

/** The paper sizes `cjm render --format pdf --page` and the preview's Export PDF offer. */
export const PAGE_SIZES = ['a3', 'a4', 'letter'] as const;
export type PageSize = (typeof PAGE_SIZES)[number];

/** Landscape paper in inches, as Chromium's print takes it. */
const PAPER: Record<PageSize, { width: number; height: number }> = {
    a3: { width: 16.54, height: 11.69 },
    a4: { width: 11.69, height: 8.27 },
    letter: { width: 11, height: 8.5 }
};
const MARGIN_INCHES = 0.4;

/** Headless, without sandbox or GPU, and without the background traffic a fresh profile starts. */
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync', '--remote-debugging-pipe'];

/** Waits until the page's drawing script has drawn every diagram (renderHtmlPage sets `body[data-rendered]`). */
const DRAWN = `new Promise((resolve) => {
  const done = () => document.body.dataset.rendered === 'true';
  if (done()) { resolve(true); return; }
  new MutationObserver(() => { if (done()) resolve(true); }).observe(document.body, { attributes: true });
})`;

export interface PrintOptions {
    /** The Chromium to print with (see findChromium). */
    chromium: string;
    page: PageSize;
    /** How long drawing and printing may take before the print fails. */
    timeoutMs?: number;
}

/**
 * Prints a page of renderHtmlPage to PDF with headless Chromium's own print (`Page.printToPDF`
 * over the DevTools protocol on a pipe, so no port is opened and no library is needed): landscape,
 * backgrounds printed, once every diagram is drawn. The page's CSP lets only its own scripts run.
 */
export async function printPdf(html: string, options: PrintOptions): Promise<Uint8Array> {
    const folder = await mkdtemp(join(tmpdir(), 'cjm-pdf-'));
    const file = join(folder, 'map.html');
    await writeFile(file, html);
    const chromium = spawn(options.chromium, [...CHROMIUM_FLAGS, `--user-data-dir=${join(folder, 'profile')}`, 'about:blank'], {
        stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe']
    });
    const devtools = new DevToolsPipe(chromium);
    const timeoutMs = options.timeoutMs ?? 120_000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`Chromium did not draw and print the map within ${timeoutMs / 1000} s`)), timeoutMs);
    });
    try {
        return await Promise.race([print(devtools, pathToFileURL(file).href, options.page), timedOut]);
    } finally {
        clearTimeout(timer);
        await devtools.close();
        await rm(folder, { recursive: true, force: true });
    }
}

async function print(devtools: DevToolsPipe, url: string, page: PageSize): Promise<Uint8Array> {
    const { targetId } = await devtools.send<{ targetId: string }>('Target.createTarget', { url: 'about:blank' });
    const { sessionId } = await devtools.send<{ sessionId: string }>('Target.attachToTarget', { targetId, flatten: true });
    await devtools.send('Page.enable', {}, sessionId);
    const loaded = devtools.event('Page.loadEventFired', sessionId);
    const navigation = await devtools.send<{ errorText?: string }>('Page.navigate', { url }, sessionId);
    if (navigation.errorText) {
        throw new Error(`Chromium could not open the page: ${navigation.errorText}`);
    }
    await loaded;
    await devtools.send('Runtime.evaluate', { expression: DRAWN, awaitPromise: true, returnByValue: true }, sessionId);
    const paper = PAPER[page];
    // The paper is given landscape (wider than high), so Chromium's own `landscape` stays off.
    const { data } = await devtools.send<{ data: string }>('Page.printToPDF', {
        paperWidth: paper.width,
        paperHeight: paper.height,
        marginTop: MARGIN_INCHES,
        marginBottom: MARGIN_INCHES,
        marginLeft: MARGIN_INCHES,
        marginRight: MARGIN_INCHES,
        printBackground: true,
        displayHeaderFooter: false,
        preferCSSPageSize: false
    }, sessionId);
    return Buffer.from(data, 'base64');
}

interface Pending {
    resolve(result: unknown): void;
    reject(error: Error): void;
}

/**
 * The DevTools protocol on the pipe `--remote-debugging-pipe` opens: JSON messages ending in a NUL
 * byte, Chromium reading file descriptor 3 and writing 4. A Chromium that fails to start or dies
 * fails every command with what it wrote to stderr.
 */
class DevToolsPipe {
    private nextId = 1;
    private readonly pending = new Map<number, Pending>();
    private readonly listeners = new Map<string, Array<() => void>>();
    private buffered = '';
    private stderr = '';
    private failure: Error | undefined;
    private readonly exited: Promise<void>;
    private readonly input: Writable;

    constructor(private readonly chromium: ChildProcess) {
        this.input = chromium.stdio[3] as Writable;
        const output = chromium.stdio[4] as Readable;
        output.setEncoding('utf8');
        output.on('data', (chunk: string) => this.receive(chunk));
        chromium.stderr!.setEncoding('utf8');
        chromium.stderr!.on('data', (chunk: string) => {
            this.stderr = (this.stderr + chunk).slice(-2_000);
        });
        this.input.on('error', () => undefined);
        this.exited = new Promise((resolve) => {
            chromium.once('error', (error) => {
                this.fail(new Error(`could not start ${chromium.spawnfile}: ${error.message}`));
                resolve();
            });
            chromium.once('exit', (code, signal) => {
                const said = this.stderr.trim().split('\n').find((line) => line.trim() !== '');
                this.fail(new Error(`Chromium exited (${signal ?? `code ${code}`}) before printing${said ? `: ${said}` : ''}`));
                resolve();
            });
        });
    }

    send<T = unknown>(method: string, params: object, sessionId?: string): Promise<T> {
        if (this.failure) {
            return Promise.reject(this.failure);
        }
        const id = this.nextId++;
        return new Promise<T>((resolve, reject) => {
            this.pending.set(id, { resolve: resolve as (result: unknown) => void, reject });
            this.input.write(`${JSON.stringify({ id, method, params, sessionId })}\0`);
        });
    }

    /** Resolves at the next `method` event of the session. */
    event(method: string, sessionId: string): Promise<void> {
        return new Promise((resolve, reject) => {
            const key = `${sessionId}:${method}`;
            this.listeners.set(key, [...(this.listeners.get(key) ?? []), resolve]);
            this.exited.then(() => reject(this.failure));
        });
    }

    /** Asks Chromium to close, and kills it if it has not within a few seconds. */
    async close(): Promise<void> {
        if (!this.failure) {
            this.input.write(`${JSON.stringify({ id: this.nextId++, method: 'Browser.close', params: {} })}\0`);
        }
        const killer = setTimeout(() => this.chromium.kill('SIGKILL'), 5_000);
        await this.exited;
        clearTimeout(killer);
    }

    private receive(chunk: string): void {
        this.buffered += chunk;
        for (let end = this.buffered.indexOf('\0'); end >= 0; end = this.buffered.indexOf('\0')) {
            const message = JSON.parse(this.buffered.slice(0, end)) as { id?: number; method?: string; sessionId?: string; result?: unknown; error?: { message: string } };
            this.buffered = this.buffered.slice(end + 1);
            if (message.id !== undefined) {
                const pending = this.pending.get(message.id);
                this.pending.delete(message.id);
                if (message.error) {
                    pending?.reject(new Error(`Chromium: ${message.error.message}`));
                } else {
                    pending?.resolve(message.result);
                }
            } else if (message.method) {
                const key = `${message.sessionId}:${message.method}`;
                this.listeners.get(key)?.forEach((listener) => listener());
                this.listeners.delete(key);
            }
        }
    }

    private fail(error: Error): void {
        this.failure ??= error;
        this.pending.forEach((pending) => pending.reject(this.failure!));
        this.pending.clear();
    }
}
