import type { LangiumDocument } from 'langium';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import type { CodeAction, Diagnostic, Hover, Location, LocationLink, Position, Range } from 'vscode-languageserver';
import type { CjmWorkspace } from '../../src/workspace/in-memory-workspace.js';
import { applyWorkspaceEdit, fixture, loadFiles } from '../test-workspace.js';

const uri = (name: string) => `file:///ws/${name}`;
const NAMES = ['library.cjm', 'lifecycle.cjm', 'checkout.cjm', 'support-call.cjm'];
const MANAGEMENT = Object.fromEntries(NAMES.map(name => [name, fixture(`management/${name}`)]));

beforeAll(() => {
    vi.stubEnv('CJM_TODAY', '2026-12-01');
});
afterAll(() => {
    vi.unstubAllEnvs();
});

/** The position of the `nth` occurrence (0-based) of `needle` in a loaded file, plus `shift` characters. */
function positionOf(workspace: CjmWorkspace, name: string, needle: string, nth = 0, shift = 0): Position {
    const text = workspace.document(uri(name))!.textDocument.getText();
    let offset = -1;
    for (let i = 0; i <= nth; i++) {
        offset = text.indexOf(needle, offset + 1);
    }
    expect(offset, needle).toBeGreaterThanOrEqual(0);
    return workspace.document(uri(name))!.textDocument.positionAt(offset + shift);
}

async function hover(workspace: CjmWorkspace, name: string, position: Position): Promise<string | undefined> {
    const document = workspace.document(uri(name))!;
    const result: Hover | undefined = await workspace.services.lsp.HoverProvider!.getHoverContent(document, { textDocument: { uri: uri(name) }, position });
    const contents = result?.contents;
    return contents && typeof contents === 'object' && 'value' in contents ? contents.value : undefined;
}

function textAt(workspace: CjmWorkspace, location: { uri: string; range: Range }): string {
    const document = workspace.services.shared.workspace.LangiumDocuments.all.find(d => d.uri.toString() === location.uri)!;
    return document.textDocument.getText(location.range);
}

async function codeActions(workspace: CjmWorkspace, name: string, range: Range, diagnostics: Diagnostic[]): Promise<CodeAction[]> {
    const document: LangiumDocument = workspace.document(uri(name))!;
    return (await workspace.services.lsp.CodeActionProvider!.getCodeActions(document, { textDocument: { uri: uri(name) }, range, context: { diagnostics } }) ?? []) as CodeAction[];
}

describe('hover', () => {
    test('an insight reference shows the insight card: title, source, date, sample, quote, finding, link and what it backs', async () => {
        const { workspace } = await loadFiles(MANAGEMENT);
        const card = await hover(workspace, 'checkout.cjm', positionOf(workspace, 'checkout.cjm', 'int-12', 0, 1));
        expect(card).toBe([
            '**Interview 12: parent buying on the bus**\n\n*insight* `int-12`',
            '**Source:** interviews  \n**Date:** 2026-10-14  \n**Sample:** 1',
            '> I gave up when it asked me to make an account\\.',
            '**Finding:** Forced sign\\-up at checkout loses mobile buyers',
            // A word joiner after `:` and before each dot keeps the address from becoming a link (escapeHoverText).
            '**Link:** https:\u2060//research\\.\u2060example\\.\u2060com/int\\-12',
            'Backs 1 pain in 1 journey.'
        ].join('\n\n'));
        const survey = await hover(workspace, 'library.cjm', positionOf(workspace, 'library.cjm', 'survey-q3', 0, 1));
        expect(survey).toContain('Backs 2 pains and 1 touchpoint in 2 journeys.');
        const old = await hover(workspace, 'checkout.cjm', positionOf(workspace, 'checkout.cjm', 'old-study', 0, 1));
        expect(old).toContain('**Date:** 2024-05 (stale: more than 12 months before today)');
        expect(await hover(workspace, 'library.cjm', positionOf(workspace, 'library.cjm', 'unused', 0, 1))).toContain('*Backs no pain or touchpoint yet.*');
    });

    test('a subjourney reference shows the journey card, with its owner and its review date, stale or not', async () => {
        const { workspace } = await loadFiles(MANAGEMENT);
        const card = await hover(workspace, 'lifecycle.cjm', positionOf(workspace, 'lifecycle.cjm', 'subjourney checkout', 0, 'subjourney '.length + 1));
        expect(card).toBe('**Online checkout**\n\n*journey* `checkout`\n\n**Owner:** Product  \n**Reviewed:** 2026-03-02 (stale: more than 6 months ago)');
    });

    test('user text in an insight card is escaped', async () => {
        const { workspace } = await loadFiles({ 'a.cjm': 'insight x "<img src=x onerror=alert(1)> **b**" { quote "`c` _e_" finding "# h" }' });
        const card = await hover(workspace, 'a.cjm', positionOf(workspace, 'a.cjm', 'x "'));
        expect(card).toContain('**\\<img src\\=x onerror\\=alert\\(1\\)\\> \\*\\*b\\*\\***');
        expect(card).toContain('> \\`c\\` \\_e\\_');
        expect(card).toContain('**Finding:** \\# h');
    });
});

describe('definition, references and rename', () => {
    test('go to definition of a subjourney opens the journey in its file; of an insight, the insight in the library', async () => {
        const { workspace } = await loadFiles(MANAGEMENT);
        const definition = async (name: string, position: Position): Promise<LocationLink[]> =>
            (await workspace.services.lsp.DefinitionProvider!.getDefinition(workspace.document(uri(name))!, { textDocument: { uri: uri(name) }, position })) ?? [];
        const [journey] = await definition('lifecycle.cjm', positionOf(workspace, 'lifecycle.cjm', 'subjourney support-call', 0, 'subjourney '.length + 2));
        expect(journey.targetUri).toBe(uri('support-call.cjm'));
        expect(textAt(workspace, { uri: journey.targetUri, range: journey.targetSelectionRange })).toBe('support-call');
        const [insight] = await definition('checkout.cjm', positionOf(workspace, 'checkout.cjm', 'survey-q3', 0, 2));
        expect(insight.targetUri).toBe(uri('library.cjm'));
        expect(textAt(workspace, { uri: insight.targetUri, range: insight.targetSelectionRange })).toBe('survey-q3');
    });

    test('find references of an insight lists every pain and touchpoint naming it, in every file', async () => {
        const { workspace } = await loadFiles(MANAGEMENT);
        const locations: Location[] = await workspace.services.lsp.ReferencesProvider!.findReferences(workspace.document(uri('library.cjm'))!, {
            textDocument: { uri: uri('library.cjm') }, position: positionOf(workspace, 'library.cjm', 'survey-q3', 0, 1), context: { includeDeclaration: false }
        });
        expect(locations.map(l => `${l.uri.replace('file:///ws/', '')}:${l.range.start.line + 1}`).sort()).toEqual(['checkout.cjm:10', 'checkout.cjm:11', 'lifecycle.cjm:19']);
        expect(locations.every(l => textAt(workspace, l) === 'survey-q3')).toBe(true);
    });

    test('renaming an insight and a journey renames every reference, and the workspace still links', async () => {
        const { workspace } = await loadFiles(MANAGEMENT);
        const rename = (name: string, position: Position, newName: string) =>
            workspace.services.lsp.RenameProvider!.rename(workspace.document(uri(name))!, { textDocument: { uri: uri(name) }, position, newName });
        const insight = await applyWorkspaceEdit(workspace, (await rename('library.cjm', positionOf(workspace, 'library.cjm', 'survey-q3', 0, 1), 'survey-2026-q3'))!);
        expect(insight.texts['checkout.cjm']).toContain('evidence int-12, survey-2026-q3 severity high');
        expect(insight.texts['lifecycle.cjm']).toContain('evidence survey-2026-q3');
        expect(Object.values(insight.texts).join('\n')).not.toMatch(/\bsurvey-q3\b/);
        const journey = await applyWorkspaceEdit(workspace, (await rename('checkout.cjm', positionOf(workspace, 'checkout.cjm', 'journey checkout', 0, 'journey '.length), 'buy-online'))!);
        expect(journey.texts['lifecycle.cjm']).toContain('subjourney buy-online');
        for (const fixed of [insight.fixed, journey.fixed]) {
            expect(NAMES.flatMap(name => fixed.diagnostics(uri(name)).filter(d => d.code === 'linking-error'))).toEqual([]);
        }
    });
});

describe('quick fixes', () => {
    test('an insight that does not exist is declared in the insight library; a journey that does not exist, beside the link', async () => {
        const files = { ...MANAGEMENT, 'new.cjm': 'journey fresh "Fresh" {\n  persona maya\n  stage s {\n    subjourney returns\n    touchpoint t { feels neutral evidence int-99 }\n  }\n}\n' };
        const { workspace } = await loadFiles(files);
        const errors = workspace.diagnostics(uri('new.cjm')).filter(d => d.code === 'linking-error');
        expect(errors).toHaveLength(2);
        const titles: string[] = [];
        for (const error of errors) {
            // After the "Change to" of a near name (int-12 for int-99), the declaration.
            const fix = (await codeActions(workspace, 'new.cjm', error.range, [error])).find(action => action.title.startsWith('Declare'))!;
            titles.push(fix.title);
            const { texts, fixed } = await applyWorkspaceEdit(workspace, fix.edit!);
            expect(fixed.diagnostics(uri('new.cjm')).filter(d => d.code === 'linking-error')).toHaveLength(1);
            if (fix.title.includes('insight')) {
                expect(texts['library.cjm']).toContain('insight unused "Nobody cites this" { source reviews date "2026-11-01" }\ninsight int-99 "Int 99"\n');
            } else {
                expect(texts['new.cjm']).toMatch(/\njourney returns "Returns" \{\n\}\n$/);
            }
        }
        expect(titles.sort()).toEqual(['Declare insight \'int-99\' in library.cjm', 'Declare journey \'returns\' in this file']);
    });

    test('a stale review gets today\'s date; any journey can be marked as reviewed today from its first line', async () => {
        const { workspace } = await loadFiles(MANAGEMENT);
        const [stale] = workspace.diagnostics(uri('checkout.cjm')).filter(d => d.code === 'stale-map' && d.range.start.line === 3);
        const [fix] = (await codeActions(workspace, 'checkout.cjm', stale.range, [stale])).filter(action => action.diagnostics?.length);
        expect(fix.title).toBe('Mark as reviewed today (2026-12-01)');
        const { texts, fixed } = await applyWorkspaceEdit(workspace, fix.edit!);
        expect(texts['checkout.cjm']).toContain('  reviewed "2026-12-01"\n');
        expect(fixed.diagnostics(uri('checkout.cjm')).filter(d => d.code === 'stale-map' && d.range.start.line === 3)).toEqual([]);

        const line = positionOf(workspace, 'support-call.cjm', 'journey support-call');
        const [mark] = await codeActions(workspace, 'support-call.cjm', { start: line, end: line }, []);
        expect(mark.title).toBe('Mark journey \'support-call\' as reviewed today (2026-12-01)');
        const marked = await applyWorkspaceEdit(workspace, mark.edit!);
        expect(marked.texts['support-call.cjm']).toMatch(/^journey support-call "Support call" \{\n  persona maya\n  reviewed "2026-12-01"\n  stage call/);
        const inside = positionOf(workspace, 'support-call.cjm', 'Waits on hold');
        expect(await codeActions(workspace, 'support-call.cjm', { start: inside, end: inside }, [])).toEqual([]);
    });
});

describe('completion', () => {
    async function completeAt(workspace: CjmWorkspace, name: string, text: string) {
        const offset = text.indexOf('<|>');
        const document = await workspace.change(uri(name), text.replace('<|>', ''));
        const list = await workspace.services.lsp.CompletionProvider!.getCompletion(document, {
            textDocument: { uri: uri(name) }, position: document.textDocument.positionAt(offset)
        });
        return list?.items ?? [];
    }

    test('after `evidence` the workspace\'s insights, with their source and date (stale marked); after `subjourney` its journeys', async () => {
        const { workspace } = await loadFiles(MANAGEMENT);
        const insights = await completeAt(workspace, 'new.cjm', 'journey n "N" {\n  stage s {\n    touchpoint t {\n      pain "p" evidence <|>\n    }\n  }\n}\n');
        const detail = (label: string) => insights.find(item => item.label === label)?.detail;
        expect(detail('survey-q3')).toBe('Q3 checkout survey · survey, 2026-09');
        expect(detail('old-study')).toBe('2024 diary study · Diary study, 2024-05 (stale)');
        expect(insights.map(item => item.label)).toEqual(expect.arrayContaining(['int-12', 'survey-q3', 'old-study', 'unused']));
        const journeys = await completeAt(workspace, 'new.cjm', 'journey n "N" {\n  stage s {\n    subjourney <|>\n  }\n}\n');
        expect(journeys.filter(item => item.detail === 'Online checkout' || item.detail === 'Support call').map(item => item.label).sort()).toEqual(['checkout', 'support-call']);
    });

    test('`insight` at the top level offers a snippet with its usual fields', async () => {
        const { workspace } = await loadFiles(MANAGEMENT);
        const items = await completeAt(workspace, 'new.cjm', 'ins<|>');
        const snippet = items.find(item => item.label === 'insight' && item.insertText?.includes('source'));
        expect(snippet?.insertText).toBe('insight ${1:id} "${2:Title}" {\n  source ${3:interviews}\n  date "${4:YYYY-MM-DD}"\n  finding "${5:What the research found}"$0\n}');
    });
});
