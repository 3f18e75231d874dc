import { describe, expect, test } from 'vitest';
import { buildRenderModel } from '../../src/render/render-model.js';
import { fixture, loadFiles } from '../test-workspace.js';

/** A Markdown fence's map: it names the workspace's persona maya and team product, and declares its own persona. */
const FENCE = `persona visitor "First-time visitor"

journey checkout "Checkout, in short" {
  persona maya, visitor
  stage pay "Pay" {
    touchpoint card "Card form" {
      feels reassured
      owner product
    }
  }
}
`;

const codes = (diagnostics: { code?: unknown }[] | undefined) => (diagnostics ?? []).map(diagnostic => diagnostic.code);

describe('a detached map (a Markdown fence) built against the workspace', () => {
    test('links to the workspace\'s personas, teams and emotions, and to its own declarations first', async () => {
        const { workspace } = await loadFiles({
            'personas.cjm': fixture('spec/personas.cjm'),
            'checkout.cjm': fixture('spec/checkout.cjm'),
            'emotions.cjm': 'emotions { reassured 1 }\n'
        });
        const document = await workspace.services.workspace.DetachedDocuments.build(FENCE);
        // `reassured` is an emotion of emotions.cjm, `product` a team of personas.cjm.
        expect(document.diagnostics?.filter(diagnostic => diagnostic.severity === 1)).toEqual([]);
        const [journey] = buildRenderModel(document).journeys;
        expect(journey.personas.map(persona => persona.title)).toEqual(['Maya, busy parent', 'First-time visitor']);
        // Its journey shares the workspace journey's name: no duplicate-name, it is not part of the workspace.
        expect(codes(document.diagnostics)).not.toContain('duplicate-name');
    });

    test('leaves the workspace as it was: its declarations are visible to nobody else, its references count for nothing', async () => {
        const { workspace, documents } = await loadFiles({ 'personas.cjm': 'persona lonely "Nobody\'s persona"\n', 'other.cjm': 'journey j { persona visitor }\n' });
        await workspace.services.workspace.DetachedDocuments.build('journey k { persona lonely }\npersona visitor\n');
        const after = await workspace.change('other.cjm', 'journey j { persona visitor }\n');
        expect(codes(after.diagnostics)).toContain('linking-error');
        expect(codes(documents['personas.cjm'].diagnostics)).toContain('unused-persona');
        expect([...workspace.services.shared.workspace.LangiumDocuments.all].map(document => document.uri.scheme)).not.toContain('cjm-detached');
    });

    test('reports what the map gets wrong, with its lines', async () => {
        const { workspace } = await loadFiles({ 'personas.cjm': fixture('spec/personas.cjm') });
        const document = await workspace.services.workspace.DetachedDocuments.build('journey j {\n  persona nobody\n  stage s { touchpoint t { feels happy } }\n}\n');
        const unknown = document.diagnostics?.find(diagnostic => diagnostic.code === 'linking-error');
        expect(unknown?.range.start.line).toBe(1);
        expect(buildRenderModel(document).errorCount).toBe(1);
    });
});
