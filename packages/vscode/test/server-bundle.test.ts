import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { MessageConnection } from 'vscode-jsonrpc/node';
import { createMessageConnection, IPCMessageReader, IPCMessageWriter } from 'vscode-jsonrpc/node';
import type { RenderModel } from '@cjm/language';
import { RENDER_MODEL_REQUEST } from '@cjm/language';

// The extension starts dist/server.cjs exactly like this: forked, talking LSP over Node IPC.
const serverBundle = fileURLToPath(new URL('../dist/server.cjs', import.meta.url));
const example = fileURLToPath(new URL('../../../test/fixtures/spec/checkout.cjm', import.meta.url));
const personas = fileURLToPath(new URL('../../../test/fixtures/spec/personas.cjm', import.meta.url));

let server: ChildProcess;
let connection: MessageConnection;
const diagnostics = new Map<string, { code?: string; severity?: number }[]>();
let diagnosticsArrived: (uri: string) => void = () => {};

beforeAll(async () => {
    expect(existsSync(serverBundle), 'run `npm run bundle -w cjm-vscode` first').toBe(true);
    server = fork(serverBundle, ['--node-ipc'], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    connection = createMessageConnection(new IPCMessageReader(server), new IPCMessageWriter(server));
    connection.onNotification('textDocument/publishDiagnostics', (params: { uri: string; diagnostics: { code?: string; severity?: number }[] }) => {
        diagnostics.set(params.uri, params.diagnostics);
        diagnosticsArrived(params.uri);
    });
    connection.onRequest(() => null);
    connection.listen();
    await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {}, workspaceFolders: null });
    connection.sendNotification('initialized', {});
});

afterAll(async () => {
    await connection?.sendRequest('shutdown').catch(() => undefined);
    connection?.sendNotification('exit');
    connection?.dispose();
    server?.kill();
});

function open(path: string): Promise<void> {
    const uri = pathToFileURL(path).href;
    const arrived = new Promise<void>((resolve) => {
        const previous = diagnosticsArrived;
        diagnosticsArrived = (published) => {
            previous(published);
            if (published === uri) {
                resolve();
            }
        };
    });
    connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'cjm', version: 1, text: readFileSync(path, 'utf8') } });
    return arrived;
}

test('the bundled server finds its built-in library and checks the spec example without errors', async () => {
    await Promise.all([open(personas), open(example)]);
    const errors = diagnostics.get(pathToFileURL(example).href)!.filter((diagnostic) => diagnostic.severity === 1);
    expect(errors).toEqual([]);
});

test('the bundled server answers the render model request the preview sends', async () => {
    const model = await connection.sendRequest<RenderModel>(RENDER_MODEL_REQUEST, { uri: pathToFileURL(example).href });
    expect(model.errorCount).toBe(0);
    expect(model.journeys.map((journey) => journey.id)).toEqual(['checkout']);
    expect(model.journeys[0].stages.map((stage) => stage.id)).toEqual(['awareness', 'consideration', 'acquisition', 'service', 'loyalty']);
});
