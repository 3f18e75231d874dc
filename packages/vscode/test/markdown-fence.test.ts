/**
 * The ```cjm blocks of VS Code's Markdown preview, on the extension host's side: the markdown-it
 * plugin, through real markdown-it, and the HTML it writes for a map the language package
 * builds against the workspace (personas.cjm beside it), for a map still being drawn, and for one
 * that could not be.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Window } from 'happy-dom';
import MarkdownIt from 'markdown-it';
import { beforeAll, describe, expect, test } from 'vitest';
import type { RenderModel } from '@cjm/language';
import { buildRenderModel, emotionCurve, journeyDiagram, stageFlow } from '@cjm/language';
import { createNodeCjmWorkspace } from '@cjm/language/node';
import type { FenceState } from '../src/markdown/fence-html.js';
import { cjmFencePlugin } from '../src/markdown/markdown-it-plugin.js';

const spec = (name: string) => readFileSync(fileURLToPath(new URL(`../../../test/fixtures/spec/${name}`, import.meta.url)), 'utf8');

const FENCE = 'journey short "Checkout, in short" {\n  persona maya\n  stage pay "Pay" { touchpoint card "Card <b>form</b>" { feels happy } }\n}\n';
const DOCUMENT = `# Our checkout\n\nSome prose.\n\n\`\`\`cjm\n${FENCE}\`\`\`\n\n\`\`\`js\nconst x = 1;\n\`\`\`\n`;

let model: RenderModel;

beforeAll(async () => {
    const workspace = createNodeCjmWorkspace();
    await workspace.load([{ uri: '/ws/personas.cjm', text: spec('personas.cjm') }]);
    model = buildRenderModel(await workspace.services.workspace.DetachedDocuments.build(FENCE));
});

/** The document rendered by markdown-it with the plugin, each fence in `state`; the texts it was asked for. */
function render(state: FenceState): { html: string; asked: string[] } {
    const asked: string[] = [];
    const md = new MarkdownIt({ html: true }).use(cjmFencePlugin, { stateOf: (text: string) => (asked.push(text), state) });
    return { html: md.render(DOCUMENT), asked };
}

function parse(html: string): Document {
    const window = new Window();
    window.document.body.innerHTML = html;
    return window.document as unknown as Document;
}

describe('a ```cjm block in the Markdown preview', () => {
    test('is drawn as its map: personas of the workspace, a canvas and the Mermaid text for each diagram, and the grid', () => {
        const { html, asked } = render({ kind: 'drawn', model });
        expect(asked).toEqual([FENCE]);
        const document = parse(html);
        const fence = document.querySelector('.cjm-fence')!;
        // The fence's first line, for the preview's scroll sync.
        expect(fence.getAttribute('data-line')).toBe('4');
        expect(fence.querySelector('h1')?.textContent).toBe('Checkout, in short');
        expect(fence.querySelector('.cjm-personas')?.textContent).toContain('Maya, busy parent');
        const journey = model.journeys[0];
        // Canvases are named by the fence's token (number 6 of the document), unique in it.
        const sources = Array.from(fence.querySelectorAll('pre.cjm-fence-source'), (pre) => [pre.getAttribute('data-canvas'), pre.textContent]);
        expect(sources).toEqual([
            ['cjm-fence-6-j0-journey', journeyDiagram(journey)],
            ['cjm-fence-6-j0-emotion', emotionCurve(journey)],
            ['cjm-fence-6-j0-flow', stageFlow(journey)]
        ]);
        for (const [canvas] of sources) {
            expect(document.getElementById(canvas!)?.children.length).toBe(0);
        }
        // User text is text: the title's markup reads as typed, in the grid too.
        expect(fence.querySelector('table.cjm-grid')?.textContent).toContain('Card <b>form</b>');
        expect(fence.querySelectorAll('b')).toHaveLength(0);
        // Other fences are the preview's as before.
        expect(document.querySelector('pre code.language-js')?.textContent).toBe('const x = 1;\n');
    });

    test('says so while the map is being drawn, and why when it could not be', () => {
        expect(parse(render({ kind: 'drawing' }).html).querySelector('.cjm-fence')?.textContent).toBe('Drawing the map…');
        const failed = parse(render({ kind: 'failed', reason: 'the server <stopped>' }).html).querySelector('.cjm-fence .cjm-errors');
        expect(failed?.textContent).toBe('The map could not be drawn: the server <stopped>');
    });

    test('a map with errors shows the banner with the first one and its line', async () => {
        const workspace = createNodeCjmWorkspace();
        const broken = buildRenderModel(await workspace.services.workspace.DetachedDocuments.build('journey j {\n  persona nobody\n}\n'));
        const banner = parse(render({ kind: 'drawn', model: broken }).html).querySelector('.cjm-fence .cjm-errors');
        expect(banner?.textContent).toMatch(/^This map has 1 error; .* First, at line 2: .*nobody/);
    });
});
