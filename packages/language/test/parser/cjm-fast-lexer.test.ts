import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as fc from 'fast-check';
import type { IToken } from 'chevrotain';
import { AstUtils, DefaultAstNodeLocator, ValueConverter } from 'langium';
import { describe, expect, test } from 'vitest';
import { createNodeCjmServices } from '../../src/node.js';
import { CjmFastLexer } from '../../src/parser/cjm-fast-lexer.js';
import { unquote } from '../../src/parser/cjm-value-converter.js';
import { CjmAstNodeLocator } from '../../src/workspace/cjm-ast-node-locator.js';

/**
 * The fast path's pieces against Langium's own: the hand-written scanner against Chevrotain's lexer,
 * the one-step unquoting against Langium's string converter, the flat node paths against Langium's.
 */
const services = createNodeCjmServices().Cjm;
const chevrotain = services.parser.Lexer;
const fast = new CjmFastLexer(chevrotain.definition as never);

function plain(tokens: IToken[]): unknown[] {
    return tokens.map(t => [t.tokenType.name, t.image, t.startOffset, t.endOffset, t.startLine, t.startColumn, t.endLine, t.endColumn, t.tokenTypeIdx]);
}

/** Checks one text; says whether Chevrotain scanned it without errors. */
function expectSameTokens(text: string): boolean {
    const expected = chevrotain.tokenize(text);
    const actual = fast.tokenize(text);
    if (expected.errors.length > 0) {
        expect(actual, `the fast lexer accepted ${JSON.stringify(text)}, which Chevrotain rejects`).toBeUndefined();
        return false;
    }
    expect(actual, `the fast lexer gave up on ${JSON.stringify(text)}`).toBeDefined();
    expect(plain(actual!.tokens)).toEqual(plain(expected.tokens));
    expect(plain(actual!.hidden)).toEqual(plain(expected.hidden));
    return true;
}

const REPOSITORY = fileURLToPath(new URL('../../../../', import.meta.url));
const corpus = ['examples/', 'test/fixtures/'].flatMap(folder => readdirSync(REPOSITORY + folder, { recursive: true, encoding: 'utf8' })
    .filter(name => name.endsWith('.cjm')).map(name => readFileSync(REPOSITORY + folder + name, 'utf8')));

describe('the fast lexer scans as Chevrotain does', () => {
    test('the examples and fixtures', () => {
        for (const text of corpus) {
            expect(expectSameTokens(text)).toBe(true);
        }
    });

    test('texts made of the characters that matter, in any order', () => {
        const piece = fc.constantFrom(
            ' ', '\t', '\n', '\r', '\r\n', '\u00a0', '\u2028', '\ufeff', 'a', 'Z', '_', '9', '0', '-', '+', '.', '>', '->', '%', ',', '{', '}',
            '"', '\\', '\\"', '\\n', '\\\u2028', '"a\\\u2028"', '/', '*', '//', '/*', '*/', 'persona', 'in-progress', 'moment-of-truth', 'word-of-mouth', 'value', 'é', '#', '😀'
        );
        const verdicts: boolean[] = [];
        fc.assert(fc.property(fc.array(piece, { maxLength: 30 }), pieces => {
            verdicts.push(expectSameTokens(pieces.join('')));
        }), { numRuns: 3000 });
        expect(verdicts.filter(Boolean).length).toBeGreaterThan(300);
        expect(verdicts.filter(v => !v).length).toBeGreaterThan(300);
    });

    test('any string', () => {
        fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 60 }), text => {
            expectSameTokens(text);
        }), { numRuns: 1000 });
    });

    test('refuses to run when the grammar\'s terminals are not the ones it scans', () => {
        const changed = { ...chevrotain.definition, ID: { ...chevrotain.definition.ID, PATTERN: /[a-z]+/ } };
        expect(() => new CjmFastLexer(changed as never)).toThrow(/terminal ID/);
    });
});

describe('strings are unquoted as Langium unquotes them', () => {
    test('with and without escapes', () => {
        fc.assert(fc.property(fc.array(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 4 }).filter(s => !/["\\]/.test(s)), fc.constantFrom('\\"', '\\\\', '\\n', '\\t', '\\0', '\\x', '\\b')), { maxLength: 12 }), parts => {
            const quoted = `"${parts.join('')}"`;
            expect(unquote(quoted)).toBe(ValueConverter.convertString(quoted));
        }), { numRuns: 500 });
    });
});

describe('node paths are the ones Langium makes', () => {
    test('every node of the examples', () => {
        const ours = new CjmAstNodeLocator();
        const langium = new DefaultAstNodeLocator();
        for (const text of corpus) {
            const root = services.parser.LangiumParser.parse(text).value;
            for (const node of AstUtils.streamAst(root)) {
                expect(ours.getAstNodePath(node)).toBe(langium.getAstNodePath(node));
            }
        }
    });
});
