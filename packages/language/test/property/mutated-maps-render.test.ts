import fc from 'fast-check';
import { Window } from 'happy-dom';
import { beforeAll, describe, expect, test } from 'vitest';
import type { Model } from '../../src/generated/ast.js';
import { gridHtml, gridMarkdown } from '../../src/render/grid.js';
import { renderHtmlPage } from '../../src/render/html-page.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { emotionCurve } from '../../src/render/mermaid/emotion-curve.js';
import { journeyDiagram } from '../../src/render/mermaid/journey-diagram.js';
import { stageFlow } from '../../src/render/mermaid/stage-flow.js';
import { buildRenderModel } from '../../src/render/render-model.js';
import { cjmFiles, EXAMPLES } from '../render/render-corpus.js';
import { createTestWorkspace, FIXTURES } from '../test-workspace.js';

/**
 * Half-typed maps: the examples and the spec example with lexemes deleted (a name, a string, a
 * brace) and keywords typed without what follows them, so error recovery leaves AST nodes without
 * their names, texts and references. The render model and every renderer must take them all, and
 * every Mermaid text they produce must still parse. A failure prints fast-check's seed and the
 * shrunk edits.
 */
interface MermaidApi {
    parse(text: string): Promise<{ diagramType: string }>;
}

let mermaid: MermaidApi;

beforeAll(async () => {
    // Mermaid reads `window` and `document` when its module loads (see render/mermaid-parse.test.ts).
    const window = new Window();
    Object.assign(globalThis, { window, document: window.document });
    mermaid = (await import('mermaid')).default as unknown as MermaidApi;
});

const SOURCES = [...Object.values(cjmFiles(EXAMPLES)), ...Object.values(cjmFiles(FIXTURES + 'spec/'))]
    .filter(text => text.includes('journey'));

/** Keywords and pieces that start a line and leave it unfinished. */
const HALF_LINES = [
    'owner', 'channel', 'support', 'support a,', 'persona', 'persona a,', 'pain', 'pain source', 'pain "p" severity', 'does', 'thinks',
    'gap', 'tool', 'feels', 'expected', 'opportunity', 'opportunity {', 'opportunity "o" { owner }', 'outcome', 'status',
    'touchpoint', 'touchpoint {', 'touchpoint "T" {', 'stage', 'stage {', 'stage "S" {', 'journey', 'journey {', 'scenario',
    'scenario { path }', 'path a ->', 'metric', 'metric {', 'metric m { value }', 'expectation', 'description', 'emotions {',
    '{', '}', '"', ',', '->', '%'
];

/** Lexemes (strings, words, arrows, single characters) with their offsets. */
function lexemes(text: string): Array<{ index: number; length: number }> {
    return [...text.matchAll(/"(?:\\.|[^"\\\n])*"|[\w-]+%?|->|\S/g)].map(match => ({ index: match.index, length: match[0].length }));
}

const editArb = fc.oneof(
    fc.record({ kind: fc.constant('delete-lexeme' as const), which: fc.nat() }),
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), piece: fc.constantFrom(...HALF_LINES) }),
    fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 200 }) })
);

type Edit = typeof editArb extends fc.Arbitrary<infer E> ? E : never;

function applyEdit(text: string, edit: Edit): string {
    switch (edit.kind) {
        case 'delete-lexeme': {
            const all = lexemes(text);
            if (all.length === 0) {
                return text;
            }
            const { index, length } = all[edit.which % all.length];
            return text.slice(0, index) + text.slice(index + length);
        }
        case 'insert': {
            const at = edit.at % (text.length + 1);
            return `${text.slice(0, at)} ${edit.piece} ${text.slice(at)}`;
        }
        case 'delete': {
            const at = edit.at % (text.length + 1);
            return text.slice(0, at) + text.slice(at + edit.length);
        }
    }
}

const DIAGRAM_TYPES = { journey: 'journey', emotion: 'xychart', flow: 'flowchart-v2' } as const;

describe('half-typed maps render', () => {
    test('the render model and every renderer take them, and every Mermaid text they make parses', async () => {
        // The personas library beside the mutated map, so references resolve as in a real workspace.
        const workspace = createTestWorkspace();
        await workspace.load([{ uri: 'file:///ws/personas.cjm', text: cjmFiles(EXAMPLES)['personas.cjm'] }]);
        await fc.assert(fc.asyncProperty(
            fc.nat({ max: SOURCES.length - 1 }), fc.array(editArb, { minLength: 1, maxLength: 6 }),
            async (source, edits) => {
                const text = edits.reduce(applyEdit, SOURCES[source]);
                const document = await workspace.change('file:///ws/mutated.cjm', text);
                const model = buildRenderModel(document as typeof document & { parseResult: { value: Model } });
                renderMarkdown(model);
                renderHtmlPage(model, { mermaidScript: '' });
                for (const journey of model.journeys) {
                    gridHtml(journey);
                    gridMarkdown(journey);
                    const diagrams = { journey: journeyDiagram(journey), emotion: emotionCurve(journey), flow: stageFlow(journey) };
                    for (const [kind, diagram] of Object.entries(diagrams) as Array<[keyof typeof DIAGRAM_TYPES, string]>) {
                        const parsed = await mermaid.parse(diagram).catch((error: unknown) => ({ error: String((error as Error)?.message ?? error) }));
                        expect(parsed, `${kind} of\n${text}\n\n${diagram}`).toMatchObject({ diagramType: DIAGRAM_TYPES[kind] });
                    }
                }
            }
        ), { numRuns: 200 });
    }, 120_000);
});
