/**
 * The web-worker build of the language server (what vscode.dev and github.dev run) in a real
 * Worker of headless Chromium, driven over LSP as VS Code's browser client drives it. The worker
 * has no file system: it lists and reads the workspace through the client's requests, which the
 * page answers from a github.dev-like `vscode-vfs:` repository in memory.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CompletionList, Diagnostic, Hover, LocationLink, WorkspaceEdit } from 'vscode-languageserver-protocol';
import {
    CompletionRequest, DefinitionRequest, DidChangeWatchedFilesNotification, DidOpenTextDocumentNotification, FileChangeType, HoverRequest,
    InitializedNotification, InitializeRequest, PublishDiagnosticsNotification, RenameRequest
} from 'vscode-languageserver-protocol';
import type { RenderModel } from '@cjm/language';
import { EMBEDDED_BUILTINS_URI, RENDER_MODEL_REQUEST } from '@cjm/language';
import { DiagnosticsInbox } from '../lsp/lsp-client.js';
import type { PageServer, WorkerServerPage } from '../support/worker-server-page.js';
import { launchChromium, openWorkerServerPage, startPageServer, WORKER_SERVER_BUNDLE } from '../support/worker-server-page.js';

const root = join(import.meta.dirname, '../..');
const spec = (name: string) => readFileSync(join(root, 'test/fixtures/spec', name), 'utf8');

/** A repository as github.dev names it. */
const FOLDER = 'vscode-vfs://github/cjm/maps';
const PERSONAS = `${FOLDER}/personas.cjm`;
const CHECKOUT = `${FOLDER}/maps/checkout.cjm`;
const SUPPORT = `${FOLDER}/maps/support.cjm`;
const NEWCOMER = `${FOLDER}/maps/newcomer.cjm`;
/** A dependency's copy of the persona library: a walk of the workspace skips node_modules, and so must the worker. */
const VENDORED = `${FOLDER}/node_modules/maps-kit/personas.cjm`;

const SUPPORT_TEXT = `journey support "Support call" {
  persona maya
  stage call "Call" {
    touchpoint hold "On hold" {
      persona newcomer
      feels happy
      pain "Twenty minutes of music"
    }
  }
}
`;

let browser: Browser;
let server: PageServer;
let session: WorkerServerPage;
const inbox = new DiagnosticsInbox();
const files = new Map<string, string>();

beforeAll(async () => {
    expect(existsSync(WORKER_SERVER_BUNDLE), 'run `npm run build` first').toBe(true);
    files.set(PERSONAS, spec('personas.cjm'));
    files.set(CHECKOUT, spec('checkout.cjm'));
    files.set(SUPPORT, SUPPORT_TEXT);
    files.set(VENDORED, spec('personas.cjm'));
    server = await startPageServer();
    browser = await launchChromium();
    session = await openWorkerServerPage(browser, server);
    await session.setFiles(files);
    session.connection.onNotification(PublishDiagnosticsNotification.type, (params) => inbox.receive(params));
    await session.connection.sendRequest(InitializeRequest.type, {
        processId: null,
        rootUri: FOLDER,
        workspaceFolders: [{ uri: FOLDER, name: 'maps' }],
        capabilities: {
            workspace: { workspaceFolders: true, didChangeWatchedFiles: { dynamicRegistration: false } },
            textDocument: { publishDiagnostics: {}, completion: { completionItem: { snippetSupport: true } }, hover: { contentFormat: ['markdown'] }, rename: {} }
        }
    });
    await session.connection.sendNotification(InitializedNotification.type, {});
    // The files the user opens; the worker reads every other file of the workspace through the client.
    await Promise.all([PERSONAS, CHECKOUT, SUPPORT].map((uri) => open(uri, files.get(uri)!)));
});

/** Opens a document as VS Code does and waits for its diagnostics. */
async function open(uri: string, text: string): Promise<Diagnostic[]> {
    const published = inbox.next(uri, 60_000);
    await session.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'cjm', version: 1, text } });
    return published;
}

afterAll(async () => {
    await session?.close();
    await browser?.close();
    await server?.close();
});

const codes = (diagnostics: Diagnostic[] | undefined) => (diagnostics ?? []).map((diagnostic) => diagnostic.code);

describe('the web-worker language server', () => {
    test('checks the open files against the workspace it listed and read through the client, with the diagnostic codes', () => {
        expect(codes(inbox.latest(PERSONAS))).not.toContain('linking-error');
        // checkout.cjm names maya, declared in personas.cjm, which the worker read through the client.
        expect(inbox.latest(CHECKOUT)!.filter((diagnostic) => diagnostic.severity === 1)).toEqual([]);
        expect(codes(inbox.latest(SUPPORT))).toEqual(expect.arrayContaining(['linking-error', 'pain-without-evidence']));
        const unknown = inbox.latest(SUPPORT)!.find((diagnostic) => diagnostic.code === 'linking-error');
        expect(unknown?.message).toContain('newcomer');
        expect(unknown?.range.start).toEqual({ line: 4, character: 14 });
        // The vendored copy was never loaded: its maya would make every maya a duplicate-name.
        expect(inbox.latest(VENDORED)).toBeUndefined();
        expect(codes(inbox.latest(PERSONAS))).not.toContain('duplicate-name');
    });

    test('completes a persona declared in another file', async () => {
        const uri = `${FOLDER}/maps/draft.cjm`;
        await open(uri, 'journey draft {\n  persona \n}\n');
        const completion = (await session.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 1, character: 10 } })) as CompletionList;
        expect(completion.items.map((item) => item.label)).toContain('maya');
    });

    test('renames a persona in every file that uses it', async () => {
        const line = files.get(PERSONAS)!.split('\n').findIndex((text) => text.startsWith('persona maya'));
        const edit = (await session.connection.sendRequest(RenameRequest.type, {
            textDocument: { uri: PERSONAS },
            position: { line, character: 'persona m'.length },
            newName: 'mia'
        })) as WorkspaceEdit;
        const changed = Object.keys(edit.changes ?? {}).sort();
        expect(changed).toEqual([CHECKOUT, SUPPORT, PERSONAS].sort());
        expect(edit.changes![SUPPORT].map((change) => change.newText)).toEqual(['mia']);
    });

    test('hovers, and goes to the definition of a built-in emotion in the embedded library', async () => {
        const lines = files.get(SUPPORT)!.split('\n');
        const line = lines.findIndex((text) => text.includes('feels happy'));
        const position = { line, character: lines[line].indexOf('happy') + 1 };
        const hover = (await session.connection.sendRequest(HoverRequest.type, { textDocument: { uri: SUPPORT }, position })) as Hover;
        expect(JSON.stringify(hover.contents)).toContain('happy');
        const definition = (await session.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri: SUPPORT }, position })) as LocationLink[];
        expect(definition.map((link) => link.targetUri)).toEqual([EMBEDDED_BUILTINS_URI]);
    });

    test('answers the preview with a render model', async () => {
        const model = (await session.connection.sendRequest(RENDER_MODEL_REQUEST, { uri: CHECKOUT })) as RenderModel;
        expect(model.journeys.map((journey) => journey.id)).toEqual(['checkout']);
        expect(model.journeys[0].personas.map((persona) => persona.title)).toEqual(['Maya, busy parent']);
    });

    test('follows the file watcher: a created file is read, a deleted one forgotten', async () => {
        await session.setFiles([[NEWCOMER, 'persona newcomer "First-time caller"\n']]);
        let republished = inbox.next(SUPPORT);
        await session.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: NEWCOMER, type: FileChangeType.Created }] });
        expect(codes(await republished)).not.toContain('linking-error');

        await session.setFiles([[NEWCOMER, 'persona newbie "First-time caller"\n']]);
        republished = inbox.next(SUPPORT);
        await session.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: NEWCOMER, type: FileChangeType.Changed }] });
        expect(codes(await republished)).toContain('linking-error');

        await session.setFiles([[NEWCOMER, null]]);
        republished = inbox.next(SUPPORT);
        await session.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: NEWCOMER, type: FileChangeType.Deleted }] });
        expect(codes(await republished)).toContain('linking-error');
    });

    test('loads nothing from anywhere but its own origin, and reports no error', () => {
        expect(server.requests.length).toBeGreaterThan(0);
        expect(server.requests.filter((url) => !url.startsWith(`${server.origin}/`))).toEqual([]);
        expect(session.errors).toEqual([]);
    });
});
