import { describe, expect, test } from 'vitest';
import { EMOTION_CURVE_COLOURS, emotionCurve } from '../../src/render/mermaid/emotion-curve.js';
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

describe('titles on the emotion curve\'s axis', () => {
    test('a title used again is numbered, so Mermaid keeps one place on the axis per touchpoint', async () => {
        const [map] = await modelsOf('repeated', { 'main.cjm': 'journey j {\n  stage a { touchpoint t1 "Support chat" { feels happy } touchpoint t2 "Pay" { feels angry } }\n  stage b { touchpoint t3 "Support chat" { feels neutral } touchpoint t4 "Support chat" { feels happy } }\n}\n' });
        const text = emotionCurve(map.model.journeys[0]);
        expect(/x-axis \[(.*)\]/.exec(text)![1]).toBe('"Support chat", "Pay", "Support chat (2)", "Support chat (3)"');
        expect(lines(text)).toEqual([[1, -2, 0, 1]]);
    });
});

