import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import MarkdownIt from 'markdown-it';
import { describe, expect, test } from 'vitest';
import { renderMarkdown } from '../../src/render/markdown.js';
import { emotionCurve } from '../../src/render/mermaid/emotion-curve.js';
import { journeyDiagram } from '../../src/render/mermaid/journey-diagram.js';
import { stageFlow } from '../../src/render/mermaid/stage-flow.js';
import { hasBlueprint, serviceBlueprint } from '../../src/render/mermaid/service-blueprint.js';
import { hostileMaps, specMaps } from './render-corpus.js';

const GOLDEN = fileURLToPath(new URL('../../../../test/golden/render/', import.meta.url));

/** Compares with the golden file, or rewrites it when UPDATE_GOLDEN=1. */
function expectGolden(name: string, actual: string): void {
    if (process.env.UPDATE_GOLDEN === '1') {
        mkdirSync(GOLDEN, { recursive: true });
        writeFileSync(GOLDEN + name, actual);
    }
    expect(actual).toBe(readFileSync(GOLDEN + name, 'utf8'));
}

const markdown = new MarkdownIt({ html: true, linkify: true });

/** The ```mermaid fences of rendered Markdown, as markdown-it tokenises them. */
function mermaidFences(source: string): string[] {
    return markdown.parse(source, {}).filter(t => t.type === 'fence' && t.info.trim() === 'mermaid').map(t => t.content);
}

describe('Markdown of the spec example', () => {
    test('matches the golden file', async () => {
        const { model } = (await specMaps()).find(map => map.name === 'spec/checkout.cjm')!;
        expectGolden('spec-checkout.md', renderMarkdown({ ...model, uri: 'file:///ws/checkout.cjm' }));
    });

    test('holds the three diagrams intact in mermaid fences, and the grid and metrics as tables', async () => {
        const { model } = (await specMaps()).find(map => map.name === 'spec/checkout.cjm')!;
        const source = renderMarkdown(model);
        const journey = model.journeys[0];
        expect(mermaidFences(source)).toEqual([journeyDiagram(journey), emotionCurve(journey), stageFlow(journey)]);
        const html = markdown.render(source);
        expect((html.match(/<table>/g) ?? []).length).toBe(2);
        expect(html).toContain('<td>Quarterly retention</td>');
        expect(html).toContain('<td>95% (computed)</td>');
        expect(html).toContain('<th>Awareness</th>');
    });

    test('renders only the journey asked for', async () => {
        const { model } = (await specMaps()).find(map => map.name === 'spec/checkout.cjm')!;
        expect(renderMarkdown(model, { journey: 'checkout' })).toBe(renderMarkdown(model));
        expect(renderMarkdown(model, { journey: 'nope' })).toContain('No journey named nope');
    });
});

describe('Markdown of the hostile corpus', () => {
    test('keeps every mermaid fence intact and lets no raw HTML from user text through', async () => {
        for (const { name, model } of await hostileMaps()) {
            const source = renderMarkdown(model);
            const fences = mermaidFences(source);
            expect(fences, name).toEqual(model.journeys.flatMap(j => [journeyDiagram(j), emotionCurve(j), stageFlow(j), ...(hasBlueprint(j) ? [serviceBlueprint(j)] : [])]));
            // With linkify, as GitHub autolinks: no address in user text may become a link either.
            const html = new MarkdownIt({ html: true, linkify: true }).render(source);
            // The only tags are the ones the renderer writes itself.
            const tags = new Set(Array.from(html.matchAll(/<\/?([a-zA-Z][\w-]*)/g), m => m[1].toLowerCase()));
            const allowed = ['h1', 'h2', 'p', 'ul', 'li', 'strong', 'em', 'code', 'pre', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'br', 'blockquote'];
            expect([...tags].filter(tag => !allowed.includes(tag)), name).toEqual([]);
            expect(html, name).not.toMatch(/<a\s|javascript:alert\(1\)<\/a>|onerror=alert\(1\)>/);
        }
    });

    test('shows hostile prose literally in the grid', async () => {
        const { model } = (await hostileMaps()).find(map => map.name === 'hostile/markup.cjm')!;
        const html = markdown.render(renderMarkdown(model));
        const text = html.replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
        for (const literal of ['<script>alert(1)</script>', 'a: b; c #d', 'Pipes | and \\ backslashes and `ticks`', '1. not a list', '**not bold** _not italic_ `not code` | not a cell']) {
            expect(text).toContain(literal);
        }
    });
});
