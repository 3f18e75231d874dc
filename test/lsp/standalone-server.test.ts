/**
 * The standalone language server, end to end: `node packages/language/bin/cjm-language-server.js --stdio`
 * spoken to over JSON-RPC exactly as Neovim, Helix or any LSP client would. Needs a build first
 * (`npx langium generate && npx tsc -b`; `npm test` does it).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { URI } from 'langium';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type {
    CodeAction, CompletionItem, CompletionList, Diagnostic, DocumentSymbol, Hover, InlayHint, Location, LocationLink, TextEdit, WorkspaceEdit
} from 'vscode-languageserver-protocol/node';
import {
    CodeActionRequest, CompletionRequest, DefinitionRequest, DocumentFormattingRequest, DocumentSymbolRequest, FoldingRangeRequest, HoverRequest,
    InlayHintRequest, ReferencesRequest, RenameRequest
} from 'vscode-languageserver-protocol/node';
import type { RenderModel } from '../../packages/language/src/render/render-model.types.js';
import { DETACHED_RENDER_MODEL_REQUEST, RENDER_MODEL_REQUEST } from '../../packages/language/src/render/render-model.types.js';
import type { ServerSession } from './lsp-client.js';
import { ROOT, startServer } from './lsp-client.js';

let server: ServerSession;
let workspace: string;
const timings: Record<string, number> = {};
let spawned = 0;

const uriOf = (name: string) => URI.file(join(workspace, name)).toString();
const textOf = (name: string) => readFileSync(join(workspace, name), 'utf8');

/** Opens a document in the server and returns its next diagnostics. */
function open(name: string, text: string): Promise<Diagnostic[]> {
    return server.open(uriOf(name), text);
}

/** The zero-based position of the `occurrence`-th `needle` in a workspace file, plus `shift` characters. */
function positionOf(name: string, needle: string, shift = 0, occurrence = 0) {
    const document = TextDocument.create(uriOf(name), 'cjm', 1, textOf(name));
    let offset = -1;
    for (let i = 0; i <= occurrence; i++) {
        offset = document.getText().indexOf(needle, offset + 1);
    }
    if (offset < 0) {
        throw new Error(`'${needle}' not in ${name}`);
    }
    return document.positionAt(offset + shift);
}

beforeAll(async () => {
    workspace = mkdtempSync(join(tmpdir(), 'cjm-lsp-'));
    cpSync(join(ROOT, 'test/fixtures/spec'), workspace, { recursive: true });
    spawned = performance.now();
    server = await startServer(workspace);
    expect(server.capabilities.completionProvider).toBeDefined();
});

afterAll(async () => {
    if (server.alive()) {
        server.process.kill();
    }
    rmSync(workspace, { recursive: true, force: true });
    console.info('standalone server timings', timings);
});

describe('the standalone language server over stdio', () => {
    test('the spec example opens with no diagnostics', async () => {
        expect(await open('checkout.cjm', textOf('checkout.cjm'))).toEqual([]);
        timings['spawn to first diagnostics (ms)'] = Math.round(performance.now() - spawned);
        expect(await open('personas.cjm', textOf('personas.cjm'))).toEqual([]);
    });

    test('an erroneous document gets the spec\'s diagnostic codes', async () => {
        const diagnostics = await open('broken.cjm', [
            'persona lonely "Nobody refers to me"',
            'emotions { furious -3 }',
            'journey broken "Broken" {',
            '  persona nobody',
            '  stage empty "Empty" { }',
            '  stage s "S" {',
            '    touchpoint t "T" {',
            '      feels furious',
            '      channel nowhere',
            '    }',
            '  }',
            '  metric r { type retention start 100 }',
            '}'
        ].join('\n'));
        const codes = diagnostics.map(d => d.code);
        for (const code of ['linking-error', 'score-out-of-range', 'empty-stage', 'metric-missing-input', 'unused-persona']) {
            expect(codes, `${code} in ${JSON.stringify(diagnostics.map(d => [d.code, d.message]))}`).toContain(code);
        }
        const unresolved = diagnostics.filter(d => d.code === 'linking-error').map(d => d.range.start.line);
        expect(unresolved).toEqual(expect.arrayContaining([3, 8]));
    });

    test('broken text gets parser errors and the server keeps answering', async () => {
        const diagnostics = await open('garbage.cjm', 'journey { stage "unterminated\n }}} -> -> %% persona');
        expect(diagnostics.length).toBeGreaterThan(0);
        expect(diagnostics.every(d => d.severity === 1)).toBe(true);
        const hover = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri: uriOf('garbage.cjm') }, position: { line: 0, character: 3 } });
        expect(hover).toBeNull();
    });

    test('completion: emotions with scores, personas with titles', async () => {
        const started = performance.now();
        const emotions = await server.connection.sendRequest(CompletionRequest.type, {
            textDocument: { uri: uriOf('checkout.cjm') },
            position: positionOf('checkout.cjm', 'feels curious', 'feels '.length)
        }) as CompletionList;
        timings['completion (ms)'] = Math.round(performance.now() - started);
        const curious = emotions.items.find((item: CompletionItem) => item.label === 'curious');
        expect(curious?.detail).toBe('+1 (built-in)');
        expect(emotions.items.find((item: CompletionItem) => item.label === 'overwhelmed')?.detail).toBe('−2');
        const personas = await server.connection.sendRequest(CompletionRequest.type, {
            textDocument: { uri: uriOf('checkout.cjm') },
            position: positionOf('checkout.cjm', 'persona maya', 'persona '.length)
        }) as CompletionList;
        expect(personas.items.find((item: CompletionItem) => item.label === 'maya')?.detail).toBe('Maya, busy parent');
    });

    test('hover: the persona card', async () => {
        const hover = await server.connection.sendRequest(HoverRequest.type, {
            textDocument: { uri: uriOf('checkout.cjm') },
            position: positionOf('checkout.cjm', 'persona maya', 'persona m'.length)
        }) as Hover;
        expect(hover.contents).toMatchObject({ kind: 'markdown' });
        expect((hover.contents as { value: string }).value).toContain('**Maya, busy parent**');
        expect((hover.contents as { value: string }).value).toContain('**Role:** Parent of two, works full time');
    });

    test('definition: into the other file, and into the built-in library file', async () => {
        const persona = await server.connection.sendRequest(DefinitionRequest.type, {
            textDocument: { uri: uriOf('checkout.cjm') },
            position: positionOf('checkout.cjm', 'persona maya', 'persona m'.length)
        }) as LocationLink[];
        expect(persona).toHaveLength(1);
        expect(persona[0].targetUri).toBe(uriOf('personas.cjm'));
        expect(persona[0].targetSelectionRange.start).toEqual(positionOf('personas.cjm', 'maya'));

        const emotion = await server.connection.sendRequest(DefinitionRequest.type, {
            textDocument: { uri: uriOf('checkout.cjm') },
            position: positionOf('checkout.cjm', 'curious hesitant', 1)
        }) as LocationLink[];
        expect(emotion).toHaveLength(1);
        const target = URI.parse(emotion[0].targetUri);
        expect(target.path).toMatch(/\/builtins\.cjm$/);
        // A real file on disk, so any client can open it.
        const library = readFileSync(target.fsPath, 'utf8').split('\n');
        expect(library[emotion[0].targetSelectionRange.start.line].trim()).toMatch(/^curious\s+1$/);
    });

    test('references: a team used across files', async () => {
        const locations = await server.connection.sendRequest(ReferencesRequest.type, {
            textDocument: { uri: uriOf('personas.cjm') },
            position: positionOf('personas.cjm', 'team marketing', 'team m'.length),
            context: { includeDeclaration: true }
        }) as Location[];
        const byFile = locations.map(l => `${l.uri === uriOf('personas.cjm') ? 'personas' : l.uri === uriOf('checkout.cjm') ? 'checkout' : l.uri}:${l.range.start.line}`);
        expect(byFile).toContain(`personas:${positionOf('personas.cjm', 'team marketing', 5).line}`);
        // checkout.cjm: `owner marketing` in the opportunity, on `ad` and on `review`.
        expect(byFile.filter(f => f.startsWith('checkout:'))).toHaveLength(3);
    });

    test('rename: the edit touches the declaration in the other file', async () => {
        const edit = await server.connection.sendRequest(RenameRequest.type, {
            textDocument: { uri: uriOf('checkout.cjm') },
            position: positionOf('checkout.cjm', 'persona maya', 'persona m'.length),
            newName: 'mia'
        }) as WorkspaceEdit;
        const changes = edit.changes ?? {};
        expect(Object.keys(changes).sort()).toEqual([uriOf('checkout.cjm'), uriOf('personas.cjm')].sort());
        const applied = TextDocument.applyEdits(TextDocument.create(uriOf('personas.cjm'), 'cjm', 1, textOf('personas.cjm')), changes[uriOf('personas.cjm')]);
        expect(applied).toContain('persona mia "Maya, busy parent" {');
        expect(changes[uriOf('checkout.cjm')].every((e: TextEdit) => e.newText === 'mia')).toBe(true);
    });

    test('document symbols: journey > stage > touchpoint', async () => {
        const symbols = await server.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: uriOf('checkout.cjm') } }) as DocumentSymbol[];
        const journey = symbols.find(s => s.name === 'checkout')!;
        expect(journey.detail).toBe('Online checkout');
        expect(journey.children!.filter(s => s.children?.length).map(s => s.name)).toEqual(['awareness', 'consideration', 'acquisition', 'service', 'loyalty']);
        expect(journey.children![0].children!.map(s => [s.name, s.detail])).toEqual([['ad', 'Instagram ad']]);
    });

    test('folding ranges for blocks', async () => {
        const ranges = await server.connection.sendRequest(FoldingRangeRequest.type, { textDocument: { uri: uriOf('checkout.cjm') } });
        expect(ranges?.some(r => r.startLine === positionOf('checkout.cjm', 'journey checkout').line)).toBe(true);
    });

    test('formatting: a badly indented document gets edits to the canonical layout', async () => {
        const messy = 'persona   ana "Ana" {\nrole "Student"\n        age 30\n}\nteam ops    "Operations"\n';
        await open('messy.cjm', messy);
        const edits = await server.connection.sendRequest(DocumentFormattingRequest.type, {
            textDocument: { uri: uriOf('messy.cjm') },
            options: { tabSize: 2, insertSpaces: true }
        }) as TextEdit[] | null;
        expect(edits?.length ?? 0).toBeGreaterThan(0);
        const formatted = TextDocument.applyEdits(TextDocument.create(uriOf('messy.cjm'), 'cjm', 1, messy), edits ?? []);
        expect(formatted).toContain('persona ana "Ana" {\n  role "Student"\n  age 30\n}');
        expect(formatted).toContain('team ops "Operations"');
    });

    test('inlay hints: emotion scores and computed metric values', async () => {
        const lines = textOf('checkout.cjm').split('\n');
        const hints = await server.connection.sendRequest(InlayHintRequest.type, {
            textDocument: { uri: uriOf('checkout.cjm') },
            range: { start: { line: 0, character: 0 }, end: { line: lines.length, character: 0 } }
        }) as InlayHint[];
        const shown = hints.map(h => `${lines[h.position.line].slice(0, h.position.character).trim()} ${String(h.label)}`);
        expect(shown).toContain('feels curious hesitant : 0');
        expect(shown).toContain('feels confused : −1');
        expect(shown).toContain('} = 95%');
    });

    test('the custom request cjm/renderModel gives the journey, its scores, computed metrics and source ranges', async () => {
        const model = await server.connection.sendRequest<RenderModel | null>(RENDER_MODEL_REQUEST, { uri: uriOf('checkout.cjm') });
        expect(model?.uri).toBe(uriOf('checkout.cjm'));
        expect(model?.errorCount).toBe(0);
        const [journey] = model!.journeys;
        expect([journey.id, journey.title, journey.personas.map(p => p.id)]).toEqual(['checkout', 'Online checkout', ['maya']]);
        expect(journey.stages.map(stage => [stage.id, stage.touchpoints.map(tp => [tp.id, tp.feels?.score, tp.expected?.score])])).toEqual([
            ['awareness', [['ad', 0, 1]]],
            ['consideration', [['visit', -2, 1]]],
            ['acquisition', [['pay', -1, 2]]],
            ['service', [['chat', -1.5, undefined]]],
            ['loyalty', [['review', 2, undefined]]]
        ]);
        expect(journey.scenarios.map(s => [s.id, s.path])).toEqual([['referral', ['ad', 'pay', 'review']]]);
        const metric = (id: string) => journey.metrics.find(m => m.id === id)!;
        expect([metric('retention').value, metric('churn').value, metric('nps').value]).toEqual([95, 5, 42]);
        const pay = journey.stages[2].touchpoints[0];
        expect(pay.range.start).toEqual(positionOf('checkout.cjm', 'touchpoint pay'));
        expect(journey.stages[2].touchpoints[0].metrics.map(m => [m.id, m.value])).toEqual([['conversion', 2.1]]);
        const unknown = await server.connection.sendRequest<RenderModel | null>(RENDER_MODEL_REQUEST, { uri: uriOf('never-opened.cjm') });
        expect(unknown).toBeNull();
    });

    test('the custom request cjm/detachedRenderModel draws a map that is no file (a Markdown fence) against the workspace', async () => {
        // personas.cjm was never opened: the server read it from the folder.
        const text = 'journey short "Checkout, in short" {\n  persona maya\n  stage pay "Pay" { touchpoint card "Card" { feels happy owner product } }\n}\n';
        const model = await server.connection.sendRequest<RenderModel>(DETACHED_RENDER_MODEL_REQUEST, { text });
        // No linking-error: maya and the team product are personas.cjm's.
        expect(model.errorCount).toBe(0);
        expect(model.journeys[0].personas.map(persona => persona.title)).toEqual(['Maya, busy parent']);
        const broken = await server.connection.sendRequest<RenderModel>(DETACHED_RENDER_MODEL_REQUEST, { text: 'journey j { persona nobody }\n' });
        expect(broken.firstError?.message).toContain('nobody');
    });

    test('code actions: an unknown persona gets a quick fix that declares it', async () => {
        const text = 'journey solo "Solo" {\n  persona stranger\n  stage s "S" { touchpoint t "T" { feels happy } }\n}\n';
        const diagnostics = await open('solo.cjm', text);
        const unresolved = diagnostics.find(d => d.code === 'linking-error')!;
        expect(unresolved.message).toContain('stranger');
        const actions = await server.connection.sendRequest(CodeActionRequest.type, {
            textDocument: { uri: uriOf('solo.cjm') }, range: unresolved.range, context: { diagnostics: [unresolved] }
        }) as CodeAction[];
        const declare = actions.find(action => /declare/i.test(action.title) && /stranger/.test(action.title));
        expect(declare, JSON.stringify(actions.map(a => a.title))).toBeDefined();
        const edits = Object.entries(declare!.edit?.changes ?? {});
        expect(edits.length).toBe(1);
        const [uri, changes] = edits[0];
        const before = uri === uriOf('solo.cjm') ? text : textOf(URI.parse(uri).path.split('/').pop()!);
        expect(TextDocument.applyEdits(TextDocument.create(uri, 'cjm', 1, before), changes)).toMatch(/persona stranger\b/);
    });

    test('code actions: `persona mayya` offers "Change to \'maya\'" first, preferred, before the declaration', async () => {
        const text = textOf('checkout.cjm').replace('persona maya\n', 'persona mayya\n');
        const diagnostics = await open('typo.cjm', text);
        const unresolved = diagnostics.find(d => d.code === 'linking-error')!;
        const actions = await server.connection.sendRequest(CodeActionRequest.type, {
            textDocument: { uri: uriOf('typo.cjm') }, range: unresolved.range, context: { diagnostics: [unresolved] }
        }) as CodeAction[];
        expect(actions.map(action => action.title)).toEqual(["Change to 'maya'", "Declare persona 'mayya' in personas.cjm"]);
        expect(actions[0].isPreferred).toBe(true);
        const [edit] = actions[0].edit!.changes![uriOf('typo.cjm')];
        expect(TextDocument.applyEdits(TextDocument.create(uriOf('typo.cjm'), 'cjm', 1, text), [edit])).toBe(textOf('checkout.cjm'));
    });

    test('shutdown and exit end the process cleanly', async () => {
        expect(await server.stop(), server.stderr()).toBe(0);
    });
});

describe('starting the server as users do', () => {
    test('`npx cjm-language-server --stdio`, introduced by `rootUri` alone, loads the folder\'s other files', async () => {
        const folder = mkdtempSync(join(tmpdir(), 'cjm-lsp-root-'));
        cpSync(join(ROOT, 'test/fixtures/spec'), folder, { recursive: true });
        const session = await startServer(folder, { viaNpx: true, rootUriOnly: true });
        try {
            // maya, the teams and `overwhelmed` come from personas.cjm, which was never opened.
            const diagnostics = await session.open(URI.file(join(folder, 'checkout.cjm')).toString(), readFileSync(join(folder, 'checkout.cjm'), 'utf8'));
            expect(diagnostics).toEqual([]);
            expect(await session.stop(), session.stderr()).toBe(0);
        } finally {
            if (session.alive()) {
                session.process.kill();
            }
            rmSync(folder, { recursive: true, force: true });
        }
    });
});
