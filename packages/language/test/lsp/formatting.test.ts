import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import fc from 'fast-check';
import type { LangiumDocument } from 'langium';
import { TextDocument } from 'langium';
import { describe, expect, test } from 'vitest';
import type { Range, TextEdit } from 'vscode-languageserver';
import { formatText } from '../../src/lsp/cjm-formatter.js';
import type { CjmServices } from '../../src/cjm-module.js';
import { FIXTURES, createTestWorkspace, fixture, loadFiles } from '../test-workspace.js';

const services = createTestWorkspace().services;

/** The tokens and comments of a text, without the whitespace between them. */
function tokens(cjm: CjmServices, text: string): string[] {
    const result = cjm.parser.Lexer.tokenize(text);
    return [...result.tokens, ...result.hidden].sort((a, b) => a.startOffset - b.startOffset).map(token => token.image);
}

async function parses(text: string): Promise<boolean> {
    const result = services.parser.LangiumParser.parse(text);
    return result.lexerErrors.length === 0 && result.parserErrors.length === 0;
}

const MESSY = readdirSync(FIXTURES + 'formatting').filter(name => name.endsWith('.cjm'));

function rangeEdits(document: LangiumDocument, range: Range): TextEdit[] {
    return services.lsp.Formatter!.formatDocumentRange(document, { textDocument: { uri: document.uri.toString() }, range, options: { tabSize: 2, insertSpaces: true } }) as TextEdit[];
}

/** The text with every gap between two tokens or comments replaced by one of `gaps` (a line comment keeps its line break). */
async function respaced(text: string, gaps: string[]): Promise<fc.Arbitrary<string>> {
    const lexed = services.parser.Lexer.tokenize(text);
    const pieces = [...lexed.tokens, ...lexed.hidden].sort((a, b) => a.startOffset - b.startOffset);
    return fc.array(fc.constantFrom(...gaps), { minLength: pieces.length, maxLength: pieces.length }).map(chosen => pieces.map((piece, i) => {
        const previous = pieces[i - 1];
        const needsBreak = previous?.tokenType.name === 'SL_COMMENT';
        const needsSpace = previous !== undefined && /\w$/.test(previous.image) && /^[\w"+-]/.test(piece.image);
        const gap = needsBreak ? '\n' + chosen[i] : needsSpace && chosen[i] === '' ? ' ' : chosen[i];
        return (i === 0 ? '' : gap) + piece.image;
    }).join(''));
}

describe('formatting', () => {
    test.each(['spec/personas.cjm', 'spec/checkout.cjm'])('the spec example %s is a fixed point', async (path) => {
        const text = fixture(path);
        expect(await formatText(services, text)).toBe(text);
    });

    test('there are messy fixtures to format', () => {
        expect(MESSY).toEqual(expect.arrayContaining(['comments.cjm', 'extra-blank-lines.cjm', 'one-line.cjm', 'random-indentation.cjm']));
    });

    test.each(MESSY)('formats %s to its golden file (UPDATE_GOLDEN=1 rewrites it)', async (name) => {
        const formatted = await formatText(services, fixture('formatting/' + name));
        const golden = 'formatting/expected/' + name;
        if (process.env.UPDATE_GOLDEN) {
            mkdirSync(FIXTURES + 'formatting/expected', { recursive: true });
            writeFileSync(FIXTURES + golden, formatted);
        }
        expect(formatted).toBe(fixture(golden));
    });

    test.each([...MESSY.map(name => 'formatting/' + name), 'spec/checkout.cjm', 'spec/personas.cjm'])('%s: idempotent, same tokens, still parses', async (path) => {
        const text = fixture(path);
        const once = await formatText(services, text);
        expect(await formatText(services, once)).toBe(once);
        expect(tokens(services, once)).toEqual(tokens(services, text));
        expect(await parses(once)).toBe(true);
    });

    test('a map written on one line gets the spec\'s layout (one property per line, blank lines between stages)', async () => {
        const formatted = await formatText(services, 'journey j "J" { persona maya stage a "A" { touchpoint t "T" { channel web feels happy } } }');
        expect(formatted).toBe([
            'journey j "J" {',
            '  persona maya',
            '',
            '  stage a "A" {',
            '    touchpoint t "T" {',
            '      channel web',
            '      feels happy',
            '    }',
            '  }',
            '}',
            ''
        ].join('\n'));
    });

    test('blueprint lines, questions and each persona\'s feels line get a line of their own', async () => {
        const formatted = await formatText(services, 'journey j { persona maya, tom stage a { touchpoint t { asks "Where?" frontstage   "Agent greets" backstage "CRM lookup" artifact "Receipt" feels happy   for maya feels  -1 for\ttom feels neutral } } }');
        expect(formatted).toContain([
            '    touchpoint t {',
            '      asks "Where?"',
            '      frontstage "Agent greets"',
            '      backstage "CRM lookup"',
            '      artifact "Receipt"',
            '      feels happy for maya',
            '      feels -1 for tom',
            '      feels neutral',
            '    }'
        ].join('\n'));
    });

    test('glues % and commas, spaces arrows, puts emotions one per line', async () => {
        const formatted = await formatText(services, [
            'emotions { calm 1 tense -1 }',
            'journey j { persona a ,b',
            '  stage s { touchpoint x { support p,q metric m { value 2 % } } touchpoint y {} }',
            '  scenario r { path x->y } }'
        ].join('\n'));
        expect(formatted).toContain('emotions {\n  calm 1\n  tense -1\n}');
        expect(formatted).toContain('  persona a, b\n');
        expect(formatted).toContain('      support p, q\n');
        expect(formatted).toContain('      metric m { value 2% }\n');
        expect(formatted).toContain('    touchpoint y {}\n');
        expect(formatted).toContain('    path x -> y\n');
    });

    test('comments keep their line: trailing comments stay behind their token, own-line comments on their own line', async () => {
        const formatted = await formatText(services, fixture('formatting/comments.cjm'));
        expect(formatted).toContain('team support "Customer Support"   // first line support\n');
        expect(formatted).toContain('      feels curious // how they feel\n');
        expect(formatted).toContain('\n  // own-line before a stage\n  stage awareness');
        expect(formatted).toContain('\n      // last comment in the touchpoint\n    }');
        expect(formatted.startsWith('/* A block comment\n   that spans lines */\n')).toBe(true);
    });

    test('a multi-line metric gets one field per line, a one-line metric keeps its line', async () => {
        const formatted = await formatText(services, 'journey j {\n  metric a { value 1\n target 2 }\n  metric b { value 1 target 2 }\n}\n');
        expect(formatted).toBe('journey j {\n  metric a {\n    value 1\n    target 2\n  }\n  metric b { value 1 target 2 }\n}\n');
    });

    test('a document with a syntax error is left exactly as it is', async () => {
        const broken = 'journey j {\n      stage s {   touchpoint t { feels }\n';
        expect(await formatText(services, broken)).toBe(broken);
        const { documents } = await loadFiles({ 'broken.cjm': broken });
        const edits = await services.lsp.Formatter!.formatDocument(documents['broken.cjm'], { textDocument: { uri: 'file:///ws/broken.cjm' }, options: { tabSize: 2, insertSpaces: true } });
        expect(edits).toEqual([]);
    });

    test('every prefix of the spec example (mostly broken text) formats without throwing, idempotently', async () => {
        const spec = fixture('spec/checkout.cjm');
        for (let end = 0; end < spec.length; end += 7) {
            const once = await formatText(services, spec.slice(0, end));
            expect(await formatText(services, once)).toBe(once);
        }
    });

    test('the language server uses two spaces even when the editor asks for tabs of four', async () => {
        const { documents } = await loadFiles({ 'tabs.cjm': 'team t\njourney j {\nstage s {\n}\n}\n' });
        const document = documents['tabs.cjm'];
        const edits = await services.lsp.Formatter!.formatDocument(document, { textDocument: { uri: document.uri.toString() }, options: { tabSize: 4, insertSpaces: false } });
        const { TextDocument } = await import('langium');
        expect(TextDocument.applyEdits(document.textDocument, edits)).toBe('team t\n\njourney j {\n  stage s {}\n}\n');
    });

    test('range formatting changes only the lines in the range', async () => {
        const text = 'team a    "A"\nteam b    "B"\nteam c    "C"\n';
        const { documents } = await loadFiles({ 'range.cjm': text });
        const document = documents['range.cjm'];
        const edits = await services.lsp.Formatter!.formatDocumentRange(document, {
            textDocument: { uri: document.uri.toString() },
            options: { tabSize: 2, insertSpaces: true },
            range: { start: { line: 1, character: 0 }, end: { line: 1, character: 13 } }
        });
        const { TextDocument } = await import('langium');
        expect(TextDocument.applyEdits(document.textDocument, edits)).toBe('team a    "A"\nteam b "B"\nteam c    "C"\n');
    });

    test('range formatting of a formatted map changes nothing, whatever lines it covers', async () => {
        // The stage that starts above line 4 and ends inside the range still knows where its `}` goes.
        const text = 'journey j {\n  stage s {\n    touchpoint t {\n      feels happy\n    }\n  }\n\n  stage u {\n    touchpoint v {\n      feels happy\n    }\n  }\n}\n';
        expect(await formatText(services, text)).toBe(text);
        const document = (await loadFiles({ 'formatted.cjm': text })).documents['formatted.cjm'];
        const lines = text.split('\n').length;
        for (let start = 0; start < lines; start++) {
            for (let end = start; end < lines; end++) {
                expect(rangeEdits(document, { start: { line: start, character: 0 }, end: { line: end, character: 0 } }), `lines ${start}-${end}`).toEqual([]);
            }
        }
    });

    test('property: range formatting writes the canonical layout of its lines and touches no other line', async () => {
        const spec = fixture('spec/checkout.cjm');
        const messy = await respaced(spec, [' ', '\n', '\n\n\n', '\t', '  \n      ', '']);
        const { workspace } = await loadFiles({});
        await fc.assert(fc.asyncProperty(messy, fc.nat(), fc.nat({ max: 12 }), async (text, first, length) => {
            const [document] = await workspace.load([{ uri: 'file:///ws/messy.cjm', text }]);
            const lineCount = document.textDocument.lineCount;
            const start = first % lineCount;
            const end = Math.min(start + length, lineCount - 1);
            const edits = rangeEdits(document, { start: { line: start, character: 0 }, end: { line: end, character: 0 } });
            // Each edit is the gap before a token (or the end of the file) on one of the range's lines.
            expect(edits.every(edit => edit.range.end.line >= start && edit.range.end.line <= end)).toBe(true);
            const formatted = await formatText(services, text);
            const once = TextDocument.applyEdits(document.textDocument, edits);
            expect(await formatText(services, once)).toBe(formatted);
            const whole = rangeEdits(document, { start: { line: 0, character: 0 }, end: document.textDocument.positionAt(text.length) });
            expect(TextDocument.applyEdits(document.textDocument, whole)).toBe(formatted);
        }), { numRuns: 100 });
    });

    test('range formatting above a syntax error formats the lines above it, and not the error\'s line', async () => {
        const text = 'team a    "A"\njourney j {\n  stage s {   touchpoint t { feels }\n';
        const document = (await loadFiles({ 'broken.cjm': text })).documents['broken.cjm'];
        expect(TextDocument.applyEdits(document.textDocument, rangeEdits(document, { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } })))
            .toBe('team a "A"\njourney j {\n  stage s {   touchpoint t { feels }\n');
        expect(rangeEdits(document, { start: { line: 0, character: 0 }, end: { line: 2, character: 0 } })).toEqual([]);
    });

    test('a 5 MB map formats, and a range of it in a small share of the time the whole takes', async () => {
        const journey = fixture('spec/checkout.cjm');
        const copies = Math.ceil(5_000_000 / journey.length);
        const text = Array.from({ length: copies }, (_, i) => journey.replace('journey checkout', `journey checkout-${i}`)).join('\n');
        const document = (await loadFiles({ 'big.cjm': text })).documents['big.cjm'];
        const options = { tabSize: 2, insertSpaces: true };
        const timed = (run: () => unknown) => {
            const started = performance.now();
            run();
            return performance.now() - started;
        };
        // No time limit (the machine decides those): the whole map is formatted, and a range costs a
        // share of it, measured in this run. On a loaded 2-core machine: 0.25 s for the whole map
        // (4.4 s before), 1 ms for an empty range (2.3 s before, the whole map's time).
        const whole = Math.max(1, timed(() => expect(services.lsp.Formatter!.formatDocument(document, { textDocument: { uri: document.uri.toString() }, options })).toBeDefined()));
        const middle = document.textDocument.positionAt(text.length >> 1).line;
        for (const range of [{ start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, { start: { line: middle, character: 0 }, end: { line: middle + 40, character: 0 } }]) {
            const fastest = Math.min(...[1, 2, 3].map(() => timed(() => rangeEdits(document, range))));
            expect(fastest / whole).toBeLessThan(0.25);
        }
    }, 60_000);

    test('property: any re-spacing of the spec example formats idempotently and keeps every token', async () => {
        const spec = fixture('spec/checkout.cjm');
        const lexed = services.parser.Lexer.tokenize(spec);
        const pieces = [...lexed.tokens, ...lexed.hidden].sort((a, b) => a.startOffset - b.startOffset);
        // A line comment must stay followed by a line break; every other gap may become any whitespace.
        const gap = fc.constantFrom(' ', '  ', '\n', '\n\n\n', '\t', ' \n    ', '');
        await fc.assert(fc.asyncProperty(fc.array(gap, { minLength: pieces.length, maxLength: pieces.length }), async (gaps) => {
            const text = pieces.map((piece, i) => {
                const previous = pieces[i - 1];
                const needsBreak = previous?.tokenType.name === 'SL_COMMENT';
                const needsSpace = previous !== undefined && /\w$/.test(previous.image) && /^[\w"+-]/.test(piece.image);
                const chosen = needsBreak ? '\n' + gaps[i] : needsSpace && gaps[i] === '' ? ' ' : gaps[i];
                return (i === 0 ? '' : chosen) + piece.image;
            }).join('');
            const once = await formatText(services, text);
            expect(await formatText(services, once)).toBe(once);
            expect(tokens(services, once)).toEqual(tokens(services, spec));
        }), { numRuns: 60 });
    });
});
