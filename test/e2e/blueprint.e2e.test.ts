/**
 * The service blueprint and the emotion curve of two personas in the real preview, in a real
 * workbench: billing-support.cjm draws its blueprint (lanes, columns, the labelled line of
 * visibility, nothing overlapping), and school-shoes.cjm its curve with one line per persona and
 * a legend in text. Writes screenshots of both to test-results/e2e/ (blueprint.png,
 * two-personas.png).
 */
import type { FrameLocator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { openSession, resultPath, screenshotOnFailure, type Session } from './harness/session.js';
import { openFile, runCommand, webviewFrame } from './harness/workbench.js';

let session: Session;

beforeAll(async () => {
    session = await openSession({ vsix: inject('vsixPath') });
});

afterAll(async () => {
    await session?.close();
});

screenshotOnFailure(() => session);

/**
 * Opens a map by its path (as every e2e test does: a click in the Explorer misses a row not drawn
 * yet, or scrolled out of view) and its preview beside it; returns the preview once it shows the map's file.
 */
async function previewOf(fileName: string): Promise<FrameLocator> {
    await openFile(session.page, fileName);
    await runCommand(session.page, 'CJM: Open Preview to the Side');
    const frame = await webviewFrame(session.page, `.cjm-toolbar .cjm-file:text-is("${fileName}")`);
    await frame.locator('section.cjm-diagram-emotion .cjm-canvas svg').first().waitFor();
    return frame;
}

describe('the service blueprint and several personas in the preview', () => {
    test('billing-support.cjm: the blueprint\'s lanes in order, a column per touchpoint, the line of visibility labelled, no text over another', async () => {
        const preview = await previewOf('billing-support.cjm');
        const section = preview.locator('section.cjm-diagram-blueprint');
        await section.locator('.cjm-canvas svg').waitFor();
        const drawn = await section.evaluate((element) => {
            const svg = element.querySelector('.cjm-canvas svg')!;
            const box = (e: Element) => e.getBoundingClientRect();
            return {
                lanes: Array.from(svg.querySelectorAll('g.cluster.swimlane'))
                    .sort((a, b) => box(a).top - box(b).top)
                    .map((lane) => (lane.querySelector('.cluster-label')?.textContent ?? '').replace(/\s+/g, ' ').trim()),
                actions: Array.from(svg.querySelectorAll('g.node[id*="_action-"]'), (node) => Math.round(box(node).left + box(node).width / 2)),
                // Mermaid wraps a label into lines of tspans: read it without the spaces.
                visibility: (svg.querySelector('g.node[id*="-flowchart-visibility-"]')?.textContent ?? '').replace(/\s+/g, ''),
                texts: Array.from(svg.querySelectorAll('g.node'), (node) => node.querySelector('text')).filter((text): text is SVGTextElement => text !== null).map((text) => {
                    const r = box(text);
                    return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, text: text.textContent ?? '' };
                })
            };
        });
        expect(drawn.lanes).toEqual(['Stage', 'Physical evidence', 'Customer actions', 'Frontstage', 'Line of visibility', 'Backstage', 'Support processes']);
        expect(drawn.visibility).toBe('▲seenbythecustomer▼notseenbythecustomer');
        // Five touchpoints, left to right in journey order.
        expect(drawn.actions).toHaveLength(5);
        expect([...drawn.actions].sort((a, b) => a - b)).toEqual(drawn.actions);
        for (const [i, a] of drawn.texts.entries()) {
            for (const b of drawn.texts.slice(i + 1)) {
                const overlap = a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
                expect(overlap, `"${a.text}" overlaps "${b.text}"`).toBe(false);
            }
        }
        await section.screenshot({ path: resultPath('blueprint.png') });
    });

    test('school-shoes.cjm: one emotion line per persona beside the expected line, with a legend in text', async () => {
        const preview = await previewOf('school-shoes.cjm');
        const section = preview.locator('section.cjm-diagram-emotion');
        const drawn = await section.evaluate((element) => ({
            axisLabels: Array.from(element.querySelectorAll('.cjm-canvas svg .bottom-axis .label text'), (text) => ({ left: text.getBoundingClientRect().left, right: text.getBoundingClientRect().right })),
            lines: element.querySelectorAll('.cjm-canvas svg g.plot > g[class^="line-plot-"] > path').length,
            title: (element.querySelector('.cjm-canvas svg')?.textContent ?? '').replace(/\s+/g, ' '),
            legend: Array.from(element.querySelectorAll('.cjm-legend li'), (item) => item.textContent?.trim())
        }));
        expect(drawn.lines).toBe(3);
        // The touchpoints' titles under the curve, none over the next.
        expect(drawn.axisLabels).toHaveLength(5);
        drawn.axisLabels.slice(1).forEach((label, i) => expect(label.left, `label ${i + 2}`).toBeGreaterThan(drawn.axisLabels[i].right));
        expect(drawn.title).toContain('Maya, busy parent (orange), Tom (green) and expected (blue)');
        expect(drawn.legend).toEqual(['blue: expected', 'orange: Maya, busy parent', 'green: Tom']);
        await section.screenshot({ path: resultPath('two-personas.png') });
    });
});
