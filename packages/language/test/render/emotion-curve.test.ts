import { describe, expect, test } from 'vitest';
import { EMOTION_CURVE_COLOURS, emotionCurve, emotionCurveLines, PERSONA_LINE_COLOURS } from '../../src/render/mermaid/emotion-curve.js';
import { journeyDiagram } from '../../src/render/mermaid/journey-diagram.js';
import { modelsOf, specMaps } from './render-corpus.js';

/** The numbers of each `line [...]` of an xychart, in the order Mermaid draws them. */
function lines(text: string): number[][] {
    return Array.from(text.matchAll(/^\s*line \[([^\]]*)\]$/gm), match => match[1].split(',').map(Number));
}

function palette(text: string): string[] {
    return /plotColorPalette: "([^"]*)"/.exec(text)![1].split(', ');
}

describe('the emotion curve of the spec example', () => {
    test('draws the expected line first and the actual line last, on top, each in its legend colour', async () => {
        const journey = (await specMaps()).find(map => map.name === 'spec/checkout.cjm')!.model.journeys[0];
        const text = emotionCurve(journey);
        // ad 0/+1, visit −2/+1, pay −1/+2, chat −1.5 (no expected), review +2 (no expected).
        expect(lines(text)).toEqual([[1, 1, 2, -1.5, 2], [0, -2, -1, -1.5, 2]]);
        expect(palette(text)).toEqual([EMOTION_CURVE_COLOURS.expected, EMOTION_CURVE_COLOURS.actual]);
        expect(text).toContain('title "Emotion curve: actual (orange) and expected (blue)"');
    });

    test('without any expected emotion it is one line in the actual colour', async () => {
        const journey = (await specMaps()).find(map => map.name === 'spec/checkout.cjm')!.model.journeys[0];
        const stages = journey.stages.map(stage => ({ ...stage, touchpoints: stage.touchpoints.map(({ expected: _expected, ...touchpoint }) => touchpoint) }));
        const text = emotionCurve({ ...journey, stages });
        expect(lines(text)).toEqual([[0, -2, -1, -1.5, 2]]);
        expect(palette(text)).toEqual([EMOTION_CURVE_COLOURS.actual]);
        expect(text).toContain('title "Emotion curve: actual"');
    });
});

describe('the emotion curve of several personas', () => {
    const map = (personas: string[], extra = '') => [
        ...personas.map(p => `persona ${p} "${p.toUpperCase()}"`),
        `journey j { persona ${personas.join(', ')}`,
        '  stage s {',
        `    touchpoint a { ${personas.map((p, i) => `feels ${i - 1} for ${p}`).join(' ')} expected 2 pain "p" source survey }`,
        '    touchpoint b { feels happy }',
        `    touchpoint c { feels -2 for ${personas[0]} ${extra} }`,
        '  }',
        '}'
    ].join('\n');

    test('one line per persona with lines of its own, after the expected line; elsewhere a persona follows the plain feels', async () => {
        const [{ model }] = await modelsOf('t', { 'm.cjm': map(['maya', 'tom']) });
        const text = emotionCurve(model.journeys[0]);
        // Expected (blue) first; Maya −1, +1 (plain), −2; Tom 0, +1 (plain), −2 (the touchpoint's actual: Maya's only line).
        expect(lines(text)).toEqual([[2, 1, -2], [-1, 1, -2], [0, 1, -2]]);
        expect(palette(text)).toEqual([EMOTION_CURVE_COLOURS.expected, PERSONA_LINE_COLOURS[0].colour, PERSONA_LINE_COLOURS[1].colour]);
        expect(text).toContain('title "Emotion curve: MAYA (orange), TOM (green) and expected (blue)"');
        expect(emotionCurveLines(model.journeys[0]).lines.map(l => [l.kind, l.label, l.colourName])).toEqual([
            ['expected', 'expected', 'blue'], ['persona', 'MAYA', 'orange'], ['persona', 'TOM', 'green']
        ]);
    });

    test('the journey diagram scores each task by the actual score, the mean of the personas\' lines', async () => {
        const [{ model }] = await modelsOf('t', { 'm.cjm': map(['maya', 'tom']) });
        // a: Maya −1, Tom 0 → mean −0.5 → 2.5 rounds to 3; b: +1 → 4; c: Maya −2 → 1.
        expect(journeyDiagram(model.journeys[0]).split('\n').filter(line => /^ {8}/.test(line)).map(line => line.trim())).toEqual(['a: 3: maya, tom', 'b: 4: maya, tom', 'c: 1: maya, tom']);
        const [{ model: lower }] = await modelsOf('t', { 'm.cjm': map(['maya', 'tom']).replace('feels -1 for maya feels 0 for tom', 'feels -2 for maya feels -1 for tom') });
        expect(journeyDiagram(lower.journeys[0])).toContain('a: 2: maya, tom');
    });

    test('a journey persona without lines of its own is drawn as everyone else, from the plain feels', async () => {
        const [{ model }] = await modelsOf('t', { 'm.cjm': map(['maya', 'tom']).replace('persona maya, tom', 'persona maya, tom, ann').replace('persona maya "MAYA"', 'persona maya "MAYA" persona ann "ANN"') + '\n' });
        const curve = emotionCurveLines(model.journeys[0]);
        expect(curve.lines.map(l => l.label)).toEqual(['expected', 'MAYA', 'TOM', 'everyone else']);
        expect(curve.lines[3].scores).toEqual([-0.5, 1, -2]);
    });

    test('more than five personas: only the mean is drawn, and the title says so', async () => {
        const six = ['a1', 'a2', 'a3', 'a4', 'a5', 'a6'];
        const [{ model }] = await modelsOf('t', { 'm.cjm': map(six) });
        const text = emotionCurve(model.journeys[0]);
        expect(lines(text)).toHaveLength(2);
        expect(text).toContain('title "Emotion curve: actual, the mean of 6 personas (orange) and expected (blue) (more than 5 persona lines would not read)"');
    });

    test('the colours: at least 3:1 against white, VS Code\'s dark background and black, and apart in hue', () => {
        const rgb = (hex: string) => [1, 3, 5].map(at => parseInt(hex.slice(at, at + 2), 16) / 255);
        const luminance = (hex: string) => {
            const [r, g, b] = rgb(hex).map(c => c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
            return 0.2126 * r + 0.7152 * g + 0.0722 * b;
        };
        const contrast = (a: string, b: string) => {
            const [high, low] = [luminance(a), luminance(b)].sort((x, y) => y - x);
            return (high + 0.05) / (low + 0.05);
        };
        const hue = (hex: string) => {
            const [r, g, b] = rgb(hex);
            const max = Math.max(r, g, b);
            const d = max - Math.min(r, g, b);
            const h = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
            return (h * 60 + 360) % 360;
        };
        const colours = [...PERSONA_LINE_COLOURS.map(c => c.colour), EMOTION_CURVE_COLOURS.expected];
        for (const colour of colours) {
            for (const background of ['#ffffff', '#1e1e1e', '#000000']) {
                expect(contrast(colour, background), `${colour} on ${background}`).toBeGreaterThanOrEqual(3);
            }
        }
        for (const [i, a] of colours.entries()) {
            for (const b of colours.slice(i + 1)) {
                const apart = Math.min(Math.abs(hue(a) - hue(b)), 360 - Math.abs(hue(a) - hue(b)));
                expect(apart, `${a} and ${b}`).toBeGreaterThanOrEqual(30);
            }
        }
    });
});
