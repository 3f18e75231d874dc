import { describe, expect, test } from 'vitest';
import type { Diagnostic } from 'vscode-languageserver';
import type { CjmWorkspace } from '../src/workspace/in-memory-workspace.js';
import { random } from '../../../test/support/seeded-random.js';
import { fixture, loadFiles } from './test-workspace.js';
import { editAsEditor } from './validation/editor-edits.js';

/**
 * Bad input never crashes the language server (spec §5): any text gets diagnostics, and every
 * diagnostic lies inside the document. Langium turns an exception thrown by a check into an
 * "An error occurred during validation" diagnostic, so that message counts as a crash here.
 */
const SPEC = fixture('spec/personas.cjm') + fixture('spec/checkout.cjm');

async function workspaceWithLibrary(): Promise<CjmWorkspace> {
    return (await loadFiles({ 'personas.cjm': fixture('spec/personas.cjm') })).workspace;
}

/** Validates `text` as one file of the workspace and checks the diagnostics are sound. */
async function check(workspace: CjmWorkspace, text: string): Promise<Diagnostic[]> {
    await editAsEditor(workspace, 'input.cjm', text);
    const document = workspace.document('file:///ws/input.cjm')!;
    const diagnostics = workspace.diagnostics('file:///ws/input.cjm');
    const textDocument = document.textDocument;
    for (const diagnostic of diagnostics) {
        expect(diagnostic.message).not.toMatch(/An error occurred/);
        for (const position of [diagnostic.range.start, diagnostic.range.end]) {
            expect(position.line).toBeGreaterThanOrEqual(0);
            expect(position.character).toBeGreaterThanOrEqual(0);
            // A position inside the text maps to an offset and back unchanged.
            expect(textDocument.positionAt(textDocument.offsetAt(position))).toEqual(position);
        }
        expect(textDocument.offsetAt(diagnostic.range.start)).toBeLessThanOrEqual(textDocument.offsetAt(diagnostic.range.end));
    }
    const { lexerErrors, parserErrors } = document.parseResult;
    if (lexerErrors.length + parserErrors.length > 0) {
        expect(diagnostics.some(d => d.code === 'parse-error')).toBe(true);
    }
    return diagnostics;
}

describe('broken input gets sound diagnostics and never crashes validation', () => {
    test('every prefix of the spec example, cut at 250 points', async () => {
        const workspace = await workspaceWithLibrary();
        const step = Math.ceil(SPEC.length / 250);
        let withSyntaxErrors = 0;
        for (let cut = 0; cut <= SPEC.length; cut += step) {
            const diagnostics = await check(workspace, SPEC.slice(0, cut));
            withSyntaxErrors += diagnostics.some(d => d.code === 'parse-error') ? 1 : 0;
        }
        // Most cuts fall inside an element: they must be reported as syntax errors.
        expect(withSyntaxErrors).toBeGreaterThan(150);
    });

    test('random bytes (seeded)', async () => {
        const workspace = await workspaceWithLibrary();
        const next = random(20261122);
        for (let run = 0; run < 60; run++) {
            const bytes = Uint8Array.from({ length: Math.floor(next() * 3000) }, () => Math.floor(next() * 256));
            await check(workspace, new TextDecoder().decode(bytes));
        }
    });

    test('random soups of the language\'s own words (seeded)', async () => {
        const workspace = await workspaceWithLibrary();
        const words = [...new Set(SPEC.match(/"[^"\n]*"|[\w-]+%?|->|[{}(),]|\S/g) ?? [])];
        const next = random(7);
        for (let run = 0; run < 100; run++) {
            const soup = Array.from({ length: Math.floor(next() * 400) }, () => words[Math.floor(next() * words.length)]);
            await check(workspace, soup.join(next() < 0.5 ? ' ' : '\n'));
        }
    });

    test('unbalanced braces', async () => {
        const workspace = await workspaceWithLibrary();
        for (const text of ['}', '{', '}}}{{{', 'journey j {{{ stage s }}}}', 'journey j { stage s { touchpoint t {', SPEC.replace(/}/g, ''), SPEC.replace(/{/g, ''), SPEC + '}}}}']) {
            const diagnostics = await check(workspace, text);
            expect(diagnostics.some(d => d.code === 'parse-error')).toBe(true);
        }
    });

    test('deeply nested braces', async () => {
        const workspace = await workspaceWithLibrary();
        const depth = 20_000;
        await check(workspace, `journey j ${'{'.repeat(depth)}${'}'.repeat(depth)}`);
        await check(workspace, `journey j { ${'stage s { touchpoint t { '.repeat(depth / 10)}${'} '.repeat(depth / 5)}}`);
        await check(workspace, 'persona p '.repeat(depth) + '{'.repeat(depth));
    });

    test('a 5 MB file', async () => {
        const workspace = await workspaceWithLibrary();
        const journey = fixture('spec/checkout.cjm');
        const copies = Math.ceil(5_000_000 / journey.length);
        const text = Array.from({ length: copies }, (_, i) => journey.replace('journey checkout', `journey checkout-${i}`)).join('\n');
        const started = performance.now();
        const diagnostics = await check(workspace, text);
        const seconds = (performance.now() - started) / 1000;
        console.log(`5 MB (${copies} journeys, ${text.split('\n').length} lines): ${diagnostics.length} diagnostics in ${seconds.toFixed(1)} s`);
        // Every copy re-declares the emotion `overwhelmed`: one duplicate-name per copy, nothing else.
        expect(diagnostics.filter(d => d.code === 'duplicate-name')).toHaveLength(copies);
        expect(diagnostics.filter(d => d.code !== 'duplicate-name')).toEqual([]);
    });
});
