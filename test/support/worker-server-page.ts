/**
 * The web-worker language server (packages/vscode/dist/browser/server.js) in a real `Worker` of a
 * headless Chromium page, with an LSP connection to it from Node: each JSON-RPC message crosses
 * into the worker with `postMessage`, as VS Code's browser language client sends it, and the page
 * answers the worker's file requests as the extension does. The page and the worker script come
 * from a local HTTP server under a CSP without `unsafe-eval`, and every request the page or the
 * worker makes is recorded (and any to another origin refused), so a test can tell that nothing
 * loads from a CDN. Used by test/browser and by `npm run bench`.
 */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import type { DataCallback, Disposable, Message, MessageReader, MessageWriter, ProtocolConnection } from 'vscode-languageserver-protocol/node';
import { AbstractMessageReader, AbstractMessageWriter, createProtocolConnection } from 'vscode-languageserver-protocol/node';
import { FIND_FILES_REQUEST, READ_FILE_REQUEST, STAT_REQUEST } from '@cjm/language';

/** The worker bundle `npm run build` writes. */
export const WORKER_SERVER_BUNDLE = fileURLToPath(new URL('../../packages/vscode/dist/browser/server.js', import.meta.url));

/** The project's Chromium flags (see the brief): headless, sandbox-less, no network chatter. */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const CSP = "default-src 'none'; script-src 'self'; worker-src 'self'";

const PAGE = `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>CJM web-worker server</title></head>
<body><script src="/page.js"></script></body></html>`;

/**
 * The page starts one worker and relays its messages both ways. It also answers the worker's file
 * requests itself, from the files Node gives it, as the extension answers them from VS Code's
 * workspace inside the browser: a round trip to Node per file would be the harness's cost, not
 * the worker's.
 */
const PAGE_SCRIPT = `
const files = new Map();
const worker = new Worker('/server.js', { name: 'CJM Language Server' });
const answer = (id, result) => worker.postMessage({ jsonrpc: '2.0', id, result });
const fail = (id, message) => worker.postMessage({ jsonrpc: '2.0', id, error: { code: -32803, message } });
const under = (folder) => (folder.endsWith('/') ? folder : folder + '/');
const fileRequests = {
    ${JSON.stringify(FIND_FILES_REQUEST)}: ({ folder }, id) => answer(id, [...files.keys()].filter((uri) => uri.startsWith(under(folder)) && uri.endsWith('.cjm'))),
    ${JSON.stringify(READ_FILE_REQUEST)}: ({ uri }, id) => (files.has(uri) ? answer(id, files.get(uri)) : fail(id, 'no such file: ' + uri)),
    ${JSON.stringify(STAT_REQUEST)}: ({ uri }, id) => answer(id, files.has(uri) ? { isFile: true, isDirectory: false }
        : [...files.keys()].some((file) => file.startsWith(under(uri))) ? { isFile: false, isDirectory: true } : null)
};
worker.onmessage = ({ data }) => {
    const serve = data && data.id !== undefined && fileRequests[data.method];
    return serve ? serve(data.params, data.id) : window.cjmFromWorker(data);
};
worker.onerror = (event) => window.cjmWorkerError(String(event.message));
window.cjmToWorker = (message) => worker.postMessage(message);
window.cjmSetFiles = (entries) => entries.forEach(([uri, text]) => (text === null ? files.delete(uri) : files.set(uri, text)));
`;

/** Serves the page, its script and the worker bundle; records every path asked for. */
export interface PageServer {
    origin: string;
    /** Every request the browser sent, page and worker alike (URLs). */
    requests: string[];
    close(): Promise<void>;
}

export async function startPageServer(bundle = WORKER_SERVER_BUNDLE): Promise<PageServer> {
    const serverScript = readFileSync(bundle, 'utf8');
    const bodies: Record<string, [string, string]> = {
        '/': ['text/html', PAGE],
        '/page.js': ['text/javascript', PAGE_SCRIPT],
        '/server.js': ['text/javascript', serverScript]
    };
    const server = createServer((request, response) => {
        const body = bodies[request.url ?? ''];
        if (!body) {
            response.writeHead(404).end();
            return;
        }
        response.writeHead(200, { 'content-type': body[0], 'content-security-policy': CSP, 'cache-control': 'no-store' }).end(body[1]);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return {
        origin,
        requests: [],
        close: () => new Promise((resolve) => server.close(() => resolve()))
    };
}

/** Launches Chromium with the project's flags. */
export function launchChromium(): Promise<Browser> {
    return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** One page with one worker server, and the LSP connection to it. */
export interface WorkerServerPage {
    page: Page;
    connection: ProtocolConnection;
    /** Page errors, worker errors and console errors, in order. */
    errors: string[];
    /** Creates, changes (`text`) or deletes (`null`) files of the workspace the page serves the worker. */
    setFiles(entries: Iterable<[string, string | null]>): Promise<void>;
    close(): Promise<void>;
}

/** Opens a page of `server` in `browser`, starts the worker and connects to it (not yet initialized). */
export async function openWorkerServerPage(browser: Browser, server: PageServer): Promise<WorkerServerPage> {
    const context: BrowserContext = await browser.newContext();
    await context.route('**/*', (route) => {
        const url = route.request().url();
        server.requests.push(url);
        return url.startsWith(`${server.origin}/`) ? route.continue() : route.abort();
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(`page: ${error.stack}`));
    page.on('console', (message) => {
        if (message.type() === 'error') {
            errors.push(`console: ${message.text()}`);
        }
    });
    const reader = new PageMessageReader();
    await page.exposeFunction('cjmFromWorker', (message: Message) => reader.deliver(message));
    await page.exposeFunction('cjmWorkerError', (message: string) => errors.push(`worker: ${message}`));
    await page.goto(`${server.origin}/`);
    const connection = createProtocolConnection(reader, new PageMessageWriter(page));
    connection.listen();
    return {
        page,
        connection,
        errors,
        setFiles: (entries) => page.evaluate((list) => (window as unknown as { cjmSetFiles(l: unknown): void }).cjmSetFiles(list), [...entries]),
        async close() {
            connection.dispose();
            await context.close();
        }
    };
}

/** Messages the worker posted, handed to the connection in the order they came. */
class PageMessageReader extends AbstractMessageReader implements MessageReader {
    private callback: DataCallback | undefined;
    private readonly queued: Message[] = [];

    listen(callback: DataCallback): Disposable {
        this.callback = callback;
        this.queued.splice(0).forEach(callback);
        return { dispose: () => { this.callback = undefined; } };
    }

    deliver(message: Message): void {
        if (this.callback) {
            this.callback(message);
        } else {
            this.queued.push(message);
        }
    }
}

/** Posts each message into the worker, one after the other so that none overtakes another. */
class PageMessageWriter extends AbstractMessageWriter implements MessageWriter {
    private last: Promise<void> = Promise.resolve();
    private readonly page: Page;

    constructor(page: Page) {
        super();
        this.page = page;
    }

    write(message: Message): Promise<void> {
        this.last = this.last.then(() => this.page.evaluate((posted) => (window as unknown as { cjmToWorker(m: unknown): void }).cjmToWorker(posted), message as unknown));
        return this.last;
    }

    end(): void {}
}
