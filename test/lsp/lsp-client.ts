/**
 * A minimal LSP client for the standalone language server: spawns
 * `node packages/language/bin/cjm-language-server.js --stdio` and speaks JSON-RPC to it exactly as
 * Neovim, Helix or any LSP client would. Needs a build first (`npm run build`; `npm test` does it).
 */
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { URI } from 'langium';
import type {
    ClientCapabilities, Diagnostic, InitializeResult, LogMessageParams, Registration, ProtocolConnection, PublishDiagnosticsParams, ServerCapabilities
} from 'vscode-languageserver-protocol/node';
import {
    DidOpenTextDocumentNotification, ExitNotification, InitializeRequest, InitializedNotification, LogMessageNotification,
    PublishDiagnosticsNotification, RegistrationRequest, ShutdownRequest, StreamMessageReader, StreamMessageWriter, createProtocolConnection
} from 'vscode-languageserver-protocol/node';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SERVER = join(ROOT, 'packages/language/bin/cjm-language-server.js');
/** How long to wait for one notification before failing with a clear message. */
const NOTIFICATION_DEADLINE_MS = 20_000;
const SHUTDOWN_DEADLINE_MS = 5_000;

/** What the tests' client announces: enough for every feature the server offers. */
export const CLIENT_CAPABILITIES: ClientCapabilities = {
    workspace: { workspaceFolders: true, workspaceEdit: { documentChanges: false } },
    textDocument: {
        publishDiagnostics: {},
        completion: { completionItem: { snippetSupport: true } },
        hover: { contentFormat: ['markdown', 'plaintext'] },
        documentSymbol: { hierarchicalDocumentSymbolSupport: true },
        inlayHint: {},
        rename: {}
    }
};

/** Collects `publishDiagnostics` and hands out the next one for a URI, however soon it arrives. */
export class DiagnosticsInbox {
    private readonly waiting = new Map<string, Array<(diagnostics: Diagnostic[]) => void>>();
    private readonly last = new Map<string, Diagnostic[]>();
    private readonly listeners: Array<(params: PublishDiagnosticsParams) => void> = [];

    receive(params: PublishDiagnosticsParams): void {
        this.last.set(params.uri, params.diagnostics);
        this.listeners.forEach(listener => listener(params));
        const waiters = this.waiting.get(params.uri) ?? [];
        this.waiting.delete(params.uri);
        waiters.forEach(resolve => resolve(params.diagnostics));
    }

    /** The next diagnostics published for `uri` after this call. */
    next(uri: string, deadlineMs = NOTIFICATION_DEADLINE_MS): Promise<Diagnostic[]> {
        return new Promise((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`no publishDiagnostics for ${uri} within ${deadlineMs} ms`)), deadlineMs);
            const waiters = this.waiting.get(uri) ?? [];
            waiters.push(diagnostics => { clearTimeout(timer); resolve(diagnostics); });
            this.waiting.set(uri, waiters);
        });
    }

    /** Calls `listener` with every publication, before any waiter gets it. */
    listen(listener: (params: PublishDiagnosticsParams) => void): void {
        this.listeners.push(listener);
    }

    /** The diagnostics last published for `uri`, if any. */
    latest(uri: string): Diagnostic[] | undefined {
        return this.last.get(uri);
    }
}

/** A running language server process and the connection to it. */
export interface ServerSession {
    readonly process: ChildProcessWithoutNullStreams;
    readonly connection: ProtocolConnection;
    readonly inbox: DiagnosticsInbox;
    readonly capabilities: ServerCapabilities;
    /** Resolves with the exit code when the process ends. */
    readonly exited: Promise<number | null>;
    /** Everything the server wrote to stderr so far. */
    stderr(): string;
    /** `window/logMessage` notifications of type Error, in order. */
    readonly loggedErrors: string[];
    /** What the server registered with `client/registerCapability`, in order. */
    readonly registrations: Registration[];
    /** Every `window/logMessage` notification, in order. */
    readonly logs: LogMessageParams[];
    /** The first log message (already received or still to come) matching `pattern`. */
    nextLog(pattern: RegExp, deadlineMs?: number): Promise<LogMessageParams>;
    /** Whether the process is still running. */
    alive(): boolean;
    /** Opens a document and returns its first diagnostics. */
    open(uri: string, text: string, version?: number): Promise<Diagnostic[]>;
    /** `shutdown` then `exit`; resolves with the exit code. */
    stop(): Promise<number | null>;
}

/** How to start and introduce the server; by default `node <bin> --stdio`, announcing the folder as a workspace folder. */
export interface StartOptions {
    /** Run the installed binary as a user would: `npx cjm-language-server --stdio` from the repository. */
    viaNpx?: boolean;
    /** Send only `rootUri`, as older clients do, not `workspaceFolders`. */
    rootUriOnly?: boolean;
    /** The exact `initialize` params to send instead (given the folder's URI), as odd clients send them. */
    initialize?: (folderUri: string) => object;
}

/** Spawns the server with `folder` as its only workspace folder and completes the initialize handshake. */

export async function startServer(folder: string, options: StartOptions = {}): Promise<ServerSession> {
    const child = options.viaNpx
        ? spawn('npx', ['--no-install', 'cjm-language-server', '--stdio'], { cwd: ROOT, stdio: 'pipe' })
        : spawn(process.execPath, [SERVER, '--stdio'], { cwd: ROOT, stdio: 'pipe' });
    let stderr = '';
    child.stderr.on('data', chunk => { stderr += String(chunk); });
    const exited = new Promise<number | null>(resolve => child.on('exit', code => resolve(code)));
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    const inbox = new DiagnosticsInbox();
    const loggedErrors: string[] = [];
    const logs: LogMessageParams[] = [];
    const logWaiters: Array<(params: LogMessageParams) => void> = [];
    connection.onNotification(PublishDiagnosticsNotification.type, params => inbox.receive(params));
    connection.onNotification(LogMessageNotification.type, (params: LogMessageParams) => {
        if (params.type === 1) {
            loggedErrors.push(params.message);
        }
        logs.push(params);
        logWaiters.forEach(waiter => waiter(params));
    });
    const registrations: Registration[] = [];
    connection.onRequest(RegistrationRequest.type, params => {
        registrations.push(...params.registrations);
    });
    connection.listen();
    const folderUri = URI.file(folder).toString();
    const init = await connection.sendRequest(InitializeRequest.method, options.initialize?.(folderUri) ?? {
        processId: process.pid,
        rootUri: folderUri,
        workspaceFolders: options.rootUriOnly ? null : [{ uri: folderUri, name: 'workspace' }],
        capabilities: CLIENT_CAPABILITIES
    }) as InitializeResult;
    await connection.sendNotification(InitializedNotification.type, {});
    const alive = () => child.exitCode === null && child.signalCode === null;
    return {
        process: child,
        connection,
        inbox,
        capabilities: init.capabilities,
        exited,
        stderr: () => stderr,
        loggedErrors,
        registrations,
        logs,
        nextLog(pattern, deadlineMs = NOTIFICATION_DEADLINE_MS) {
            const seen = logs.find(params => pattern.test(params.message));
            if (seen) {
                return Promise.resolve(seen);
            }
            return new Promise((resolve, reject) => {
                const timer = setTimeout(() => reject(new Error(`no log message matching ${pattern} within ${deadlineMs} ms; logged: ${JSON.stringify(logs.map(l => l.message))}`)), deadlineMs);
                logWaiters.push(params => {
                    if (pattern.test(params.message)) {
                        clearTimeout(timer);
                        resolve(params);
                    }
                });
            });
        },
        alive,
        async open(uri, text, version = 1) {
            const published = inbox.next(uri);
            await connection.sendNotification(DidOpenTextDocumentNotification.type, {
                textDocument: { uri, languageId: 'cjm', version, text }
            });
            return published;
        },
        async stop() {
            if (alive()) {
                // A server that does not answer `shutdown` within the deadline is killed.
                const answered = await Promise.race([
                    connection.sendRequest(ShutdownRequest.type).then(() => true, () => false),
                    new Promise<boolean>(resolve => setTimeout(() => resolve(false), SHUTDOWN_DEADLINE_MS).unref())
                ]);
                if (answered) {
                    await connection.sendNotification(ExitNotification.type);
                } else {
                    child.kill();
                }
            }
            const code = await exited;
            connection.dispose();
            return code;
        }
    };
}
