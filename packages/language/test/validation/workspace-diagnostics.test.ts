import { describe, expect, test } from 'vitest';
import type { CjmWorkspace } from '../../src/workspace/in-memory-workspace.js';
import { fixture, loadFiles } from '../test-workspace.js';
import { deleteAsEditor, editAsEditor, validatedDuring } from './editor-edits.js';

const PERSONAS = 'persona maya "Maya"\npersona lena "Lena"\nteam product "Product"\n';
const CHECKOUT = `journey checkout "Checkout" {
  persona maya
  stage pay "Pay" {
    touchpoint card "Card" {
      feels neutral
      owner product
    }
  }
}
`;

/** `code@line` for one file's diagnostics of the given code (lines 1-based). */
function found(workspace: CjmWorkspace, name: string, code: string): string[] {
    return workspace.diagnostics(`file:///ws/${name}`).filter(d => d.code === code).map(d => `${code}@${d.range.start.line + 1}`);
}

describe('unused-persona across files', () => {
    test('a persona referred to from another file is used; one nobody names is not', async () => {
        const { workspace } = await loadFiles({ 'personas.cjm': PERSONAS, 'checkout.cjm': CHECKOUT });
        expect(found(workspace, 'personas.cjm', 'unused-persona')).toEqual(['unused-persona@2']);
        expect(workspace.diagnostics('file:///ws/personas.cjm').find(d => d.code === 'unused-persona')?.message)
            .toBe('Persona \'lena\' is not used by any journey, touchpoint or scenario in the workspace. Refer to it with `persona lena` or remove it.');
    });

    test('naming the persona in another file clears the warning in the persona library, and un-naming it brings it back', async () => {
        const { workspace } = await loadFiles({ 'personas.cjm': PERSONAS, 'checkout.cjm': CHECKOUT });
        await editAsEditor(workspace, 'checkout.cjm', CHECKOUT.replace('persona maya', 'persona maya, lena'));
        expect(found(workspace, 'personas.cjm', 'unused-persona')).toEqual([]);
        await editAsEditor(workspace, 'checkout.cjm', CHECKOUT.replace('persona maya', 'persona lena'));
        expect(found(workspace, 'personas.cjm', 'unused-persona')).toEqual(['unused-persona@1']);
    });

    test('deleting the only file that names a persona makes it unused', async () => {
        const { workspace } = await loadFiles({ 'personas.cjm': PERSONAS, 'checkout.cjm': CHECKOUT });
        await deleteAsEditor(workspace, 'checkout.cjm');
        expect(found(workspace, 'personas.cjm', 'unused-persona')).toEqual(['unused-persona@1', 'unused-persona@2']);
    });
});

describe('duplicate-name across files', () => {
    test('two files declaring one persona are both flagged, at the names', async () => {
        const { workspace } = await loadFiles({ 'personas.cjm': PERSONAS, 'more.cjm': 'persona maya "Maya again"', 'checkout.cjm': CHECKOUT });
        expect(found(workspace, 'personas.cjm', 'duplicate-name')).toEqual(['duplicate-name@1']);
        expect(found(workspace, 'more.cjm', 'duplicate-name')).toEqual(['duplicate-name@1']);
    });

    test('adding a second `persona maya` in another file flags both; removing it clears both', async () => {
        const { workspace } = await loadFiles({ 'personas.cjm': PERSONAS, 'more.cjm': 'team ops "Ops"', 'checkout.cjm': CHECKOUT });
        expect(found(workspace, 'personas.cjm', 'duplicate-name')).toEqual([]);
        await editAsEditor(workspace, 'more.cjm', 'team ops "Ops"\npersona maya "Maya again"');
        expect(found(workspace, 'more.cjm', 'duplicate-name')).toEqual(['duplicate-name@2']);
        expect(found(workspace, 'personas.cjm', 'duplicate-name')).toEqual(['duplicate-name@1']);
        await editAsEditor(workspace, 'more.cjm', 'team ops "Ops"');
        expect(found(workspace, 'personas.cjm', 'duplicate-name')).toEqual([]);
    });

    test('a new file with a duplicate, then its deletion', async () => {
        const { workspace } = await loadFiles({ 'personas.cjm': PERSONAS, 'checkout.cjm': CHECKOUT });
        await editAsEditor(workspace, 'copy.cjm', 'team product "Product again"');
        expect(found(workspace, 'personas.cjm', 'duplicate-name')).toEqual(['duplicate-name@3']);
        await deleteAsEditor(workspace, 'copy.cjm');
        expect(found(workspace, 'personas.cjm', 'duplicate-name')).toEqual([]);
    });

    test('emotions declared in two files are duplicates; an emotion named like a built-in is not', async () => {
        const { workspace } = await loadFiles({ 'a.cjm': 'emotions {\n  calm 1\n  happy 2\n}', 'b.cjm': 'emotions {\n  calm 0\n}' });
        expect(found(workspace, 'a.cjm', 'duplicate-name')).toEqual(['duplicate-name@2']);
        expect(found(workspace, 'b.cjm', 'duplicate-name')).toEqual(['duplicate-name@2']);
    });

    test('the built-in library never counts: channels, sources and emotions may be redeclared once', async () => {
        const { workspace } = await loadFiles({ 'a.cjm': 'channel web "Our website"\nsource survey "Q3 survey"\nemotions { confused -2 }' });
        expect(found(workspace, 'a.cjm', 'duplicate-name')).toEqual([]);
    });

    test('stage and touchpoint names are per journey, so two files may reuse them', async () => {
        const { workspace } = await loadFiles({ 'personas.cjm': PERSONAS, 'checkout.cjm': CHECKOUT, 'returns.cjm': CHECKOUT.replace('journey checkout', 'journey returns') });
        expect(found(workspace, 'checkout.cjm', 'duplicate-name')).toEqual([]);
        expect(found(workspace, 'returns.cjm', 'duplicate-name')).toEqual([]);
    });
});

describe('an emotion declared in another file overrides the built-in one in every map', () => {
    test('declaring `neutral -2` elsewhere makes a `feels neutral` touchpoint negative', async () => {
        const { workspace } = await loadFiles({ 'personas.cjm': PERSONAS, 'checkout.cjm': CHECKOUT });
        expect(found(workspace, 'checkout.cjm', 'negative-without-pain')).toEqual([]);
        await editAsEditor(workspace, 'scale.cjm', 'emotions { neutral -2 }');
        expect(found(workspace, 'checkout.cjm', 'negative-without-pain')).toEqual(['negative-without-pain@5']);
        await deleteAsEditor(workspace, 'scale.cjm');
        expect(found(workspace, 'checkout.cjm', 'negative-without-pain')).toEqual([]);
    });
});

describe('what one keystroke rebuilds in a 100-file workspace', () => {
    async function bigWorkspace() {
        const files: Record<string, string> = { 'personas.cjm': PERSONAS + 'persona spare "Spare"\n' };
        for (let i = 0; i < 99; i++) {
            files[`journey-${i}.cjm`] = CHECKOUT.replace('journey checkout', `journey checkout-${i}`);
        }
        return (await loadFiles(files)).workspace;
    }

    test('typing inside a text re-validates only the edited file', async () => {
        const workspace = await bigWorkspace();
        const started = performance.now();
        const validated = await validatedDuring(workspace, () =>
            editAsEditor(workspace, 'journey-7.cjm', CHECKOUT.replace('journey checkout', 'journey checkout-7').replace('"Card"', '"Card payment"')));
        expect(validated).toEqual(['journey-7.cjm']);
        expect(performance.now() - started).toBeLessThan(500);
    });

    test('naming another persona re-validates the edited file and the file declaring it, nothing else', async () => {
        const workspace = await bigWorkspace();
        expect(found(workspace, 'personas.cjm', 'unused-persona')).toEqual(['unused-persona@2', 'unused-persona@4']);
        const validated = await validatedDuring(workspace, () =>
            editAsEditor(workspace, 'journey-7.cjm', CHECKOUT.replace('journey checkout', 'journey checkout-7').replace('persona maya', 'persona maya, spare')));
        expect(validated.sort()).toEqual(['journey-7.cjm', 'personas.cjm']);
        expect(found(workspace, 'personas.cjm', 'unused-persona')).toEqual(['unused-persona@2']);
    });

    test('renaming a journey to a taken name re-validates the two files that now clash', async () => {
        const workspace = await bigWorkspace();
        const validated = await validatedDuring(workspace, () =>
            editAsEditor(workspace, 'journey-7.cjm', CHECKOUT.replace('journey checkout', 'journey checkout-8')));
        expect(validated.sort()).toEqual(['journey-7.cjm', 'journey-8.cjm']);
        expect(found(workspace, 'journey-8.cjm', 'duplicate-name')).toEqual(['duplicate-name@1']);
    });
});

describe('the spec example', () => {
    test('has no diagnostics, and keeps none after an edit to either file', async () => {
        const { workspace } = await loadFiles({ 'personas.cjm': fixture('spec/personas.cjm'), 'checkout.cjm': fixture('spec/checkout.cjm') });
        await editAsEditor(workspace, 'checkout.cjm', fixture('spec/checkout.cjm') + '\n');
        await editAsEditor(workspace, 'personas.cjm', fixture('spec/personas.cjm') + '\n');
        expect(workspace.diagnostics('file:///ws/personas.cjm')).toEqual([]);
        expect(workspace.diagnostics('file:///ws/checkout.cjm')).toEqual([]);
    });
});

describe('unused-insight across files', () => {
    const INSIGHTS = 'insight int-12 "Interview 12" { source interviews }\ninsight survey-q3 "Q3 survey" { source survey }\n';

    test('an insight named by a pain or a touchpoint in another file is used; citing it and un-citing it updates the library', async () => {
        const { workspace } = await loadFiles({ 'insights.cjm': INSIGHTS, 'checkout.cjm': CHECKOUT });
        expect(found(workspace, 'insights.cjm', 'unused-insight')).toEqual(['unused-insight@1', 'unused-insight@2']);
        await editAsEditor(workspace, 'checkout.cjm', CHECKOUT.replace('feels neutral', 'feels neutral\n      pain "Slow" evidence survey-q3'));
        expect(found(workspace, 'insights.cjm', 'unused-insight')).toEqual(['unused-insight@1']);
        await editAsEditor(workspace, 'checkout.cjm', CHECKOUT.replace('feels neutral', 'feels neutral\n      evidence int-12'));
        expect(found(workspace, 'insights.cjm', 'unused-insight')).toEqual(['unused-insight@2']);
        expect(workspace.diagnostics('file:///ws/insights.cjm').find(d => d.code === 'unused-insight')?.message)
            .toBe('Insight \'survey-q3\' backs no pain or touchpoint in the workspace. Name it with `evidence survey-q3` on a pain or a touchpoint, or remove it.');
    });
});

describe('journey-cycle across files', () => {
    const journey = (id: string, sub?: string) => `journey ${id} "${id}" {\n  persona maya\n  stage s "S" {\n${sub ? `    subjourney ${sub}\n` : ''}    touchpoint t "T" { feels neutral }\n  }\n}\n`;

    test('closing a cycle in one file flags every journey on it, also in files that do not refer to that file; opening it clears them', async () => {
        const { workspace } = await loadFiles({ 'personas.cjm': PERSONAS, 'a.cjm': journey('a', 'b'), 'b.cjm': journey('b', 'c'), 'c.cjm': journey('c') });
        expect(['a', 'b', 'c'].flatMap(name => found(workspace, `${name}.cjm`, 'journey-cycle'))).toEqual([]);
        // a.cjm names b only: Langium alone would not check it again when c.cjm changes.
        await editAsEditor(workspace, 'c.cjm', journey('c', 'a'));
        expect(['a', 'b', 'c'].flatMap(name => found(workspace, `${name}.cjm`, 'journey-cycle'))).toEqual(['journey-cycle@4', 'journey-cycle@4', 'journey-cycle@4']);
        expect(workspace.diagnostics('file:///ws/a.cjm').find(d => d.code === 'journey-cycle')?.message)
            .toBe('Journey \'a\' reaches itself through subjourney links: a → b → c → a. A journey cannot detail itself; remove one of these links.');
        await editAsEditor(workspace, 'c.cjm', journey('c'));
        expect(['a', 'b', 'c'].flatMap(name => found(workspace, `${name}.cjm`, 'journey-cycle'))).toEqual([]);
    });
});
