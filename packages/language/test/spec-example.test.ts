import { describe, expect, test } from 'vitest';
import { isFeeling } from '../src/generated/ast.js';
import { AstUtils } from 'langium';
import { fixture, loadFiles } from './test-workspace.js';

describe('the spec\'s complete example', () => {
    test('parses, links and validates with zero diagnostics', async () => {
        const { documents } = await loadFiles({
            'personas.cjm': fixture('spec/personas.cjm'),
            'checkout.cjm': fixture('spec/checkout.cjm')
        });
        expect(documents['personas.cjm'].diagnostics).toEqual([]);
        expect(documents['checkout.cjm'].diagnostics).toEqual([]);
    });

    test('resolves emotions to the built-in library and user declarations', async () => {
        const { documents } = await loadFiles({
            'personas.cjm': fixture('spec/personas.cjm'),
            'checkout.cjm': fixture('spec/checkout.cjm')
        });
        const feelings = AstUtils.streamAllContents(documents['checkout.cjm'].parseResult.value).filter(isFeeling).toArray();
        const resolved = feelings.flatMap(f => f.emotions.map(e => [e.$refText, e.ref?.score]));
        expect(resolved).toContainEqual(['curious', 1]);
        expect(resolved).toContainEqual(['hesitant', -1]);
        expect(resolved).toContainEqual(['frustrated', -2]);
    });
});
