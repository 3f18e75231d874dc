/**
 * Journey management over LSP, from the standalone server as any client sees it: the code lens over
 * each journey line and the workspace overview request, with CJM_TODAY fixing today for the server.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { URI } from 'langium';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CodeLens } from 'vscode-languageserver-protocol/node';
import { CodeLensRequest, DidChangeTextDocumentNotification } from 'vscode-languageserver-protocol/node';
import type { WorkspaceOverview } from '../../packages/language/src/workspace-overview/overview-model.types.js';
import { WORKSPACE_OVERVIEW_REQUEST } from '../../packages/language/src/workspace-overview/overview-model.types.js';
import type { ServerSession } from './lsp-client.js';
import { ROOT, startServer } from './lsp-client.js';

const NAMES = ['library.cjm', 'lifecycle.cjm', 'checkout.cjm', 'support-call.cjm'];
let server: ServerSession;
let workspace: string;
const uriOf = (name: string) => URI.file(join(workspace, name)).toString();

beforeAll(async () => {
    workspace = mkdtempSync(join(tmpdir(), 'cjm-lsp-management-'));
    cpSync(join(ROOT, 'test/fixtures/management'), workspace, { recursive: true });
    // The server inherits the environment: today is fixed for its stale marks.
    const saved = process.env.CJM_TODAY;
    process.env.CJM_TODAY = '2026-12-01';
    try {
        server = await startServer(workspace);
    } finally {
        if (saved === undefined) {
            delete process.env.CJM_TODAY;
        } else {
            process.env.CJM_TODAY = saved;
        }
    }
    for (const name of NAMES) {
        await server.open(uriOf(name), readFileSync(join(workspace, name), 'utf8'));
    }
});

afterAll(async () => {
    await server?.stop();
    rmSync(workspace, { recursive: true, force: true });
});

describe('journey management from the standalone server', () => {
    test('the server offers code lenses: one above each journey line, summing its row', async () => {
        expect(server.capabilities.codeLensProvider).toBeDefined();
        const lenses = await server.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: uriOf('checkout.cjm') } }) as CodeLens[];
        expect(lenses.map(lens => [lens.range.start.line, lens.command?.title])).toEqual([
            [0, '2 touchpoints · emotion −0.5 vs expected +1 · 3 pains (1 unowned) · 4 opportunities · evidence 100%']
        ]);
        expect(await server.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: uriOf('library.cjm') } })).toEqual([]);
    });

    test('the workspace overview request answers the overview of every file, named relative to the workspace folder', async () => {
        const overview = await server.connection.sendRequest<WorkspaceOverview>(WORKSPACE_OVERVIEW_REQUEST);
        expect(overview.today).toBe('2026-12-01');
        expect(overview.journeys.map(j => j.file)).toEqual(['checkout.cjm', 'lifecycle.cjm', 'support-call.cjm']);
        expect(overview.tree.map(node => [node.journey, node.children.map(child => child.journey)])).toEqual([['lifecycle', ['checkout', 'support-call']]]);
        expect(overview.journeys.find(j => j.id === 'checkout')).toMatchObject({ uri: uriOf('checkout.cjm'), reviewedStale: true });
        expect(overview.totals).toMatchObject({ journeys: 3, staleJourneys: 1, overdueOpportunities: 1, unusedInsights: 1 });
    });

    test('the overview follows an edit: a journey added as a subjourney moves under its parent', async () => {
        await server.open(uriOf('returns.cjm'), 'journey returns "Returns" {\n  persona maya\n  stage s { touchpoint t { feels neutral } }\n}\n');
        let overview = await server.connection.sendRequest<WorkspaceOverview>(WORKSPACE_OVERVIEW_REQUEST);
        expect(overview.tree.map(node => node.journey)).toEqual(['lifecycle', 'returns']);
        const text = readFileSync(join(workspace, 'support-call.cjm'), 'utf8').replace('stage call "Call" {', 'stage call "Call" {\n    subjourney returns');
        const published = server.inbox.next(uriOf('support-call.cjm'));
        await server.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: uriOf('support-call.cjm'), version: 2 }, contentChanges: [{ text }] });
        await published;
        overview = await server.connection.sendRequest<WorkspaceOverview>(WORKSPACE_OVERVIEW_REQUEST);
        expect(overview.tree.map(node => node.journey)).toEqual(['lifecycle']);
        expect(overview.tree[0].children[1]).toMatchObject({ journey: 'support-call', children: [{ journey: 'returns', children: [] }] });
        expect(server.alive()).toBe(true);
    });
});
