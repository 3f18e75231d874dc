/**
 * `initialize` as real clients send it: without capabilities, with half of them, with `rootPath`
 * only, with no root at all (single-file mode), with a root that does not exist. Each gets a result,
 * one log line about what was missing, and a workspace loaded as far as it can be.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { URI } from 'langium';
import { afterEach, describe, expect, test } from 'vitest';
import type { CompletionList, Diagnostic } from 'vscode-languageserver-protocol/node';
import { CompletionRequest } from 'vscode-languageserver-protocol/node';
import type { ServerSession, StartOptions } from './lsp-client.js';
import { ROOT, startServer } from './lsp-client.js';

const folders: string[] = [];
const sessions: ServerSession[] = [];

afterEach(async () => {
    for (const session of sessions.splice(0)) {
        if (session.alive()) {
            session.process.kill();
        }
    }
    folders.splice(0).forEach(folder => rmSync(folder, { recursive: true, force: true }));
});

/** A fresh copy of the spec example: checkout.cjm uses the persona, teams and an emotion of personas.cjm. */
function specFolder(): string {
    const folder = mkdtempSync(join(tmpdir(), 'cjm-init-'));
    cpSync(join(ROOT, 'test/fixtures/spec'), folder, { recursive: true });
    folders.push(folder);
    return folder;
}

async function start(folder: string, initialize: StartOptions['initialize']): Promise<ServerSession> {
    const session = await startServer(folder, { initialize });
    sessions.push(session);
    return session;
}

/** Opens checkout.cjm and waits until its diagnostics have no linking-error (they may first come before its folder is loaded). */
async function openCheckout(session: ServerSession, folder: string): Promise<Diagnostic[]> {
    const uri = URI.file(join(folder, 'checkout.cjm')).toString();
    let diagnostics = await session.open(uri, readFileSync(join(folder, 'checkout.cjm'), 'utf8'));
    while (diagnostics.some(d => d.code === 'linking-error')) {
        diagnostics = await session.inbox.next(uri);
    }
    return diagnostics;
}

function logsMatching(session: ServerSession, pattern: RegExp): string[] {
    return session.logs.filter(log => pattern.test(log.message)).map(log => log.message);
}

describe('initialize with what clients really send', () => {
    test('only rootUri (no capabilities, no processId): a result, one warning, and the other file\'s persona links', async () => {
        const folder = specFolder();
        const session = await start(folder, folderUri => ({ rootUri: folderUri }));
        expect(session.capabilities.completionProvider).toBeDefined();
        expect(session.capabilities.semanticTokensProvider).toBeDefined();
        const uri = URI.file(join(folder, 'checkout.cjm')).toString();
        // The first diagnostics already count: the workspace was loaded before the document was built.
        const diagnostics = await session.open(uri, readFileSync(join(folder, 'checkout.cjm'), 'utf8'));
        expect(diagnostics.filter(d => d.code === 'linking-error')).toEqual([]);
        expect(diagnostics).toEqual([]);
        expect(logsMatching(session, /no capabilities/)).toHaveLength(1);
        expect(session.loggedErrors).toEqual([]);
        expect(await session.stop(), session.stderr()).toBe(0);
    });

    test('partial capabilities (null sections): completion still answers', async () => {
        const folder = specFolder();
        const session = await start(folder, folderUri => ({ processId: null, rootUri: folderUri, capabilities: { workspace: null, textDocument: { completion: null } } }));
        expect(await openCheckout(session, folder)).toEqual([]);
        const text = readFileSync(join(folder, 'checkout.cjm'), 'utf8');
        const line = text.slice(0, text.indexOf('owner marketing')).split('\n').length - 1;
        const column = text.split('\n')[line].indexOf('owner marketing') + 'owner '.length;
        const completion = await session.connection.sendRequest(CompletionRequest.type, {
            textDocument: { uri: URI.file(join(folder, 'checkout.cjm')).toString() }, position: { line, character: column }
        }) as CompletionList;
        expect(completion.items.map(item => item.label)).toEqual(expect.arrayContaining(['marketing', 'support', 'product']));
        expect(logsMatching(session, /no capabilities/)).toEqual([]);
        expect(await session.stop(), session.stderr()).toBe(0);
    });

    test('rootPath only: the folder is the workspace, and the server says where it came from', async () => {
        const folder = specFolder();
        const session = await start(folder, () => ({ processId: null, rootPath: folder, capabilities: {} }));
        expect(await openCheckout(session, folder)).toEqual([]);
        expect(logsMatching(session, /from rootPath/)).toEqual([`CJM: the workspace is ${folder} (from rootPath).`]);
        expect(await session.stop(), session.stderr()).toBe(0);
    });

    test('no root at all: single-file mode loads the opened file\'s folder (not below it, not what its .cjmignore excludes), said once', async () => {
        const folder = specFolder();
        // Each would make maya a duplicate-name in personas.cjm, were it loaded.
        mkdirSync(join(folder, 'sub'));
        writeFileSync(join(folder, 'sub/more.cjm'), 'persona maya "Another Maya"\n');
        writeFileSync(join(folder, 'draft.cjm'), 'persona maya "A draft Maya"\n');
        writeFileSync(join(folder, '.cjmignore'), 'draft.cjm\n');
        const session = await start(folder, () => ({ processId: null, rootUri: null, capabilities: {} }));
        expect(await openCheckout(session, folder)).toEqual([]);
        expect(await session.open(URI.file(join(folder, 'personas.cjm')).toString(), readFileSync(join(folder, 'personas.cjm'), 'utf8'))).toEqual([]);
        expect(logsMatching(session, /single-file mode/)).toHaveLength(1);
        expect(await session.stop(), session.stderr()).toBe(0);
    });

    test('a root that does not exist: named once, and the opened file is still checked with its folder', async () => {
        const folder = specFolder();
        const missing = join(folder, 'no-such-folder');
        const session = await start(folder, () => ({ processId: null, rootUri: URI.file(missing).toString(), capabilities: {} }));
        expect(await openCheckout(session, folder)).toEqual([]);
        expect(logsMatching(session, /does not exist/)).toEqual([`CJM: the workspace folder ${missing} (from rootUri) does not exist; it is left out.`]);
        expect(logsMatching(session, /single-file mode/)).toHaveLength(1);
        expect(session.loggedErrors).toEqual([]);
        expect(await session.stop(), session.stderr()).toBe(0);
    });
});
