import fc from 'fast-check';
import { AstUtils, GrammarAST } from 'langium';
import { describe, expect, test } from 'vitest';
import type { Model } from '../../src/generated/ast.js';
import { formatText } from '../../src/lsp/cjm-formatter.js';
import { buildRenderModel } from '../../src/render/render-model.js';
import { createTestWorkspace } from '../test-workspace.js';
import {
    EMOTION_ID_WORDS, RESERVED_WORDS, TOUCHPOINT_LINE_WORDS, astContent, cjmMapArb, layoutArb, printMap, touchpointCounts
} from './cjm-map-arbitrary.js';

/**
 * Properties of generated valid maps (see cjm-map-arbitrary.ts): they parse back to what was
 * generated, validate without errors, format to a fixed point that means the same, and draw as
 * many stages and touchpoints as they declare. A failure prints fast-check's seed and the
 * shrunk map; `fc.assert(…, { seed, path })` replays it.
 */
const workspace = createTestWorkspace();
const services = workspace.services;
const RUNS = 150;

const mapAndText = fc.tuple(cjmMapArb, layoutArb).map(([map, layout]) => ({ map, text: printMap(map, layout) }));

function parse(text: string) {
    return services.parser.LangiumParser.parse<Model>(text);
}

/** The comments of a text, in order. */
function comments(text: string): string[] {
    return services.parser.Lexer.tokenize(text).hidden.map(token => token.image);
}

describe('generated maps', () => {
    test('the arbitrary knows every word of the grammar, each in its place', () => {
        const keywords = AstUtils.streamAllContents(services.Grammar).filter(GrammarAST.isKeyword).map(k => k.value).filter(k => /^\w/.test(k));
        expect(new Set(keywords)).toEqual(new Set([...RESERVED_WORDS, ...EMOTION_ID_WORDS, ...TOUCHPOINT_LINE_WORDS]));
    });

    test('parse with no lexer or parser errors, to exactly the generated AST', () => {
        fc.assert(fc.property(mapAndText, ({ map, text }) => {
            const result = parse(text);
            expect(result.lexerErrors, text).toEqual([]);
            expect(result.parserErrors.map(e => e.message), text).toEqual([]);
            expect(astContent(result.value)).toEqual(astContent(map));
        }), { numRuns: RUNS });
    });

    test('validate without errors: every reference resolves, names are unique, metrics agree', async () => {
        await fc.assert(fc.asyncProperty(mapAndText, async ({ text }) => {
            const document = await workspace.change('file:///ws/generated.cjm', text);
            const errors = (document.diagnostics ?? []).filter(d => d.severity === 1);
            expect(errors.map(e => `${e.code}: ${e.message}`), text).toEqual([]);
        }), { numRuns: RUNS });
    });

    test('format to a fixed point that parses to the same AST and keeps every comment', async () => {
        await fc.assert(fc.asyncProperty(mapAndText, async ({ map, text }) => {
            const once = await formatText(services, text);
            expect(await formatText(services, once), once).toBe(once);
            const reparsed = parse(once);
            expect(reparsed.lexerErrors.length + reparsed.parserErrors.length, once).toBe(0);
            expect(astContent(reparsed.value)).toEqual(astContent(map));
            expect(comments(once)).toEqual(comments(text));
        }), { numRuns: RUNS });
    });

    test('the render model has as many journeys, stages and touchpoints as the source', async () => {
        await fc.assert(fc.asyncProperty(mapAndText, async ({ map, text }) => {
            const document = await workspace.change('file:///ws/generated.cjm', text);
            const model = buildRenderModel(document);
            expect(model.journeys.map(j => j.stages.map(s => s.touchpoints.length))).toEqual(touchpointCounts(map));
        }), { numRuns: RUNS });
    });
});
