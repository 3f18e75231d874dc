import { describe, expect, test } from 'vitest';
import { parseDiagramSetting, parseOverviewState, parsePreviewState, parsePreviewTheme, parseWebviewMessage } from '../src/protocol.js';

const range = { start: { line: 3, character: 4 }, end: { line: 9, character: 5 } };

describe('messages from the webview', () => {
    test('well-formed messages pass unchanged', () => {
        expect(parseWebviewMessage({ type: 'ready' })).toEqual({ type: 'ready' });
        expect(parseWebviewMessage({ type: 'reveal', uri: 'file:///a.cjm', range })).toEqual({ type: 'reveal', uri: 'file:///a.cjm', range });
        expect(parseWebviewMessage({ type: 'selectJourney', journeyId: 'checkout' })).toEqual({ type: 'selectJourney', journeyId: 'checkout' });
        const view = { hiddenDiagrams: ['flow'], hiddenLanes: ['pains'], persona: 'maya' };
        expect(parseWebviewMessage({ type: 'setView', view })).toEqual({ type: 'setView', view });
        expect(parseWebviewMessage({ type: 'export', format: 'svg', diagram: 'journey', data: '<svg/>' })).toEqual({
            type: 'export',
            format: 'svg',
            diagram: 'journey',
            data: '<svg/>'
        });
        expect(parseWebviewMessage({ type: 'export', format: 'markdown', data: 'ignored' })).toEqual({ type: 'export', format: 'markdown', diagram: undefined, data: undefined });
        // The host prints the PDF from the model: whatever the webview sends along is dropped.
        expect(parseWebviewMessage({ type: 'export', format: 'pdf', data: '%PDF-forged' })).toEqual({ type: 'export', format: 'pdf', diagram: undefined, data: undefined });
        expect(parseWebviewMessage({ type: 'exportFailed', message: 'the stage flow is not drawn' })).toEqual({ type: 'exportFailed', message: 'the stage flow is not drawn' });
        expect(parseWebviewMessage({ type: 'cspViolation', message: 'script-src blocked inline' })).toEqual({
            type: 'cspViolation',
            message: 'script-src blocked inline'
        });
    });

    test('malformed or unknown messages are rejected', () => {
        const rejected = [
            null,
            'ready',
            [],
            { type: 'eval', code: 'alert(1)' },
            { type: 'reveal', uri: 'file:///a.cjm' },
            { type: 'reveal', uri: 'file:///a.cjm', range: { start: { line: -1, character: 0 }, end: range.end } },
            { type: 'reveal', uri: 'file:///a.cjm', range: { start: { line: 1.5, character: 0 }, end: range.end } },
            { type: 'reveal', uri: 42, range },
            { type: 'selectJourney' },
            { type: 'setView' },
            { type: 'setView', view: { hiddenDiagrams: 'flow', hiddenLanes: [] } },
            { type: 'setView', view: { hiddenDiagrams: [], hiddenLanes: Array.from({ length: 101 }, (_, i) => `lane${i}`) } },
            { type: 'export', format: 'exe', data: 'MZ' },
            { type: 'export', format: 'svg' },
            { type: 'export', format: 'svg', diagram: 'pie', data: '<svg/>' },
            { type: 'export', format: 'png', data: 'data:text/html,<script>' },
            { type: 'renderError', message: 'x'.repeat(20_000) }
        ];
        for (const message of rejected) {
            expect(parseWebviewMessage(message), JSON.stringify(message)?.slice(0, 80)).toBeUndefined();
        }
    });
});

describe('restored preview state', () => {
    test('keeps the document, journey and scroll position', () => {
        expect(parsePreviewState({ uri: 'file:///maps/checkout.cjm', journeyId: 'checkout', scrollX: 0, scrollY: 420, locked: true })).toEqual({
            uri: 'file:///maps/checkout.cjm',
            journeyId: 'checkout',
            scrollX: 0,
            scrollY: 420,
            locked: true
        });
    });

    test('drops bad fields and rejects state without a document', () => {
        expect(parsePreviewState({ uri: 'file:///a.cjm', journeyId: 7, scrollY: Number.NaN, scrollX: -3, locked: 'yes' })).toEqual({ uri: 'file:///a.cjm' });
        for (const state of [undefined, null, {}, { uri: '' }, { uri: 5 }, 'file:///a.cjm']) {
            expect(parsePreviewState(state)).toBeUndefined();
        }
    });

    test('keeps the view, with unknown diagrams, overlong lane keys and a bad persona dropped', () => {
        expect(parsePreviewState({ uri: 'file:///a.cjm', view: { hiddenDiagrams: ['grid', 'pie', 'journey', 7], hiddenLanes: ['pains', 'pains', 'x'.repeat(101), 3], persona: 12 } })).toEqual({
            uri: 'file:///a.cjm',
            view: { hiddenDiagrams: ['journey', 'grid'], hiddenLanes: ['pains'] }
        });
        expect(parsePreviewState({ uri: 'file:///a.cjm', view: { hiddenDiagrams: [], hiddenLanes: [], persona: 'leo' } })).toEqual({ uri: 'file:///a.cjm', view: { hiddenDiagrams: [], hiddenLanes: [], persona: 'leo' } });
        expect(parsePreviewState({ uri: 'file:///a.cjm', view: 'all' })).toEqual({ uri: 'file:///a.cjm' });
    });
});

describe('preview settings', () => {
    test('diagram list keeps known kinds in display order and falls back to all', () => {
        expect(parseDiagramSetting(['grid', 'journey', 'pie'])).toEqual(['journey', 'grid']);
        expect(parseDiagramSetting([])).toEqual(['journey', 'emotion', 'flow', 'blueprint', 'grid']);
        expect(parseDiagramSetting('journey')).toEqual(['journey', 'emotion', 'flow', 'blueprint', 'grid']);
    });

    test('theme falls back to following VS Code', () => {
        expect(parsePreviewTheme('forest')).toBe('forest');
        expect(parsePreviewTheme('solarized')).toBe('auto');
    });
});

describe('journey management messages and state', () => {
    test('openJourney carries a journey name and, when the link resolves, its document; anything else is rejected', () => {
        expect(parseWebviewMessage({ type: 'openJourney', journeyId: 'billing-support', uri: 'file:///maps/billing.cjm' }))
            .toEqual({ type: 'openJourney', journeyId: 'billing-support', uri: 'file:///maps/billing.cjm' });
        expect(parseWebviewMessage({ type: 'openJourney', journeyId: 'nowhere' })).toEqual({ type: 'openJourney', journeyId: 'nowhere' });
        for (const message of [{ type: 'openJourney' }, { type: 'openJourney', journeyId: 7 }, { type: 'openJourney', journeyId: 'j', uri: { href: 'x' } }, { type: 'openJourney', journeyId: 'x'.repeat(2_000) }]) {
            expect(parseWebviewMessage(message), JSON.stringify(message).slice(0, 80)).toBeUndefined();
        }
    });

    test('the overview\'s restored state keeps only its kind and a scroll position', () => {
        expect(parseOverviewState({ kind: 'overview', scrollY: 120 })).toEqual({ kind: 'overview', scrollY: 120 });
        expect(parseOverviewState({ kind: 'overview', scrollY: -3, extra: '<script>' })).toEqual({ kind: 'overview' });
        expect(parseOverviewState({ uri: 'file:///a.cjm' })).toBeUndefined();
        expect(parseOverviewState('overview')).toBeUndefined();
    });
});
