import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import type { Diagnostic } from 'vscode-languageserver';
import { DiagnosticSeverity } from 'vscode-languageserver';
import { codes, diagnose, fixture } from '../test-workspace.js';

/**
 * One fixture per code under `test/fixtures/diagnostics/`: each line marked `// expect: <code>` must
 * carry that diagnostic, and the close cases beside it (unmarked) must not.
 */
const SEVERITY: Record<string, DiagnosticSeverity> = {
    'linking-error': DiagnosticSeverity.Error,
    'duplicate-name': DiagnosticSeverity.Error,
    'score-out-of-range': DiagnosticSeverity.Error,
    'metric-missing-input': DiagnosticSeverity.Error,
    'metric-invalid': DiagnosticSeverity.Error,
    'metric-inconsistent': DiagnosticSeverity.Error,
    'empty-stage': DiagnosticSeverity.Warning,
    'journey-without-persona': DiagnosticSeverity.Warning,
    'unexplained-gap': DiagnosticSeverity.Warning,
    'negative-without-pain': DiagnosticSeverity.Warning,
    'pain-without-evidence': DiagnosticSeverity.Warning,
    'unused-persona': DiagnosticSeverity.Warning,
    'persona-not-in-journey': DiagnosticSeverity.Warning,
    'missing-emotion': DiagnosticSeverity.Information,
    'unowned-pain': DiagnosticSeverity.Information,
    'journey-cycle': DiagnosticSeverity.Error,
    'invalid-date': DiagnosticSeverity.Error,
    'stale-evidence': DiagnosticSeverity.Information,
    'stale-map': DiagnosticSeverity.Information,
    'unused-insight': DiagnosticSeverity.Information
};

// The fixtures' dates are checked against a fixed today (spec §7.4).
beforeAll(() => {
    vi.stubEnv('CJM_TODAY', '2026-12-01');
});
afterAll(() => {
    vi.unstubAllEnvs();
});

/** The 1-based lines marked `// expect: <code>`. */
function markedLines(text: string, code: string): number[] {
    return text.split('\n').flatMap((line, i) => line.includes(`// expect: ${code}`) ? [i + 1] : []);
}

function linesOf(diagnostics: Diagnostic[]): number[] {
    return diagnostics.map(d => d.range.start.line + 1).sort((a, b) => a - b);
}

async function fixtureDiagnostics(code: string): Promise<{ text: string; diagnostics: Diagnostic[] }> {
    const text = fixture(`diagnostics/${code}.cjm`);
    const diagnostics = await diagnose(text, { 'library.cjm': fixture('diagnostics/library.cjm') });
    return { text, diagnostics };
}

describe('every diagnostic code fires on the marked lines only, with its severity', () => {
    for (const [code, severity] of Object.entries(SEVERITY)) {
        test(code, async () => {
            const { text, diagnostics } = await fixtureDiagnostics(code);
            const found = diagnostics.filter(d => d.code === code);
            const expected = markedLines(text, code);
            expect(expected.length).toBeGreaterThan(0);
            expect(linesOf(found)).toEqual(expected);
            expect(found.every(d => d.severity === severity)).toBe(true);
            // The fixtures contain no syntax errors: the close cases are valid CJM.
            expect(diagnostics.filter(d => d.code === 'parse-error')).toEqual([]);
        });
    }
});

describe('messages and ranges', () => {
    /** The text a diagnostic's range covers, in a one-file workspace. */
    async function covered(text: string, code: string): Promise<string[]> {
        const diagnostics = await diagnose(text, { 'library.cjm': fixture('diagnostics/library.cjm') });
        const lines = text.split('\n');
        return diagnostics.filter(d => d.code === code).map(d => {
            expect(d.range.start.line).toBe(d.range.end.line);
            return lines[d.range.start.line].slice(d.range.start.character, d.range.end.character);
        });
    }

    test('a linking error names the kind of element and how to declare it', async () => {
        const diagnostics = await diagnose('journey j { persona bob }');
        const [error] = diagnostics.filter(d => d.code === 'linking-error');
        expect(error.message).toBe('No persona named \'bob\' in the workspace. Declare it with `persona bob "…"` in any .cjm file, or correct the name.');
        expect(error.severity).toBe(DiagnosticSeverity.Error);
        // Langium's own marker stays in `data`, for clients that read it there.
        expect(error.data).toMatchObject({ code: 'linking-error', refText: 'bob' });
    });

    test('each kind of unresolved reference says what it is', async () => {
        const { diagnostics } = await fixtureDiagnostics('linking-error');
        const messages = diagnostics.filter(d => d.code === 'linking-error').map(d => d.message.split('.')[0]);
        expect(messages).toEqual([
            'No persona named \'bob\' in the workspace',
            'No channel named \'telepathy\'',
            'No emotion named \'elated\'',
            'No evidence source named \'gossip\'',
            'No team named \'legal\' in the workspace',
            'No insight named \'no-such-research\' in the workspace',
            'No journey named \'no-such-journey\' in the workspace',
            'No touchpoint named \'nowhere\' in journey \'links\''
        ]);
    });

    test('ranges cover the offending property: the name, the score, the metric field, the feels line', async () => {
        expect(await covered('persona a\npersona a', 'duplicate-name')).toEqual(['a', 'a']);
        expect(await covered('emotions { calm 7 }', 'score-out-of-range')).toEqual(['7']);
        expect(await covered('journey j { persona maya stage s { touchpoint t { feels -1.5 } } }', 'negative-without-pain')).toEqual(['feels -1.5']);
        expect(await covered('journey j { persona maya stage s { touchpoint t { feels neutral expected delighted } } }', 'unexplained-gap')).toEqual(['expected delighted']);
        expect(await covered('journey j { persona maya metric m { type churn start 10 lost 12 } }', 'metric-invalid')).toEqual(['lost 12']);
        expect(await covered('journey j { persona maya metric m { type churn start 10 lost 1 value 20% } }', 'metric-inconsistent')).toEqual(['value 20%']);
        expect(await covered('journey j { persona maya stage empty { } }', 'empty-stage')).toEqual(['empty']);
    });

    test('messages name the element and say how to fix it', async () => {
        const text = 'journey j { persona maya stage s { touchpoint pay { feels -2 expected 1 } } metric kept { type retention start 10 } }';
        const diagnostics = await diagnose(text, { 'library.cjm': fixture('diagnostics/library.cjm') });
        const message = (code: string) => diagnostics.find(d => d.code === code)?.message;
        expect(message('negative-without-pain')).toBe('Touchpoint \'pay\' feels -2 but records no pain. Add `pain "…" source …` to say what hurts.');
        expect(message('unexplained-gap')).toContain('Touchpoint \'pay\' is expected to feel +1 but feels -2');
        expect(message('metric-missing-input')).toContain('Metric \'kept\' of type retention needs `end`');
    });

    test('journey management: dates say what is wrong, stale items say since when, a cycle lists its journeys', async () => {
        const message = async (text: string, code: string) => (await diagnose(text, { 'library.cjm': fixture('diagnostics/library.cjm') }))
            .filter(d => d.code === code).map(d => d.message);
        expect(await message('insight i { date "2026-02-30" }', 'invalid-date')).toEqual(['`date`: "2026-02-30" is not a real date: February 2026 has 28 days.']);
        expect(await message('journey j { persona maya reviewed "soon" }', 'invalid-date')).toEqual(['`reviewed`: this is not a date. Write it as YYYY-MM-DD (2026-10-14) or YYYY-MM (2026-10).']);
        expect(await message('insight i { date "2026-1-5" }', 'invalid-date')).toEqual(['`date`: "2026-1-5" is not a date. Write it as YYYY-MM-DD (2026-10-14) or YYYY-MM (2026-10).']);
        expect(await message('insight i { date "2026-13" }', 'invalid-date')).toEqual(['`date`: "2026-13" has month 13; months run from 01 to 12.']);
        expect(await message('insight i "I" { source survey date "2025-06" }', 'stale-evidence'))
            .toEqual(['Insight \'i\' dates from 2025-06, more than 12 months before today (2026-12-01): its evidence may no longer hold. Repeat the research, or replace it with newer evidence.']);
        expect(await message('journey j { persona maya reviewed "2026-01-10" }', 'stale-map'))
            .toEqual(['Journey \'j\' was last reviewed on 2026-01-10, more than 6 months before today (2026-12-01). Check the map against reality and update `reviewed`.']);
        expect(await message('journey j { persona maya stage s { touchpoint t { feels happy opportunity "Fix" { due "2026-11-02" } } } }', 'stale-map'))
            .toEqual(['Opportunity "Fix" was due on 2026-11-02 and is not done (today is 2026-12-01). Set `status done`, or a new `due` date.']);
        expect(await message('journey j { persona maya stage s { subjourney j } }', 'journey-cycle'))
            .toEqual(['Journey \'j\' names itself as a subjourney. A subjourney details a part of a journey; name another journey, or remove this line.']);
        expect(await message('journey j { persona maya stage s { touchpoint t { pain "p" } } }', 'pain-without-evidence'))
            .toEqual(['Pain "p" has no evidence. Add `source <interviews|survey|reviews|…>`, `source "…"` or `evidence <insight>` after it.']);
    });

    test('today follows CJM_TODAY: the same map is fresh on one day and stale on another', async () => {
        const text = 'journey j { persona maya reviewed "2026-01-10" }';
        vi.stubEnv('CJM_TODAY', '2026-07-10');
        expect(codes(await diagnose(text, { 'library.cjm': fixture('diagnostics/library.cjm') }))).not.toContain('stale-map');
        vi.stubEnv('CJM_TODAY', '2026-07-11');
        expect(codes(await diagnose(text, { 'library.cjm': fixture('diagnostics/library.cjm') }))).toContain('stale-map');
        vi.stubEnv('CJM_TODAY', '2026-12-01');
    });

    test('a duplicate names where the other declaration is', async () => {
        const diagnostics = await diagnose('persona lena', { 'people.cjm': 'persona x\n\npersona lena' });
        expect(diagnostics.find(d => d.code === 'duplicate-name')?.message)
            .toBe('Duplicate persona \'lena\': also declared in people.cjm on line 3. Names of personas must be unique across the workspace; rename or remove one.');
    });

    /** The messages of the duplicate-name diagnostics. */
    const duplicateMessages = (diagnostics: Diagnostic[]) => diagnostics.filter(d => d.code === 'duplicate-name')
        .map(d => typeof d.message === 'string' ? d.message : d.message.value);

    test('a duplicate lists a few other places, each once, then how many more', async () => {
        const diagnostics = await diagnose('persona a persona a\npersona a\npersona a\npersona a\npersona a\n', { 'people.cjm': 'persona a' });
        expect(duplicateMessages(diagnostics).map(message => message.replace(/\. Names of personas.*/, ''))).toEqual([
            "Duplicate persona 'a': also declared on line 1 of this file, on line 2 of this file, on line 3 of this file and 3 more",
            "Duplicate persona 'a': also declared on line 1 of this file, on line 2 of this file, on line 3 of this file and 3 more",
            "Duplicate persona 'a': also declared on line 1 of this file (2 times), on line 3 of this file, on line 4 of this file and 2 more",
            "Duplicate persona 'a': also declared on line 1 of this file (2 times), on line 2 of this file, on line 4 of this file and 2 more",
            "Duplicate persona 'a': also declared on line 1 of this file (2 times), on line 2 of this file, on line 3 of this file and 2 more",
            "Duplicate persona 'a': also declared on line 1 of this file (2 times), on line 2 of this file, on line 3 of this file and 2 more"
        ]);
        const [oneLine] = duplicateMessages(await diagnose('persona b '.repeat(500)));
        expect(oneLine).toMatch(/^Duplicate persona 'b': also declared on line 1 of this file \(499 times\)\. /);
    });

    test('duplicate stages and touchpoints list a few other lines, then how many more', async () => {
        const text = `journey j {\n${'  stage s { touchpoint t { feels happy } }\n'.repeat(6)}}`;
        const messages = duplicateMessages(await diagnose(text));
        expect(messages).toHaveLength(12);
        const stages = messages.filter(message => message.startsWith('Duplicate stage'));
        expect(stages[0]).toBe("Duplicate stage 's' in journey 'j': also declared on line 3, line 4, line 5 and 2 more. Rename one of them.");
        expect(stages[2]).toBe("Duplicate stage 's' in journey 'j': also declared on line 2, line 3, line 5 and 2 more. Rename one of them.");
        expect(messages.find(message => message.startsWith('Duplicate touchpoint'))).toContain('also declared on line 3, line 4, line 5 and 2 more.');
    });

    test('4,000 stages of one name: one short message each, not a list of every other line', async () => {
        const text = `journey j {\n${'  stage s { touchpoint t { feels happy } }\n'.repeat(4_000)}}`;
        const messages = duplicateMessages(await diagnose(text));
        expect(messages).toHaveLength(8_000);
        // Listing every other line took 3 s here and 345 MB of messages (quadratic in the count); the
        // length of each message is what made it so, and what this checks (time is the benchmark's).
        expect(Math.max(...messages.map(message => message.length))).toBeLessThan(200);
        expect(messages.reduce((total, message) => total + message.length, 0)).toBeLessThan(8_000 * 200);
    });
});

describe('syntax errors say what was expected, in plain words', () => {
    async function syntaxErrors(text: string): Promise<Array<{ message: string; line: number; character: number }>> {
        const diagnostics = await diagnose(text);
        const errors = diagnostics.filter(d => d.code === 'parse-error');
        expect(errors.every(d => d.severity === DiagnosticSeverity.Error)).toBe(true);
        return errors.map(d => ({ message: d.message, line: d.range.start.line, character: d.range.start.character }));
    }

    test('a missing name', async () => {
        expect(await syntaxErrors('persona { }')).toEqual([{ message: 'Expected a name after \'persona\', found \'{\'.', line: 0, character: 8 }]);
    });

    test('a missing emotion', async () => {
        const [error] = await syntaxErrors('journey j {\n  stage s {\n    touchpoint t {\n      feels\n    }\n  }\n}');
        expect(error).toEqual({ message: 'Expected an emotion name or a score from -2 to +2 after \'feels\', found \'}\'.', line: 4, character: 4 });
    });

    test('a missing persona after `feels … for`', async () => {
        const [error] = await syntaxErrors('journey j {\n  stage s {\n    touchpoint t {\n      feels happy for\n    }\n  }\n}');
        expect(error).toEqual({ message: 'Expected a persona name after \'for\', found \'}\'.', line: 4, character: 4 });
    });

    test('`for` after `expected` is not allowed: only `feels` is per persona', async () => {
        const [error] = await syntaxErrors('journey j { stage s { touchpoint t { expected happy for maya } } }');
        expect(error.message).toContain('\'for\' is not allowed in a touchpoint');
    });

    test('an unknown property lists what the block holds', async () => {
        const [error] = await syntaxErrors('journey j { stage s { touchpoint t { colour "red" } } }');
        expect(error.message).toBe('\'colour\' is not allowed in a touchpoint. A touchpoint holds channel, persona, does, thinks, wants, obstacle, asks, feels, expected, gap, observed, pain, opportunity, frontstage, backstage, artifact, owner, support, tool, unknown, moment-of-truth, metric, evidence and subjourney; close it with \'}\'.');
    });

    test('a missing closing brace', async () => {
        const errors = await syntaxErrors('journey j {\n  stage s {');
        expect(errors.at(-1)).toEqual({ message: 'Expected \'}\' to close the stage, found the end of the file.', line: 1, character: 11 });
    });

    test('a wrong metric type lists the types', async () => {
        const [error] = await syntaxErrors('journey j { metric m { type speed } }');
        expect(error.message).toBe('Expected one of \'retention\', \'churn\', \'nps\', \'csat\', \'ces\', \'conversion\' or \'custom\' after \'type\', found \'speed\'.');
    });

    test('text outside any element', async () => {
        const [error] = await syntaxErrors('journy j { }');
        expect(error.message).toBe('Unexpected \'journy\' at the top level of the file. Expected \'persona\', \'channel\', \'team\', \'source\', \'emotions\', \'insight\' or \'journey\'.');
    });

    test('an unclosed string', async () => {
        const [error] = await syntaxErrors('persona maya "Maya\nteam t');
        expect(error.message).toContain('a quoted text must end with \'"\' on the same line');
        expect(error.line).toBe(0);
    });

    test('no message lists token sequences', async () => {
        for (const text of ['persona', 'journey j { stage }', 'journey j { scenario s { path a } }', 'emotions { a }', 'journey j { metric m { value } }']) {
            for (const error of await syntaxErrors(text)) {
                expect(error.message).not.toMatch(/Token sequences|\[ID\]|token of type/);
            }
        }
    });
});

describe('advice waits while an element is half typed', () => {
    test('a stage broken by a syntax error gets no empty-stage; an intact empty stage beside it does', async () => {
        const text = [
            'persona p "P"',
            'journey j {',
            '  persona p',
            '  stage ok "Intact" { }',
            '  stage broken "Broken {',
            '  }',
            '}'
        ].join('\n');
        const diagnostics = await diagnose(text);
        expect(diagnostics.some(d => d.code === 'parse-error')).toBe(true);
        const emptyStages = diagnostics.filter(d => d.code === 'empty-stage').map(d => d.range.start.line);
        expect(emptyStages).toEqual([3]);
    });

    test('errors inside a broken element are still reported', async () => {
        const diagnostics = await diagnose('journey j {\n  stage s "S" {\n    touchpoint t "T" {\n      channel nowhere\n      feels 7\n      does "x\n    }\n  }\n}');
        const codes = diagnostics.map(d => d.code);
        expect(codes).toContain('parse-error');
        expect(codes).toContain('linking-error');
        expect(codes).toContain('score-out-of-range');
    });
});
