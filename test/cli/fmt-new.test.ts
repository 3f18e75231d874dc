import { chmodSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { cjm, expectGolden, REPO, tempCopy, writeFiles } from './cli-harness.js';

const MESSY = ['comments.cjm', 'extra-blank-lines.cjm', 'one-line.cjm', 'random-indentation.cjm'];

describe('cjm fmt', () => {
    test('--check lists the unformatted files, exits 1 and writes nothing', async () => {
        const dir = tempCopy('test/fixtures/formatting') + '/formatting';
        const result = await cjm(['fmt', '--check', ...MESSY], dir);
        expect(result.code).toBe(1);
        expect(result.stdout).toBe(MESSY.map(file => `${file}\n`).join(''));
        expect(result.stderr).toBe('4 of 4 files are not formatted; run cjm fmt to fix.\n');
        for (const file of MESSY) {
            expect(readFileSync(join(dir, file), 'utf8')).toBe(readFileSync(join(REPO, 'test/fixtures/formatting', file), 'utf8'));
        }
    });

    test('rewrites files into the layout of the formatter fixtures, then --check passes', async () => {
        const dir = tempCopy('test/fixtures/formatting') + '/formatting';
        const result = await cjm(['fmt', ...MESSY], dir);
        expect(result).toMatchObject({ code: 0, stdout: MESSY.map(file => `formatted ${file}\n`).join('') });
        for (const file of MESSY) {
            expect(readFileSync(join(dir, file), 'utf8'), file).toBe(readFileSync(join(REPO, 'test/fixtures/formatting/expected', file), 'utf8'));
        }
        expect(await cjm(['fmt', '--check', ...MESSY], dir)).toMatchObject({ code: 0, stdout: '' });
        expect(readdirSync(dir).filter(name => name.endsWith('.tmp'))).toEqual([]);
    });

    test('--check counts in words: "1 of 2 files is not formatted"', async () => {
        const dir = tempCopy('test/fixtures/formatting') + '/formatting';
        const result = await cjm(['fmt', '--check', 'one-line.cjm', 'expected/one-line.cjm'], dir);
        expect(result).toMatchObject({ code: 1, stdout: 'one-line.cjm\n', stderr: '1 of 2 files is not formatted; run cjm fmt to fix.\n' });
    });

    test('a symbolic link is written through: the link stays, its target is formatted', async () => {
        const dir = tempCopy('test/fixtures/formatting');
        symlinkSync('formatting/one-line.cjm', join(dir, 'link.cjm'));
        const result = await cjm(['fmt', 'link.cjm'], dir);
        expect(result).toMatchObject({ code: 0, stdout: 'formatted link.cjm\n' });
        expect(lstatSync(join(dir, 'link.cjm')).isSymbolicLink()).toBe(true);
        expect(readlinkSync(join(dir, 'link.cjm'))).toBe('formatting/one-line.cjm');
        expect(readFileSync(join(dir, 'formatting/one-line.cjm'), 'utf8')).toBe(readFileSync(join(REPO, 'test/fixtures/formatting/expected/one-line.cjm'), 'utf8'));
        expect(readdirSync(join(dir, 'formatting')).filter(name => name.endsWith('.tmp'))).toEqual([]);
    });

    test('a formatted file keeps its mode (640, 755)', async () => {
        const dir = tempCopy('test/fixtures/formatting') + '/formatting';
        chmodSync(join(dir, 'one-line.cjm'), 0o640);
        chmodSync(join(dir, 'comments.cjm'), 0o755);
        expect((await cjm(['fmt', 'one-line.cjm', 'comments.cjm'], dir)).code).toBe(0);
        expect(statSync(join(dir, 'one-line.cjm')).mode & 0o777).toBe(0o640);
        expect(statSync(join(dir, 'comments.cjm')).mode & 0o777).toBe(0o755);
        expect(readFileSync(join(dir, 'comments.cjm'), 'utf8')).toBe(readFileSync(join(REPO, 'test/fixtures/formatting/expected/comments.cjm'), 'utf8'));
    });

    test('a UTF-8 byte order mark is kept', async () => {
        const dir = tempCopy('test/fixtures/formatting') + '/formatting';
        const text = readFileSync(join(dir, 'one-line.cjm'), 'utf8');
        writeFiles(dir, { 'bom.cjm': `\uFEFF${text}` });
        expect(await cjm(['fmt', 'bom.cjm'], dir)).toMatchObject({ code: 0, stdout: 'formatted bom.cjm\n' });
        const bytes = readFileSync(join(dir, 'bom.cjm'));
        expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
        expect(bytes.subarray(3).toString('utf8')).toBe(readFileSync(join(REPO, 'test/fixtures/formatting/expected/one-line.cjm'), 'utf8'));
        expect(await cjm(['fmt', '--check', 'bom.cjm'], dir)).toMatchObject({ code: 0, stdout: '' });
    });

    test('the spec example is already formatted', async () => {
        expect(await cjm(['fmt', '--check'], tempCopy('test/fixtures/spec') + '/spec')).toMatchObject({ code: 0, stdout: '' });
    });

    test('a file with a syntax error is left alone and named, exit 2', async () => {
        const dir = tempCopy('test/fixtures/spec') + '/spec';
        writeFiles(dir, { 'broken.cjm': 'journey x {\n stage\n' });
        const result = await cjm(['fmt', 'broken.cjm'], dir);
        expect(result.code).toBe(2);
        expect(result.stderr).toMatch(/^cjm: not formatted, syntax error at broken\.cjm:2:7 /);
        expect(readFileSync(join(dir, 'broken.cjm'), 'utf8')).toBe('journey x {\n stage\n');
    });
});

describe('cjm new', () => {
    test.each(['five-stage', 'funnel', 'service'])('--template %s writes a map and a persona library that check clean (golden)', async template => {
        const dir = tempCopy();
        mkdirSync(join(dir, 'maps'));
        const created = await cjm(['new', 'Trial signup', '--template', template, '--dir', 'maps'], dir);
        expect(created).toMatchObject({ code: 0, stdout: 'created maps/trial-signup.cjm\ncreated maps/personas.cjm\n' });
        const map = readFileSync(join(dir, 'maps/trial-signup.cjm'), 'utf8');
        expectGolden(`new-${template}.cjm`, map);
        const check = await cjm(['check', '--format', 'json', 'maps'], dir);
        expect(check.code).toBe(0);
        const codes = new Set((JSON.parse(check.stdout) as Array<{ code: string }>).map(d => d.code));
        // The only advisory left is the empty emotion curve: feels are for the team to fill in.
        expect([...codes]).toEqual(['missing-emotion']);
    });

    test('--template service starts a service blueprint: every touchpoint has its lines, and the map draws one', async () => {
        const dir = tempCopy();
        await cjm(['new', 'Repair', '--template', 'service'], dir);
        const text = readFileSync(join(dir, 'repair.cjm'), 'utf8');
        for (const keyword of ['artifact', 'frontstage', 'backstage', 'tool']) {
            expect(text.match(new RegExp(`^ {6}${keyword} "`, 'gm')), keyword).toHaveLength(3);
        }
        const blueprint = await cjm(['render', 'repair.cjm', '-f', 'mermaid', '--diagram', 'blueprint'], dir);
        expect(blueprint.code, blueprint.stderr).toBe(0);
        expect(blueprint.stdout).toContain('c0003_front["Who answers the customer"]');
    });

    test('the stage sets follow the spec', async () => {
        const dir = tempCopy('test/fixtures/spec') + '/spec';
        for (const [template, stages] of Object.entries({
            'five-stage': 'awareness consideration acquisition service loyalty',
            funnel: 'awareness research purchase unboxing use share',
            service: 'pre-purchase purchase post-purchase'
        })) {
            await cjm(['new', template, '--template', template], dir);
            const text = readFileSync(join(dir, `${template}.cjm`), 'utf8');
            expect([...text.matchAll(/^ {2}stage (\S+)/gm)].map(m => m[1]).join(' ')).toBe(stages);
        }
    });

    test('slugs keep digits and letters: "2fa setup" → _2fa-setup, Straße → strasse, stage → stage-journey', async () => {
        const dir = tempCopy();
        for (const [name, file, id] of [['2fa setup', '_2fa-setup.cjm', '_2fa-setup'], ['Straße', 'strasse.cjm', 'strasse'], ['stage', 'stage.cjm', 'stage-journey']]) {
            expect(await cjm(['new', name], dir), name).toMatchObject({ code: 0 });
            expect(readFileSync(join(dir, file), 'utf8')).toContain(`\njourney ${id} "`);
        }
        const check = await cjm(['check', '--format', 'json'], dir);
        expect(check.code, check.stdout).toBe(0);
        expect((JSON.parse(check.stdout) as Array<{ code: string }>).filter(d => d.code !== 'missing-emotion')).toEqual([]);
    });

    test('a personas.cjm that declares no persona: the map declares the example persona, and links', async () => {
        const dir = tempCopy();
        writeFiles(dir, { 'personas.cjm': 'team support "Customer Support"\n' });
        expect(await cjm(['new', 'returns'], dir)).toMatchObject({ code: 0, stdout: 'created returns.cjm\n' });
        const map = readFileSync(join(dir, 'returns.cjm'), 'utf8');
        expect(map).toContain('persona customer "Example customer" {');
        expect(map).toContain('  persona customer\n');
        const check = await cjm(['check', '--format', 'json'], dir);
        expect(check.code, check.stdout).toBe(0);
        expect((JSON.parse(check.stdout) as Array<{ code: string }>).filter(d => d.code !== 'missing-emotion')).toEqual([]);
    });

    test('an existing persona library is kept and its first persona is used', async () => {
        const dir = tempCopy('test/fixtures/spec') + '/spec';
        const library = readFileSync(join(dir, 'personas.cjm'), 'utf8');
        const result = await cjm(['new', 'returns'], dir);
        expect(result.stdout).toBe('created returns.cjm\n');
        expect(readFileSync(join(dir, 'personas.cjm'), 'utf8')).toBe(library);
        expect(readFileSync(join(dir, 'returns.cjm'), 'utf8')).toContain('  persona maya\n');
        const check = await cjm(['check', '--format', 'json', 'returns.cjm'], dir);
        expect(check.code).toBe(0);
        expect((JSON.parse(check.stdout) as Array<{ severity: string }>).every(d => d.severity === 'information')).toBe(true);
    });
});
