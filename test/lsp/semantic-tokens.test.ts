/**
 * Semantic tokens over the standalone server, for every example: the tokens are decoded against
 * the text and compared with what an independent reading of the text expects (a small lexer and
 * the language reference's rules for which word is a name of which kind).
 */
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { URI } from 'langium';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { SemanticTokens, SemanticTokensDelta, SemanticTokensLegend } from 'vscode-languageserver-protocol/node';
import {
    DidChangeTextDocumentNotification, SemanticTokensDeltaRequest, SemanticTokensRangeRequest, SemanticTokensRequest
} from 'vscode-languageserver-protocol/node';
import { decodeSemanticTokens } from '../support/semantic-tokens.js';
import type { ServerSession } from './lsp-client.js';
import { ROOT, startServer } from './lsp-client.js';

const EXAMPLES = join(ROOT, 'examples');
const BUILTINS = readFileSync(join(ROOT, 'packages/language/src/builtins/builtins.cjm'), 'utf8');

/** The token type the reference promises for each kind of name (docs/editors.md, "Semantic highlighting"). */
const TYPE_OF_KIND: Record<string, string> = {
    journey: 'namespace', stage: 'struct', touchpoint: 'function', scenario: 'event', metric: 'property',
    persona: 'class', channel: 'interface', team: 'enum', source: 'type', emotion: 'enumMember', insight: 'variable'
};

/** Words that start a touchpoint line: they end a `feels` list (the grammar's EmotionId leaves them out). */
const ENDS_EMOTIONS = new Set(['channel', 'persona', 'does', 'thinks', 'wants', 'obstacle', 'gap', 'observed', 'tool', 'unknown', 'feels',
    'expected', 'pain', 'opportunity', 'owner', 'support', 'moment-of-truth', 'metric', 'touchpoint', 'stage', 'scenario', 'asks',
    'frontstage', 'backstage', 'artifact', 'for', 'evidence', 'subjourney']);

const LEXEME = /(?<comment>\/\*[\s\S]*?\*\/|\/\/[^\n\r]*)|(?<string>"(?:\\.|[^"\\\r\n])*")|(?<number>[+-]?[0-9]+(?:\.[0-9]+)?)|(?<word>[_a-zA-Z]\w*(?:-\w+)*)|(?<operator>->|%)|(?<punct>[{},])|(?<space>\s+)/gy;

interface Expected {
    offset: number;
    length: number;
    type: string;
    modifiers: string[];
}

/** A name declared or referred to, found by the reading below. */
interface Name {
    offset: number;
    text: string;
    kind: string;
    declaration: boolean;
}

/**
 * Reads a CJM text as its reference describes it: which lexemes are comments, strings, numbers,
 * operators and keywords, and which words name a persona, team, emotion, … (declared or referred to).
 */
function read(text: string): { tokens: Expected[]; names: Name[] } {
    const tokens: Expected[] = [];
    const names: Name[] = [];
    const blocks: string[] = [];
    let lastKeyword = '';
    let declares: string | undefined;
    let list: { kind: string; separator: ',' | '->' | ' '; open: boolean } | undefined;
    LEXEME.lastIndex = 0;
    for (let match = LEXEME.exec(text); match; match = LEXEME.exec(text)) {
        const [lexeme] = match;
        const offset = match.index;
        const group = Object.entries(match.groups!).find(([, value]) => value !== undefined)![0];
        const token = (type: string) => tokens.push({ offset, length: lexeme.length, type, modifiers: [] });
        if (group === 'space') {
            continue;
        }
        if (group === 'comment') {
            let lineOffset = offset;
            for (const line of lexeme.split('\n')) {
                if (line.length > 0) {
                    tokens.push({ offset: lineOffset, length: line.length, type: 'comment', modifiers: [] });
                }
                lineOffset += line.length + 1;
            }
            continue;
        }
        if (group === 'word' && list && (list.open || (list.separator === ' ' && !ENDS_EMOTIONS.has(lexeme)))) {
            names.push({ offset, text: lexeme, kind: list.kind, declaration: false });
            list.open = false;
            continue;
        }
        if (group === 'operator' && lexeme === '->' && list?.separator === '->') {
            list.open = true;
        } else if (group === 'punct' && lexeme === ',' && list?.separator === ',') {
            list.open = true;
        } else {
            list = undefined;
        }
        if (group === 'string' || group === 'number' || group === 'operator') {
            token(group);
            declares = undefined;
            continue;
        }
        if (group === 'punct') {
            if (lexeme === '{') {
                blocks.push(lastKeyword);
            } else if (lexeme === '}') {
                blocks.pop();
            }
            declares = undefined;
            continue;
        }
        if (declares || blocks.at(-1) === 'emotions') {
            names.push({ offset, text: lexeme, kind: declares ?? 'emotion', declaration: true });
            declares = undefined;
            continue;
        }
        token('keyword');
        lastKeyword = lexeme;
        const topLevel = blocks.length === 0;
        if (['journey', 'stage', 'touchpoint', 'scenario', 'metric', 'team'].includes(lexeme) || (topLevel && ['persona', 'channel', 'source', 'insight'].includes(lexeme))) {
            declares = lexeme;
        } else if (lexeme === 'persona' || lexeme === 'support' || lexeme === 'for') {
            list = { kind: lexeme === 'support' ? 'team' : 'persona', separator: ',', open: true };
        } else if (lexeme === 'channel' || lexeme === 'source' || lexeme === 'owner') {
            list = { kind: lexeme === 'owner' ? 'team' : lexeme, separator: ',', open: true };
        } else if (lexeme === 'feels' || lexeme === 'expected') {
            list = { kind: 'emotion', separator: ' ', open: true };
        } else if (lexeme === 'evidence') {
            list = { kind: 'insight', separator: ',', open: true };
        } else if (lexeme === 'subjourney') {
            list = { kind: 'journey', separator: ',', open: true };
        } else if (lexeme === 'path') {
            list = { kind: 'touchpoint', separator: '->', open: true };
        }
    }
    return { tokens, names };
}

/** Expected tokens of one workspace file: its own lexemes, and its names typed by kind, built-ins marked. */
function expectedTokens(text: string, userNames: Set<string>, builtinNames: Set<string>): Expected[] {
    const { tokens, names } = read(text);
    for (const name of names) {
        const key = `${name.kind}:${name.text}`;
        const builtin = !name.declaration && builtinNames.has(key) && !userNames.has(key);
        tokens.push({
            offset: name.offset,
            length: name.text.length,
            type: TYPE_OF_KIND[name.kind],
            modifiers: name.declaration ? ['declaration'] : builtin ? ['readonly', 'defaultLibrary'] : []
        });
    }
    return tokens.sort((a, b) => a.offset - b.offset);
}

/** The server's tokens as offsets into the text. */
function decode(data: number[], legend: SemanticTokensLegend, document: TextDocument): Expected[] {
    return decodeSemanticTokens(data, legend).map(({ line, character, length, type, modifiers }) => ({ offset: document.offsetAt({ line, character }), length, type, modifiers }));
}

/** One token per line, as `line:column "text" type modifiers`, for readable failures. */
function show(tokens: Expected[], document: TextDocument): string[] {
    return tokens.map(token => {
        const start = document.positionAt(token.offset);
        const text = document.getText().slice(token.offset, token.offset + token.length);
        return `${start.line + 1}:${start.character} ${JSON.stringify(text)} ${token.type}${token.modifiers.length ? ` ${token.modifiers.join(',')}` : ''}`;
    });
}

function applyEdits(previous: number[], delta: SemanticTokensDelta): number[] {
    const data = [...previous];
    for (const edit of [...delta.edits].sort((a, b) => b.start - a.start)) {
        data.splice(edit.start, edit.deleteCount, ...(edit.data ?? []));
    }
    return data;
}

let server: ServerSession;
let workspace: string;
let legend: SemanticTokensLegend;
const files = readdirSync(EXAMPLES).filter(name => name.endsWith('.cjm')).sort();
const uriOf = (name: string) => URI.file(join(workspace, name)).toString();
const textOf = (name: string) => readFileSync(join(workspace, name), 'utf8');

beforeAll(async () => {
    workspace = mkdtempSync(join(tmpdir(), 'cjm-tokens-'));
    cpSync(EXAMPLES, workspace, { recursive: true });
    server = await startServer(workspace);
    legend = server.capabilities.semanticTokensProvider!.legend;
    for (const name of files) {
        const diagnostics = await server.open(uriOf(name), textOf(name));
        expect(diagnostics.filter(d => d.severity === 1), name).toEqual([]);
    }
});

afterAll(async () => {
    if (server.alive()) {
        await server.stop();
    }
    rmSync(workspace, { recursive: true, force: true });
});

describe('semantic tokens from the standalone server', () => {
    test('the legend has only standard token types and modifiers, with full (delta) and range requests', () => {
        expect(legend.tokenTypes).toEqual(expect.arrayContaining(Object.values(TYPE_OF_KIND)));
        const standardTypes = ['namespace', 'type', 'class', 'enum', 'interface', 'struct', 'typeParameter', 'parameter', 'variable', 'property', 'enumMember',
            'event', 'function', 'method', 'macro', 'keyword', 'modifier', 'comment', 'string', 'number', 'regexp', 'operator', 'decorator'];
        expect(legend.tokenTypes.filter(type => !standardTypes.includes(type))).toEqual([]);
        expect(legend.tokenModifiers).toEqual(['declaration', 'readonly', 'defaultLibrary']);
        expect(server.capabilities.semanticTokensProvider).toMatchObject({ full: { delta: true }, range: true });
    });

    test.each(files)('semanticTokens/full on examples/%s: every token\'s range and type, decoded against the text', async name => {
        const userNames = new Set(files.flatMap(file => read(textOf(file)).names.filter(n => n.declaration).map(n => `${n.kind}:${n.text}`)));
        const builtinNames = new Set(read(BUILTINS).names.filter(n => n.declaration).map(n => `${n.kind}:${n.text}`));
        const document = TextDocument.create(uriOf(name), 'cjm', 1, textOf(name));
        const result = await server.connection.sendRequest(SemanticTokensRequest.type, { textDocument: { uri: uriOf(name) } }) as SemanticTokens;
        const expected = expectedTokens(document.getText(), userNames, builtinNames);
        expect(expected.length).toBeGreaterThan(50);
        expect(show(decode(result.data, legend, document), document)).toEqual(show(expected, document));
    });

    test('semanticTokens/range gives exactly the full result\'s tokens inside the range', async () => {
        const name = 'checkout.cjm';
        const document = TextDocument.create(uriOf(name), 'cjm', 1, textOf(name));
        const full = decode((await server.connection.sendRequest(SemanticTokensRequest.type, { textDocument: { uri: uriOf(name) } }) as SemanticTokens).data, legend, document);
        const range = { start: { line: 20, character: 0 }, end: { line: 40, character: 0 } };
        const partial = await server.connection.sendRequest(SemanticTokensRangeRequest.type, { textDocument: { uri: uriOf(name) }, range }) as SemanticTokens;
        const inside = full.filter(token => token.offset >= document.offsetAt(range.start) && token.offset + token.length <= document.offsetAt(range.end));
        expect(inside.length).toBeGreaterThan(10);
        expect(show(decode(partial.data, legend, document), document)).toEqual(show(inside, document));
    });

    test('semanticTokens/full/delta after an edit: the edits turn the previous result into the new one', async () => {
        const name = 'billing-support.cjm';
        const before = await server.connection.sendRequest(SemanticTokensRequest.type, { textDocument: { uri: uriOf(name) } }) as SemanticTokens;
        const text = textOf(name);
        const at = text.indexOf('  stage ');
        const inserted = '  // a note\n';
        const changed = text.slice(0, at) + inserted + text.slice(at);
        const published = server.inbox.next(uriOf(name));
        const position = TextDocument.create(uriOf(name), 'cjm', 1, text).positionAt(at);
        await server.connection.sendNotification(DidChangeTextDocumentNotification.type, {
            textDocument: { uri: uriOf(name), version: 2 },
            contentChanges: [{ range: { start: position, end: position }, text: inserted }]
        });
        await published;
        const delta = await server.connection.sendRequest(SemanticTokensDeltaRequest.type, {
            textDocument: { uri: uriOf(name) }, previousResultId: before.resultId!
        }) as SemanticTokensDelta;
        expect(delta.edits.length).toBeGreaterThan(0);
        const after = applyEdits(before.data, delta);
        const document = TextDocument.create(uriOf(name), 'cjm', 2, changed);
        const userNames = new Set(files.flatMap(file => read(file === name ? changed : textOf(file)).names.filter(n => n.declaration).map(n => `${n.kind}:${n.text}`)));
        const builtinNames = new Set(read(BUILTINS).names.filter(n => n.declaration).map(n => `${n.kind}:${n.text}`));
        expect(show(decode(after, legend, document), document)).toEqual(show(expectedTokens(changed, userNames, builtinNames), document));
        // Far smaller than the whole result: only the inserted comment and the line shift change.
        expect(delta.edits.reduce((sum, edit) => sum + (edit.data?.length ?? 0), 0)).toBeLessThan(after.length / 4);
    });
});
