/**
 * The web-worker language server (what vscode.dev and github.dev run) against the Node one, both
 * bundled as the extension ships them and both driven over LSP by the same client: initialize,
 * then `initialized` and the `didOpen` of one file, as VS Code sends them, and the time until every
 * file of the workspace has its diagnostics: listing and reading the workspace (the Node server
 * from disk, the worker through the client's file requests), parsing, indexing, linking and
 * validating it. Each run starts a fresh server (a process, or a Worker in a fresh page of one
 * Chromium), so both are measured cold, as a user meets them.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import type { ProtocolConnection } from 'vscode-languageserver-protocol/node';
import {
    createProtocolConnection, DidOpenTextDocumentNotification, ExitNotification, InitializedNotification, InitializeRequest,
    PublishDiagnosticsNotification, ShutdownRequest, StreamMessageReader, StreamMessageWriter
} from 'vscode-languageserver-protocol/node';
import type { PageServer } from '../../../test/support/worker-server-page.ts';
import { launchChromium, openWorkerServerPage, startPageServer } from '../../../test/support/worker-server-page.ts';
import type { Repeat, Timing } from './timing.ts';
import { timeAlternately } from './timing.ts';
import type { GeneratedWorkspace } from './workspace-generator.ts';

const NODE_SERVER = fileURLToPath(new URL('../../vscode/dist/server.cjs', import.meta.url));
/** A run that has not seen every file's diagnostics by then has failed, not been slow. */
const DEADLINE_MS = 300_000;

export interface ServerStartupResult {
    touchpoints: number;
    /** Journey files, beside the persona library (as the build rows count them). */
    files: number;
    worker: Timing;
    node: Timing;
    ratio: number;
}

/** Times both servers' startup on `generated` (of `journeyFiles` journey files), alternately, in one Chromium. */
export async function measureServerStartup(generated: GeneratedWorkspace, journeyFiles: number, repeat: Repeat): Promise<ServerStartupResult> {
    const folder = mkdtempSync(join(tmpdir(), 'cjm-bench-startup-'));
    const files = new Map<string, string>();
    for (const file of generated.files) {
        const path = join(folder, `${file.name}.cjm`);
        writeFileSync(path, file.cjm);
        files.set(pathToFileURL(path).href, file.cjm);
    }
    const folderUri = pathToFileURL(folder).href;
    const pageServer = await startPageServer();
    const browser = await launchChromium();
    try {
        const [worker, node] = await timeAlternately(repeat,
            () => workerStartup(browser, pageServer, folderUri, files),
            () => nodeStartup(folderUri, files));
        return { touchpoints: generated.touchpoints, files: journeyFiles, worker, node, ratio: worker.median / node.median };
    } finally {
        await browser.close();
        await pageServer.close();
        rmSync(folder, { recursive: true, force: true });
    }
}

async function workerStartup(browser: Browser, pageServer: PageServer, folderUri: string, files: Map<string, string>): Promise<number> {
    const session = await openWorkerServerPage(browser, pageServer);
    try {
        await session.setFiles(files);
        const elapsed = await timeStartup(session.connection, folderUri, files);
        if (session.errors.length > 0) {
            throw new Error(`the worker server reported errors: ${session.errors.join('; ')}`);
        }
        return elapsed;
    } finally {
        await session.close();
    }
}

async function nodeStartup(folderUri: string, files: Map<string, string>): Promise<number> {
    const child = spawn(process.execPath, [NODE_SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    connection.listen();
    try {
        return await timeStartup(connection, folderUri, files);
    } finally {
        await connection.sendRequest(ShutdownRequest.type).catch(() => undefined);
        await connection.sendNotification(ExitNotification.type).catch(() => undefined);
        await exited;
        connection.dispose();
    }
}

/** From `initialized` (with the first file opened at once) until every file has been published. */
async function timeStartup(connection: ProtocolConnection, folderUri: string, files: Map<string, string>): Promise<number> {
    const waiting = new Set(files.keys());
    let timer: ReturnType<typeof setTimeout> | undefined;
    const allPublished = new Promise<void>((resolve, reject) => {
        connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
            waiting.delete(params.uri);
            if (waiting.size === 0) {
                resolve();
            }
        });
        timer = setTimeout(() => reject(new Error(`${waiting.size} of ${files.size} files had no diagnostics after ${DEADLINE_MS} ms`)), DEADLINE_MS);
    });
    await connection.sendRequest(InitializeRequest.type, {
        processId: null,
        rootUri: folderUri,
        workspaceFolders: [{ uri: folderUri, name: 'bench' }],
        capabilities: { workspace: { workspaceFolders: true }, textDocument: { publishDiagnostics: {} } }
    });
    const [uri, text] = files.entries().next().value!;
    const started = performance.now();
    await connection.sendNotification(InitializedNotification.type, {});
    await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'cjm', version: 1, text } });
    try {
        await allPublished;
    } finally {
        clearTimeout(timer);
    }
    return performance.now() - started;
}
