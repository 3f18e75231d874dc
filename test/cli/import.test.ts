import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { createNodeCjmWorkspace } from '@cjm/language/node';
import { journeyToCjm } from '../../packages/cli/src/importer/journey-to-cjm.js';
import { parseMermaidJourney } from '../../packages/cli/src/importer/mermaid-journey.js';
import { cjm, expectGolden, mermaid, tempCopy, writeFiles } from './cli-harness.js';

/** Journey diagrams Mermaid 12.3 accepts, covering its syntax corners. */
const ACCEPTED: Record<string, string> = {
    'docs-example': `journey
    title My working day
    section Go to work
      Make tea: 5: Me
      Go upstairs: 3: Me
      Do work: 1: Me, Cat
    section Go home
      Go downstairs: 5: Me
      Sit down: 5: Me
`,
    'comments-and-accessibility': `%% a leading comment
journey
  accTitle: Commute
  accDescr {
    How I get to work,
    every day
  }
  title Commute
  %% the morning
  section Morning
    Catch the bus: 2: Me, Driver
    %% between tasks
    Read: 4: Me
`,
    'front-matter-and-directive': `---
title: From front matter
---
%%{init: {"theme": "dark"}}%%
journey
  section Only
    Task: 3: Someone
`,
    'no-title-no-section-no-actors': `journey
  Unsectioned task: 4
  Another: 2
`,
    'odd-scores': `journey
  title Scores Mermaid does not check
  section S
    Decimal: 3.5: A
    Huge: 9: A
    Negative: -4: A
    Words: seven: A
`,
    'entities-and-unicode': `journey
  title Caf#233; #quot;quotes#quot; ∶ look-alikes
  section Día 1
    Pay #35;1: 1: José, Zoë
    Duplicate: 3: José
    Duplicate: 4: José
  section Día 1
    Empty actors: 5: , ,
`,
    'crlf-and-case': 'journey\r\n  Title Shouting\r\n  SECTION Loud\r\n    Task: 5: ME\r\n',
    'reserved-words-as-names': `journey
  title Journey
  section Stage
    Stage: 3: Owner, Persona
    Touchpoint: 4: Owner
    Feels: 2: Team
    Moment of truth: 5: Metric
  section 2FA setup
    Straße: 1: Channel
    #35;#35;#35;: 3: #35;
`,
    'extra-colon-pieces': `journey
  section S
    Task: 4: A, B: ignored
`
};

describe('cjm import', () => {
    test.each(Object.entries(ACCEPTED))('%s: Mermaid accepts it, it imports, and the map checks without errors', async (name, diagram) => {
        const api = await mermaid();
        await expect(api.parse(diagram)).resolves.toMatchObject({ diagramType: 'journey' });
        const dir = tempCopy();
        writeFiles(dir, { [`${name}.mmd`]: diagram });
        const imported = await cjm(['import', `${name}.mmd`, '-o', `${name}.cjm`], dir);
        expect(imported.code, imported.stderr).toBe(0);
        const check = await cjm(['check', '--format', 'json', `${name}.cjm`], dir);
        expect(check.code, check.stdout).toBe(0);
        expect((JSON.parse(check.stdout) as Array<{ severity: string }>).filter(d => d.severity === 'error')).toEqual([]);
        expectGolden(`import-${name}.cjm`, readFileSync(join(dir, `${name}.cjm`), 'utf8'));
    });

    test('the docs example maps title, sections, tasks, scores and actors', async () => {
        const dir = tempCopy();
        writeFiles(dir, { 'day.mmd': ACCEPTED['docs-example'] });
        const { stdout } = await cjm(['import', 'day.mmd'], dir);
        expect(stdout).toContain('persona me "Me"\npersona cat "Cat"\n');
        expect(stdout).toContain('journey my-working-day "My working day" {\n  persona me, cat\n');
        expect(stdout).toContain('  stage go-to-work "Go to work" {\n    touchpoint make-tea "Make tea" {\n      persona me\n      feels +2\n');
        expect(stdout).toContain('    touchpoint do-work "Do work" {\n      feels -2\n');
    });

    test('names the grammar reserves get the kind appended; digits and letters are kept', async () => {
        const dir = tempCopy();
        writeFiles(dir, { 'reserved.mmd': ACCEPTED['reserved-words-as-names'] });
        const { stdout } = await cjm(['import', 'reserved.mmd'], dir);
        expect(stdout).toContain('persona owner-persona "Owner"\npersona persona-persona "Persona"\npersona team-persona "Team"\n');
        expect(stdout).toContain('journey journey-journey "Journey" {');
        expect(stdout).toContain('  stage stage-stage "Stage" {\n    touchpoint stage-touchpoint "Stage" {');
        expect(stdout).toContain('    touchpoint touchpoint-touchpoint "Touchpoint" {');
        expect(stdout).toContain('    touchpoint feels-touchpoint "Feels" {');
        expect(stdout).toContain('    touchpoint moment-of-truth-touchpoint "Moment of truth" {');
        expect(stdout).toContain('  stage _2fa-setup "2FA setup" {\n    touchpoint strasse "Straße" {');
        expect(stdout).toContain('    touchpoint task "###" {');
    });

    test('into a folder that declares the persona already: it is reused, not declared again', async () => {
        const dir = tempCopy();
        writeFiles(dir, { 'personas.cjm': 'persona me "Me, the reader" {\n  role "Reads the docs"\n}\n', 'day.mmd': ACCEPTED['docs-example'] });
        expect(await cjm(['import', 'day.mmd', '-o', 'day.cjm'], dir)).toMatchObject({ code: 0 });
        const map = readFileSync(join(dir, 'day.cjm'), 'utf8');
        expect(map).not.toContain('persona me "Me"');
        expect(map).toContain('persona cat "Cat"\n');
        expect(map).toContain('  persona me, cat\n');
        const check = await cjm(['check', '--format', 'json'], dir);
        expect((JSON.parse(check.stdout) as Array<{ severity: string }>).filter(d => d.severity === 'error')).toEqual([]);
        // Importing again over the same output reads the old output as no part of the workspace.
        expect(await cjm(['import', 'day.mmd', '-o', 'day.cjm'], dir)).toMatchObject({ code: 0 });
        expect(readFileSync(join(dir, 'day.cjm'), 'utf8')).toBe(map);
    });

    test('diagrams Mermaid rejects are rejected with the line, exit 2', async () => {
        const api = await mermaid();
        const dir = tempCopy();
        const rejected = {
            'no-score.mmd': 'journey\n  section S\n    Task without score\n',
            'bare-title.mmd': 'journey\n  section S\n    Task: 5: A\n  title\n',
            'upper-case.mmd': 'JOURNEY\n  section S\n    Task: 5: A\n'
        };
        writeFiles(dir, rejected);
        for (const [file, diagram] of Object.entries(rejected)) {
            await expect(api.parse(diagram)).rejects.toBeDefined();
            const result = await cjm(['import', file], dir);
            expect(result.code).toBe(2);
            expect(result.stderr).toMatch(new RegExp(`^cjm: ${file.replace('.', '\\.')}:\\d+: Mermaid journey syntax error`));
        }
    });
});

describe('the journey reader agrees with Mermaid', () => {
    interface MermaidDb {
        getDiagramTitle(): string;
        getSections(): string[];
        getTasks(): Array<{ section: string; task: string; score: number; people: string[] }>;
    }

    test('on random diagrams: same acceptance, same sections, tasks, scores and actors', async () => {
        const api = (await mermaid()) as unknown as { mermaidAPI: { getDiagramFromText(text: string): Promise<{ db: MermaidDb }> }; parse(text: string): Promise<unknown> };
        // Words the CJM grammar reserves (and some it allows) as whole names, or in any case, besides random text.
        const keyword = fc.constantFrom('Owner', 'stage', 'touchpoint', 'feels', 'Persona', 'moment-of-truth', 'journey', 'Metric', 'Expected', 'support', 'does', 'team', '2fa', 'Straße');
        const word = fc.oneof({ weight: 4, arbitrary: fc.stringMatching(/^[A-Za-z0-9 é%#;:,&{}-]{0,12}$/) }, { weight: 1, arbitrary: keyword });
        const line = fc.oneof(
            word.map(w => `title ${w}`),
            word.map(w => `section ${w}`),
            fc.tuple(word, fc.oneof(fc.integer({ min: -2, max: 9 }).map(String), word), fc.array(word, { maxLength: 3 }))
                .map(([task, score, actors]) => `${task}: ${score}${actors.length ? `: ${actors.join(', ')}` : ''}`),
            word.map(w => `%% ${w}`),
            word.map(w => `accTitle: ${w}`),
            word
        );
        // getDiagramFromText does not register the diagram types; parse() does, on first use.
        await api.parse(ACCEPTED['docs-example']);
        let accepted = 0;
        const workspace = createNodeCjmWorkspace();
        await fc.assert(fc.asyncProperty(fc.array(line, { maxLength: 6 }), async lines => {
            const text = `journey\n${lines.map(l => `  ${l}`).join('\n')}\n`;
            // Entities (`#35;`) stay encoded in Mermaid's database until drawing; the corpus above covers them.
            fc.pre(!/#\w+;/.test(text));
            const theirs = await api.mermaidAPI.getDiagramFromText(text).then(d => d.db, () => undefined);
            let ours;
            try {
                ours = parseMermaidJourney(text);
            } catch {
                ours = undefined;
            }
            expect(ours === undefined, `acceptance differs for\n${text}`).toBe(theirs === undefined);
            if (!ours || !theirs) {
                return;
            }
            accepted++;
            const theirTasks = theirs.getTasks().map(t => ({ task: t.task.trim(), score: t.score, people: t.people.filter(Boolean) }));
            const ourTasks = ours.sections.flatMap(s => s.tasks).map(t => ({ task: t.title, score: t.score, people: t.actors }));
            expect(ourTasks, text).toEqual(theirTasks);
            expect(ours.sections.filter(s => s.explicit).map(s => s.title), text).toEqual(theirs.getSections().map(s => s.trim()));
            // Every diagram Mermaid accepts imports to a map that parses and links.
            const map = journeyToCjm(ours, 'diagram');
            const [document] = await workspace.load([{ uri: '/imported/diagram.cjm', text: map }]);
            const broken = (document.diagnostics ?? []).filter(d => d.code === 'parse-error' || d.code === 'linking-error');
            expect(broken.map(d => d.message), `${text}\nimported as\n${map}`).toEqual([]);
        }), { numRuns: 1000 });
        // Both outcomes must be exercised, or the property says little.
        expect(accepted).toBeGreaterThan(100);
        expect(accepted).toBeLessThan(1000);
    });
});
