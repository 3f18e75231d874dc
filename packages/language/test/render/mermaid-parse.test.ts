import { Window } from 'happy-dom';
import { beforeAll, describe, expect, test } from 'vitest';
import type { CorpusDiagram } from './render-corpus.js';
import { diagramsOf, exampleMaps, hostileMaps, specMaps } from './render-corpus.js';
import { PAYLOADS } from '../../../../test/support/hostile-corpus.js';

interface MermaidApi {
    parse(text: string, options?: { suppressErrors?: boolean }): Promise<{ diagramType: string } | false>;
}

let mermaid: MermaidApi;

beforeAll(async () => {
    // Mermaid reads `window` and `document` when its module loads, so they must exist before the import.
    const window = new Window();
    Object.assign(globalThis, { window, document: window.document });
    mermaid = (await import('mermaid')).default as unknown as MermaidApi;
});

const DIAGRAM_TYPES: Record<CorpusDiagram['kind'], string> = { journey: 'journey', emotion: 'xychart', flow: 'flowchart-v2', blueprint: 'swimlane' };

async function expectParses(diagrams: CorpusDiagram[]): Promise<void> {
    for (const diagram of diagrams) {
        const result = await mermaid.parse(diagram.text).catch((error: unknown) => ({ error: String((error as Error)?.message ?? error) }));
        expect(result, `${diagram.label}\n${diagram.text}`).toEqual({ diagramType: DIAGRAM_TYPES[diagram.kind], config: expect.anything() });
    }
}

describe('every generated diagram passes mermaid.parse', () => {
    test('the spec example', async () => {
        const diagrams = diagramsOf(await specMaps());
        expect(diagrams.map(d => d.kind)).toEqual(['journey', 'emotion', 'flow']);
        await expectParses(diagrams);
    });

    test('the examples, the billing-support journey\'s service blueprint among them', async () => {
        const diagrams = diagramsOf(await exampleMaps());
        expect(diagrams.filter(d => d.kind === 'blueprint').map(d => d.label)).toEqual(['examples/billing-support.cjm#billing-support blueprint']);
        await expectParses(diagrams);
    });

    test('the hostile corpus', async () => {
        const diagrams = diagramsOf(await hostileMaps());
        expect(diagrams.length).toBeGreaterThanOrEqual(12);
        expect(diagrams.filter(d => d.kind === 'blueprint').length).toBeGreaterThanOrEqual(PAYLOADS.length);
        await expectParses(diagrams);
    });

    test('an unescaped hostile title does not parse, so the test above can fail', async () => {
        await expect(mermaid.parse('journey\n    title a: b; c\n    section s\n        t: 3\n')).rejects.toBeTruthy();
    });
});
