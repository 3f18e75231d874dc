/**
 * Changes on disk reach the index whoever watches: the server itself for a client without dynamic
 * registration of `workspace/didChangeWatchedFiles` (Neovim 0.7), the client when it can.
 */
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { URI } from 'langium';
import { afterEach, describe, expect, test } from 'vitest';
import type { CompletionList, Diagnostic } from 'vscode-languageserver-protocol/node';
import { CompletionRequest, DidChangeWatchedFilesNotification } from 'vscode-languageserver-protocol/node';
import type { ServerSession } from './lsp-client.js';
import { CLIENT_CAPABILITIES, ROOT, startServer } from './lsp-client.js';

const folders: string[] = [];
const sessions: ServerSession[] = [];

afterEach(() => {
    for (const session of sessions.splice(0)) {
        if (session.alive()) {
            session.process.kill();
        }
    }
    folders.splice(0).forEach(folder => rmSync(folder, { recursive: true, force: true }));
});

interface Workspace {
    folder: string;
    session: ServerSession;
    uri(name: string): string;
}

/**
 * The spec example in a fresh folder, with checkout.cjm open and clean, every file's first
 * diagnostics in, and (when the server watches) its watcher ready.
 */
async function openWorkspace(clientWatches = false): Promise<Workspace> {
    const folder = mkdtempSync(join(tmpdir(), 'cjm-watch-'));
    folders.push(folder);
    cpSync(join(ROOT, 'test/fixtures/spec'), folder, { recursive: true });
    const capabilities = clientWatches
        ? { ...CLIENT_CAPABILITIES, workspace: { ...CLIENT_CAPABILITIES.workspace, didChangeWatchedFiles: { dynamicRegistration: true } } }
        : CLIENT_CAPABILITIES;
    const session = await startServer(folder, {
        initialize: folderUri => ({ processId: process.pid, rootUri: folderUri, workspaceFolders: [{ uri: folderUri, name: 'ws' }], capabilities })
    });
    sessions.push(session);
    const uri = (name: string) => URI.file(join(folder, name)).toString();
    const library = session.inbox.latest(uri('personas.cjm')) ?? session.inbox.next(uri('personas.cjm'));
    expect(await session.open(uri('checkout.cjm'), readFileSync(join(folder, 'checkout.cjm'), 'utf8'))).toEqual([]);
    await library;
    await session.nextLog(clientWatches ? /server watches nothing/ : /watching .* for changes on disk/);
    return { folder, session, uri };
}

/** The labels completion offers after `owner ` in checkout.cjm. */
async function teamsOffered({ folder, session, uri }: Workspace): Promise<string[]> {
    const lines = readFileSync(join(folder, 'checkout.cjm'), 'utf8').split('\n');
    const line = lines.findIndex(text => text.includes('owner marketing'));
    const completion = await session.connection.sendRequest(CompletionRequest.type, {
        textDocument: { uri: uri('checkout.cjm') },
        position: { line, character: lines[line].indexOf('owner ') + 'owner '.length }
    }) as CompletionList;
    return completion.items.map(item => String(item.label));
}

/** Waits for the next diagnostics of `uri` that satisfy `done`. */
async function diagnosticsUntil(session: ServerSession, uri: string, done: (diagnostics: Diagnostic[]) => boolean): Promise<Diagnostic[]> {
    let diagnostics = await session.inbox.next(uri);
    while (!done(diagnostics)) {
        diagnostics = await session.inbox.next(uri);
    }
    return diagnostics;
}

const hasLinkingError = (diagnostics: Diagnostic[]) => diagnostics.some(d => d.code === 'linking-error');

/** The inotify instances the process holds (fs.watch on Linux): none means it watches nothing. */
function inotifyInstances(pid: number): number {
    return readdirSync(`/proc/${pid}/fd`).filter(fd => {
        try {
            return readlinkSync(`/proc/${pid}/fd/${fd}`) === 'anon_inode:inotify';
        } catch {
            return false;
        }
    }).length;
}

describe('a client without watched-file support: the server watches the disk', () => {
    test('a team added to the persona library on disk is offered by completion', async () => {
        const workspace = await openWorkspace();
        const { folder, session, uri } = workspace;
        expect(await teamsOffered(workspace)).not.toContain('legal');
        expect(inotifyInstances(session.process.pid!)).toBeGreaterThan(0);
        const rebuilt = session.inbox.next(uri('personas.cjm'));
        const written = performance.now();
        appendFileSync(join(folder, 'personas.cjm'), '\nteam legal "Legal"\n');
        await rebuilt;
        expect(await teamsOffered(workspace)).toContain('legal');
        console.info(`file watching: a team written to disk was completed ${Math.round(performance.now() - written)} ms later`);
    });

    test('a library deleted and created again: the map\'s references break and heal', async () => {
        const { folder, session, uri } = await openWorkspace();
        const text = readFileSync(join(folder, 'personas.cjm'), 'utf8');
        const broken = diagnosticsUntil(session, uri('checkout.cjm'), hasLinkingError);
        rmSync(join(folder, 'personas.cjm'));
        expect((await broken).filter(d => d.code === 'linking-error').map(d => d.message).join('\n')).toContain('maya');
        const healed = diagnosticsUntil(session, uri('checkout.cjm'), diagnostics => diagnostics.length === 0);
        mkdirSync(join(folder, 'lib'));
        writeFileSync(join(folder, 'lib/personas.cjm'), text);
        expect(await healed).toEqual([]);
    });

    test('.cjmignore: a newly ignored library leaves the workspace, and comes back when the rule goes; ignored folders are not watched', async () => {
        const workspace = await openWorkspace();
        const { folder, session, uri } = workspace;
        const broken = diagnosticsUntil(session, uri('checkout.cjm'), hasLinkingError);
        writeFileSync(join(folder, '.cjmignore'), 'personas.cjm\ndrafts/\n');
        await broken;
        const healed = diagnosticsUntil(session, uri('checkout.cjm'), diagnostics => diagnostics.length === 0);
        const libraryBack = session.inbox.next(uri('personas.cjm'));
        writeFileSync(join(folder, '.cjmignore'), 'drafts/\n');
        expect(await healed).toEqual([]);
        await libraryBack;

        // A team in an ignored folder, then one in the library: once the second is offered, the first
        // would have been too, had the folder been watched.
        mkdirSync(join(folder, 'drafts'));
        writeFileSync(join(folder, 'drafts/teams.cjm'), 'team drafted "Drafted"\n');
        const rebuilt = session.inbox.next(uri('personas.cjm'));
        appendFileSync(join(folder, 'personas.cjm'), '\nteam legal "Legal"\n');
        await rebuilt;
        const offered = await teamsOffered(workspace);
        expect(offered).toContain('legal');
        expect(offered).not.toContain('drafted');
    });
});

describe('a client that watches files: the server watches nothing', () => {
    test('the server registers for the client\'s notifications, holds no inotify instance, and follows the notifications', async () => {
        const workspace = await openWorkspace(true);
        const { folder, session, uri } = workspace;
        expect(session.registrations.map(r => r.method)).toContain(DidChangeWatchedFilesNotification.method);
        expect(inotifyInstances(session.process.pid!)).toBe(0);
        appendFileSync(join(folder, 'personas.cjm'), '\nteam legal "Legal"\n');
        const rebuilt = session.inbox.next(uri('personas.cjm'));
        await session.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uri('personas.cjm'), type: 2 }] });
        await rebuilt;
        expect(await teamsOffered(workspace)).toContain('legal');
        expect(session.logs.filter(log => /watching .* for changes on disk/.test(log.message))).toEqual([]);
    });
});
