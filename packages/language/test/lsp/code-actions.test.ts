import fc from 'fast-check';
import type { LangiumDocument } from 'langium';
import { AstUtils, TextDocument } from 'langium';
import { describe, expect, test, vi } from 'vitest';
import type { CodeAction, Diagnostic, Range } from 'vscode-languageserver';
import { CodeActionKind } from 'vscode-languageserver';
import type { CjmCodeActionProvider } from '../../src/lsp/cjm-code-action-provider.js';
import type { CjmWorkspace } from '../../src/workspace/in-memory-workspace.js';
import { isEmotion, isFeeling, isPain } from '../../src/generated/ast.js';
import { fixture, loadFiles } from '../test-workspace.js';

const uri = (name: string) => `file:///ws/${name}`;

function isLinkingError(diagnostic: Diagnostic): boolean {
    return diagnostic.code === 'linking-error' || (diagnostic.data as { code?: string } | undefined)?.code === 'linking-error';
}

function linkingErrors(workspace: CjmWorkspace, name: string): Diagnostic[] {
    return workspace.diagnostics(uri(name)).filter(isLinkingError);
}

async function quickFixes(workspace: CjmWorkspace, name: string, diagnostic: Diagnostic): Promise<CodeAction[]> {
    const document = workspace.document(uri(name))!;
    const actions = await workspace.services.lsp.CodeActionProvider!.getCodeActions(document, {
        textDocument: { uri: uri(name) },
        range: diagnostic.range,
        // The fixes of the diagnostic, as a lightbulb asks for them (a refactoring of the line is no fix).
        context: { diagnostics: [diagnostic], only: [CodeActionKind.QuickFix] }
    });
    return (actions ?? []) as CodeAction[];
}

/**
 * Applies a quick fix's workspace edit and loads the resulting files into a fresh workspace, as an
 * editor would after saving them; returns that workspace and the new texts.
 */
async function apply(workspace: CjmWorkspace, action: CodeAction): Promise<{ fixed: CjmWorkspace; texts: Record<string, string> }> {
    const changes = action.edit?.changes ?? {};
    const texts: Record<string, string> = {};
    for (const document of workspace.services.shared.workspace.LangiumDocuments.all) {
        const key = document.uri.toString();
        if (key.startsWith('file:///ws/')) {
            texts[key.replace('file:///ws/', '')] = TextDocument.applyEdits(document.textDocument, changes[key] ?? []);
        }
    }
    expect(Object.keys(changes).every(key => key.replace('file:///ws/', '') in texts)).toBe(true);
    return { fixed: (await loadFiles(texts)).workspace, texts };
}

/** The range of the first occurrence of `needle` in `text`. */
function rangeOf(text: string, needle: string): Range {
    const document = TextDocument.create('file:///x.cjm', 'cjm', 0, text);
    const offset = text.indexOf(needle);
    expect(offset).toBeGreaterThanOrEqual(0);
    return { start: document.positionAt(offset), end: document.positionAt(offset + needle.length) };
}

const CHECKOUT = fixture('spec/checkout.cjm');
const PERSONAS = fixture('spec/personas.cjm');

describe('quick fixes for linking-error', () => {
    test('a missing persona is declared in the persona library, and the error goes away', async () => {
        const { workspace } = await loadFiles({ 'personas.cjm': PERSONAS, 'checkout.cjm': CHECKOUT.replace('persona maya\n', 'persona lena\n') });
        const [error] = linkingErrors(workspace, 'checkout.cjm');
        const [fix] = await quickFixes(workspace, 'checkout.cjm', error);
        expect(fix).toMatchObject({ title: "Declare persona 'lena' in personas.cjm", kind: CodeActionKind.QuickFix, diagnostics: [error] });
        expect(Object.keys(fix.edit!.changes!)).toEqual([uri('personas.cjm')]);
        const { fixed, texts } = await apply(workspace, fix);
        expect(texts['personas.cjm']).toContain('  validated "Focus group, October 2026"\n}\npersona lena "Lena"\n\nchannel app');
        expect(linkingErrors(fixed, 'checkout.cjm')).toEqual([]);
    });

    test('a missing team goes after the library\'s last team', async () => {
        const { workspace } = await loadFiles({ 'personas.cjm': PERSONAS, 'checkout.cjm': CHECKOUT.replace('owner support\n', 'owner billing\n') });
        const [error] = linkingErrors(workspace, 'checkout.cjm');
        const { fixed, texts } = await apply(workspace, (await quickFixes(workspace, 'checkout.cjm', error))[0]);
        expect(texts['personas.cjm']).toContain('team product "Product"\nteam billing "Billing"');
        expect(linkingErrors(fixed, 'checkout.cjm')).toEqual([]);
    });

    test('a missing channel goes after the library\'s last channel, leaving its trailing comment on its line', async () => {
        const { workspace } = await loadFiles({ 'personas.cjm': PERSONAS, 'checkout.cjm': CHECKOUT.replace('channel chat\n', 'channel in-store-kiosk\n') });
        const [error] = linkingErrors(workspace, 'checkout.cjm');
        const { fixed, texts } = await apply(workspace, (await quickFixes(workspace, 'checkout.cjm', error))[0]);
        expect(texts['personas.cjm']).toContain('channel app "Mobile app"          // adds to the built-in channels\nchannel in-store-kiosk "In store kiosk"\n');
        expect(linkingErrors(fixed, 'checkout.cjm')).toEqual([]);
    });

    test('without a persona library, the declaration goes at the end of the current file', async () => {
        const text = 'journey j {\n  stage s {\n    touchpoint t {\n      channel kiosk\n    }\n  }\n}';
        const { workspace } = await loadFiles({ 'main.cjm': text });
        const [error] = linkingErrors(workspace, 'main.cjm');
        const [fix] = await quickFixes(workspace, 'main.cjm', error);
        expect(fix.title).toBe("Declare channel 'kiosk' in this file");
        const { fixed, texts } = await apply(workspace, fix);
        expect(texts['main.cjm']).toBe(text + '\n\nchannel kiosk "Kiosk"\n');
        expect(linkingErrors(fixed, 'main.cjm')).toEqual([]);
    });

    test('a missing emotion is added to the file\'s emotions block with score 0', async () => {
        const { workspace } = await loadFiles({ 'personas.cjm': PERSONAS, 'checkout.cjm': CHECKOUT.replace('feels delighted', 'feels elated') });
        const [error] = linkingErrors(workspace, 'checkout.cjm');
        const [fix] = await quickFixes(workspace, 'checkout.cjm', error);
        expect(fix.title).toBe("Declare emotion 'elated' with score 0");
        const { fixed, texts } = await apply(workspace, fix);
        expect(texts['checkout.cjm']).toContain('emotions {\n  overwhelmed -2                  // adds to (or overrides) the built-in scale\n  elated 0\n}');
        expect(linkingErrors(fixed, 'checkout.cjm')).toEqual([]);
        const feelings = AstUtils.streamAllContents(fixed.document(uri('checkout.cjm'))!.parseResult.value).filter(isFeeling);
        expect(feelings.flatMap(f => f.emotions).find(e => e.$refText === 'elated')?.ref?.score).toBe(0);
    });

    test('a missing emotion in a file without an emotions block gets a new block', async () => {
        const text = 'journey j {\n  stage s {\n    touchpoint t {\n      feels elated\n    }\n  }\n}\n';
        const { workspace } = await loadFiles({ 'main.cjm': text });
        const { fixed, texts } = await apply(workspace, (await quickFixes(workspace, 'main.cjm', linkingErrors(workspace, 'main.cjm')[0]))[0]);
        expect(texts['main.cjm']).toBe(text + '\nemotions {\n  elated 0\n}\n');
        expect(linkingErrors(fixed, 'main.cjm')).toEqual([]);
    });

    test('a missing emotion goes into the file\'s emotions block while that block is still unclosed', async () => {
        const text = 'journey j { stage s { touchpoint t { feels furious } } }\nemotions {';
        const { workspace } = await loadFiles({ 'main.cjm': text });
        const [error] = linkingErrors(workspace, 'main.cjm');
        const [change, fix] = await quickFixes(workspace, 'main.cjm', error);
        expect(change.title).toBe("Change to 'curious'");
        expect(fix.title).toBe("Declare emotion 'furious' with score 0");
        const { fixed, texts } = await apply(workspace, fix);
        expect(texts['main.cjm']).toBe(text + '\n  furious 0');
        expect(linkingErrors(fixed, 'main.cjm')).toEqual([]);
    });

    test('a missing evidence source is declared', async () => {
        const { workspace } = await loadFiles({ 'personas.cjm': PERSONAS, 'checkout.cjm': CHECKOUT.replace('source survey', 'source hotjar') });
        const [error] = linkingErrors(workspace, 'checkout.cjm');
        const [fix] = await quickFixes(workspace, 'checkout.cjm', error);
        const { fixed, texts } = await apply(workspace, fix);
        expect(Object.values(texts).join('\n')).toContain('source hotjar "Hotjar"');
        expect(linkingErrors(fixed, 'checkout.cjm')).toEqual([]);
    });

    test('an unknown touchpoint in a scenario path offers no declaration', async () => {
        const { workspace } = await loadFiles({ 'personas.cjm': PERSONAS, 'checkout.cjm': CHECKOUT.replace('path ad -> pay', 'path ad -> nowhere') });
        const [error] = linkingErrors(workspace, 'checkout.cjm');
        expect(error).toBeDefined();
        expect(await quickFixes(workspace, 'checkout.cjm', error)).toEqual([]);
    });
});

describe('"did you mean" quick fixes for linking-error', () => {
    async function titles(files: Record<string, string>, name = 'checkout.cjm'): Promise<Array<[string, boolean | undefined]>> {
        const { workspace } = await loadFiles(files);
        const [error] = linkingErrors(workspace, name);
        return (await quickFixes(workspace, name, error)).map(fix => [fix.title, fix.isPreferred]);
    }

    test('`persona mayya` offers "Change to \'maya\'" first and preferred, then the declaration; the change links', async () => {
        const files = { 'personas.cjm': PERSONAS, 'checkout.cjm': CHECKOUT.replace('persona maya\n', 'persona mayya\n') };
        expect(await titles(files)).toEqual([["Change to 'maya'", true], ["Declare persona 'mayya' in personas.cjm", undefined]]);
        const { workspace } = await loadFiles(files);
        const [fix] = await quickFixes(workspace, 'checkout.cjm', linkingErrors(workspace, 'checkout.cjm')[0]);
        const { fixed, texts } = await apply(workspace, fix);
        expect(texts['checkout.cjm']).toBe(CHECKOUT);
        expect(linkingErrors(fixed, 'checkout.cjm')).toEqual([]);
    });

    test('names of the right kind only, ignoring case: a team for `owner`, never a persona or channel of that name', async () => {
        const files = { 'personas.cjm': PERSONAS + '\npersona marketer "Marketer"\nchannel marketing-mail "Mail"\n', 'checkout.cjm': CHECKOUT.replace('owner support\n', 'owner MARKETNG\n') };
        expect((await titles(files)).map(([title]) => title)).toEqual(["Change to 'marketing'", "Declare team 'MARKETNG' in personas.cjm"]);
    });

    test('at most three suggestions, nearest first, ties alphabetical', async () => {
        const teams = ['ops', 'opz', 'oops', 'ox', 'op', 'xyz'].map(name => `team ${name}`).join('\n');
        const text = `${teams}\njourney j { stage s { touchpoint t { feels happy owner opx } } }\n`;
        expect((await titles({ 'main.cjm': text }, 'main.cjm')).map(([title]) => title)).toEqual(["Change to 'op'", "Change to 'ops'", "Change to 'opz'", "Declare team 'opx' in this file"]);
    });

    test('built-in emotions and the journey\'s own touchpoints are in scope', async () => {
        expect((await titles({ 'personas.cjm': PERSONAS, 'checkout.cjm': CHECKOUT.replace('feels delighted', 'feels deligted') }))[0]).toEqual(["Change to 'delighted'", true]);
        expect(await titles({ 'personas.cjm': PERSONAS, 'checkout.cjm': CHECKOUT.replace('path ad -> pay', 'path ad -> py') })).toEqual([["Change to 'pay'", true]]);
    });

    test('a name nothing resembles gets no suggestion', async () => {
        expect((await titles({ 'personas.cjm': PERSONAS, 'checkout.cjm': CHECKOUT.replace('persona maya\n', 'persona zebedee\n') })).map(([title]) => title))
            .toEqual(["Declare persona 'zebedee' in personas.cjm"]);
    });
});

describe('quick fixes for pain-without-evidence', () => {
    const text = 'journey j {\n  stage s {\n    touchpoint t {\n      pain "Slow" severity high\n    }\n  }\n}\n';

    test('offers one fix per evidence source, built-ins first and the first preferred', async () => {
        const { workspace } = await loadFiles({ 'main.cjm': text });
        const diagnostic: Diagnostic = { code: 'pain-without-evidence', severity: 2, message: 'no source', range: rangeOf(text, 'pain "Slow" severity high') };
        const fixes = await quickFixes(workspace, 'main.cjm', diagnostic);
        expect(fixes.map(f => f.title)).toEqual(['interviews', 'survey', 'reviews', 'analytics', 'support-tickets', 'observation', 'focus-group', 'social-listening', 'sales', 'usability-test'].map(s => `Add evidence: source ${s}`));
        expect(fixes.map(f => f.isPreferred)).toEqual([true, ...Array(9).fill(false)]);
        const { fixed, texts } = await apply(workspace, fixes[1]);
        expect(texts['main.cjm']).toContain('pain "Slow" source survey severity high\n');
        const pain = AstUtils.streamAllContents(fixed.document(uri('main.cjm'))!.parseResult.value).find(isPain);
        expect(pain?.source?.ref?.ref?.name).toBe('survey');
        expect(fixed.diagnostics(uri('main.cjm')).filter(d => d.severity === 1)).toEqual([]);
    });

    test('a pain that has a source gets no fix', async () => {
        const withSource = text.replace('severity', 'source sales severity');
        const { workspace } = await loadFiles({ 'main.cjm': withSource });
        const diagnostic: Diagnostic = { code: 'pain-without-evidence', message: '', range: rangeOf(withSource, 'pain') };
        expect(await quickFixes(workspace, 'main.cjm', diagnostic)).toEqual([]);
    });

    test('with real validation: the warning is reported, and the preferred fix removes it', async () => {
        const { workspace } = await loadFiles({ 'main.cjm': text });
        const diagnostic = workspace.diagnostics(uri('main.cjm')).find(d => d.code === 'pain-without-evidence');
        expect(diagnostic).toBeDefined();
        const fix = (await quickFixes(workspace, 'main.cjm', diagnostic!)).find(f => f.isPreferred)!;
        const { fixed } = await apply(workspace, fix);
        expect(fixed.diagnostics(uri('main.cjm')).map(d => d.code)).not.toContain('pain-without-evidence');
    });
});

describe('quick fixes for score-out-of-range', () => {
    const text = 'emotions {\n  thrilled 5\n}\n\njourney j {\n  stage s {\n    touchpoint t {\n      feels -3.5\n    }\n  }\n}\n';

    test('an emotion declared above +2 is clamped to +2', async () => {
        const { workspace } = await loadFiles({ 'main.cjm': text });
        const diagnostic: Diagnostic = { code: 'score-out-of-range', message: '', range: rangeOf(text, 'thrilled 5') };
        const [fix] = await quickFixes(workspace, 'main.cjm', diagnostic);
        expect(fix).toMatchObject({ title: 'Clamp the score to +2', isPreferred: true });
        const { fixed } = await apply(workspace, fix);
        const emotion = AstUtils.streamAllContents(fixed.document(uri('main.cjm'))!.parseResult.value).find(isEmotion);
        expect(emotion?.score).toBe(2);
    });

    test('a feels score below -2 is clamped to -2, found from a diagnostic on the number alone', async () => {
        const { workspace } = await loadFiles({ 'main.cjm': text });
        const diagnostic: Diagnostic = { code: 'score-out-of-range', message: '', range: rangeOf(text, '-3.5') };
        const [fix] = await quickFixes(workspace, 'main.cjm', diagnostic);
        const { fixed, texts } = await apply(workspace, fix);
        expect(texts['main.cjm']).toContain('      feels -2\n');
    });

    test('a score in range gets no fix', async () => {
        const { workspace } = await loadFiles({ 'main.cjm': text });
        expect(await quickFixes(workspace, 'main.cjm', { code: 'score-out-of-range', message: '', range: rangeOf(text, 'emotions') })).toEqual([]);
    });

    test('with real validation: both scores are reported, and the fixes remove the errors', async () => {
        const { workspace } = await loadFiles({ 'main.cjm': text });
        const diagnostics = workspace.diagnostics(uri('main.cjm')).filter(d => d.code === 'score-out-of-range');
        expect(diagnostics).toHaveLength(2);
        const [fix] = await quickFixes(workspace, 'main.cjm', diagnostics[0]);
        const { fixed } = await apply(workspace, fix);
        const [next] = fixed.diagnostics(uri('main.cjm')).filter(d => d.code === 'score-out-of-range');
        const { fixed: both } = await apply(fixed, (await quickFixes(fixed, 'main.cjm', next))[0]);
        expect(both.diagnostics(uri('main.cjm')).map(d => d.code)).not.toContain('score-out-of-range');
    });
});

describe('quick fixes on broken input', () => {
    test('a fix that throws is logged and left out; the other diagnostics still get theirs', async () => {
        const text = 'emotions {\n  thrilled 5\n}\njourney j { stage s { touchpoint t { channel kiosk } } }\n';
        const { workspace } = await loadFiles({ 'main.cjm': text });
        const provider = workspace.services.lsp.CodeActionProvider as CjmCodeActionProvider;
        const failing = Object.assign(Object.create(provider) as CjmCodeActionProvider, {
            fixes(document: LangiumDocument, diagnostic: Diagnostic) {
                if (diagnostic.code === 'score-out-of-range') {
                    throw new TypeError('a builder that did not foresee this text');
                }
                return provider['fixes'](document, diagnostic);
            }
        });
        const diagnostics = [
            { code: 'score-out-of-range', message: '', range: rangeOf(text, 'thrilled 5') },
            linkingErrors(workspace, 'main.cjm')[0]
        ];
        const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
        try {
            const document = workspace.document(uri('main.cjm'))!;
            const actions = await failing.getCodeActions(document, { textDocument: { uri: uri('main.cjm') }, range: diagnostics[0].range, context: { diagnostics } });
            expect((actions ?? []).map(action => action.title)).toEqual(["Declare channel 'kiosk' in this file"]);
            expect(logged).toHaveBeenCalledWith('A quick fix for score-out-of-range failed:', expect.any(TypeError));
        } finally {
            logged.mockRestore();
        }
    });

    test('every diagnostic of mutated maps gets its fixes without an error', async () => {
        const spec = PERSONAS + CHECKOUT;
        const { workspace } = await loadFiles({});
        const edit = fc.record({
            at: fc.integer({ min: 0, max: spec.length }),
            remove: fc.integer({ min: 0, max: 80 }),
            insert: fc.constantFrom('', '}', '{', '"', 'emotions {', 'emotions { x', 'feels nosuch', 'owner', 'owner nobody', 'channel', 'pain', 'pain "p"', 'source', 'feels 9', 'persona')
        });
        const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
        try {
            await fc.assert(fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 4 }), async edits => {
                const text = edits.reduce((t, e) => t.slice(0, e.at) + ` ${e.insert} ` + t.slice(e.at + e.remove), spec);
                const [document] = await workspace.load([{ uri: uri('mutated.cjm'), text }]);
                for (const diagnostic of document.diagnostics ?? []) {
                    await quickFixes(workspace, 'mutated.cjm', diagnostic);
                }
                expect(logged).not.toHaveBeenCalled();
            }), { numRuns: 150 });
        } finally {
            logged.mockRestore();
        }
    });
});
