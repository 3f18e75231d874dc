import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { AstNode } from 'langium';
import { AstUtils } from 'langium';
import { describe, expect, test } from 'vitest';
import { FIXTURES, loadFiles } from '../test-workspace.js';
import type { Occurrence } from '../../../../test/support/hostile-corpus.js';
import { EVERY_POSITION_FIXTURE, grammarStringPositions, hostileMapText, hostileStrings, OCCURRENCES, PAYLOADS, SHOWN_ON } from '../../../../test/support/hostile-corpus.js';

const FIXTURE = FIXTURES + EVERY_POSITION_FIXTURE;

describe('the hostile corpus', () => {
    test('the fixture is the generated map (UPDATE_GOLDEN=1 rewrites it)', () => {
        if (process.env.UPDATE_GOLDEN === '1') {
            mkdirSync(dirname(FIXTURE), { recursive: true });
            writeFileSync(FIXTURE, hostileMapText());
        }
        expect(readFileSync(FIXTURE, 'utf8')).toBe(hostileMapText());
    });

    test('places every payload in every string position of the grammar, each string once', async () => {
        const positions = grammarStringPositions();
        // The grammar as it was when the corpus was written; a new position must be placed in hostileMapText.
        expect(positions.length).toBeGreaterThanOrEqual(34);
        const { documents } = await loadFiles({ 'every-position.cjm': hostileMapText() });
        const document = documents['every-position.cjm'];
        const strings = hostileStrings();
        const found = new Map<string, string[]>();
        const placed = new Map<Occurrence, Set<string>>();
        for (const node of AstUtils.streamAst(document.parseResult.value)) {
            for (const position of positions.filter(p => p.rule === node.$type)) {
                const value = (node as AstNode & Record<string, unknown>)[position.feature];
                const kind = (node as AstNode & { kind?: string }).kind;
                if (typeof value !== 'string' || (position.kind !== undefined && position.kind !== kind)) {
                    continue;
                }
                const string = strings.find(s => s.text === value);
                expect(string, `${position.key} holds ${JSON.stringify(value)}, which is not a corpus string`).toBeDefined();
                found.set(string!.code, [...(found.get(string!.code) ?? []), position.key]);
                placed.set(string!.occurrence, (placed.get(string!.occurrence) ?? new Set()).add(position.key));
            }
        }
        // Every string parsed into exactly one position, and each occurrence is always the same position.
        expect(strings.filter(s => found.get(s.code)?.length !== 1).map(s => s.code)).toEqual([]);
        expect([...placed].filter(([, keys]) => keys.size !== 1)).toEqual([]);
        const covered = new Set([...placed.values()].flatMap(keys => [...keys]));
        expect(positions.map(p => p.key).filter(key => !covered.has(key)), 'string positions of the grammar the corpus does not place').toEqual([]);
    });

    test('the map has no errors, so every output draws all of it', async () => {
        const { documents } = await loadFiles({ 'every-position.cjm': hostileMapText() });
        const errors = (documents['every-position.cjm'].diagnostics ?? []).filter(d => d.severity === 1);
        expect(errors.map(e => `${e.range.start.line + 1}: ${e.message}`)).toEqual([]);
    });

    test('each string is unique: no code is part of another, every payload has its slot', () => {
        const codes = hostileStrings().map(s => s.code);
        expect(new Set(codes).size).toBe(codes.length);
        expect(codes.filter(code => codes.some(other => other !== code && other.includes(code)))).toEqual([]);
        expect(PAYLOADS.filter(p => !p.text.includes('§')).map(p => p.name)).toEqual([]);
        for (const code of codes) {
            expect(code).toMatch(/^p\d+-[a-z]+(-[a-z]+)*$/);
        }
    });

    test('the surfaces name only occurrences of the corpus', () => {
        for (const [surface, occurrences] of Object.entries(SHOWN_ON)) {
            expect(occurrences.filter(o => !OCCURRENCES.includes(o)), surface).toEqual([]);
        }
    });
});
