import { readFileSync } from 'node:fs';
import type { Grammar } from 'langium';
import { EmptyFileSystem, LangiumParser } from 'langium';
import { createLangiumGrammarServices } from 'langium/grammar';
import { parseHelper } from 'langium/test';
import { afterEach, describe, expect, test, vi } from 'vitest';
import type { CjmServices, FastPathRefusalHandling } from '../../src/cjm-module.js';
import { isChannel } from '../../src/generated/ast.js';
import { CjmParser } from '../../src/parser/cjm-parser.js';
import { FastPathRefusal } from '../../src/parser/fast-path-refusal.js';
import { CjmWorkspace } from '../../src/workspace/in-memory-workspace.js';
import { createServicesWith, createTestWorkspace } from '../test-workspace.js';

// A grammar the fast parser cannot follow (here a fragment rule, which the LL(1) parser refuses)
// must not stop the language server: outside the tests, the services parse with Langium's parser.

const GRAMMAR = readFileSync(new URL('../../src/cjm.langium', import.meta.url), 'utf8');
const CHANNEL_RULE = "Channel:\n    'channel' name=Id (title=STRING)?;";

/** cjm.langium with `Channel`'s name and title moved into a fragment: the same AST, a construct outside the fast path. */
async function grammarWithFragment(): Promise<Grammar> {
    expect(GRAMMAR).toContain(CHANNEL_RULE);
    const text = GRAMMAR.replace(CHANNEL_RULE, "Channel:\n    'channel' NameAndTitle;\n\nfragment NameAndTitle:\n    name=Id (title=STRING)?;");
    const document = await parseHelper<Grammar>(createLangiumGrammarServices(EmptyFileSystem).grammar)(text, { validation: true });
    expect(document.diagnostics?.filter(d => d.severity === 1) ?? []).toEqual([]);
    return document.parseResult.value;
}

/** The services the language server creates (createCjmServices), with the changed grammar. */
function servicesFor(grammar: Grammar, fastPathRefusal: FastPathRefusalHandling): CjmServices {
    return createServicesWith({ language: { Grammar: () => grammar }, fastPathRefusal });
}

afterEach(() => {
    vi.restoreAllMocks();
});

describe('a grammar outside the fast path', () => {
    test('falls back to Langium\'s parser with one logged line, and documents still build', async () => {
        const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
        const services = servicesFor(await grammarWithFragment(), 'fallback');
        const parser = services.parser.LangiumParser;
        expect(parser).toBeInstanceOf(LangiumParser);
        expect(parser).not.toBeInstanceOf(CjmParser);
        expect(warn).toHaveBeenCalledTimes(1);
        expect(String(warn.mock.calls[0][0])).toMatch(/unassigned call of NameAndTitle in Channel.*Langium's parser/);

        const [document] = await new CjmWorkspace(services).load([{
            uri: 'file:///ws/main.cjm',
            text: 'persona maya "Maya"\nchannel kiosk "Kiosk"\njourney j "J" {\n  persona maya\n  stage s "S" {\n    touchpoint t "T" {\n      channel kiosk\n      feels curious\n    }\n  }\n}\n'
        }]);
        expect(document.diagnostics?.filter(d => d.severity === 1)).toEqual([]);
        const channel = document.parseResult.value.elements.find(isChannel);
        expect([channel?.name, channel?.title]).toEqual(['kiosk', 'Kiosk']);
        expect(warn).toHaveBeenCalledTimes(1);
    });

    test('stops the services when refusals are to be thrown, as in the tests', async () => {
        const grammar = await grammarWithFragment();
        expect(() => servicesFor(grammar, 'throw').parser.LangiumParser).toThrow(FastPathRefusal);
    });

    test('the tests run with refusals thrown, so no grammar change slips into the slow path unseen', () => {
        expect(process.env.CJM_FAST_PATH_REFUSAL).toBe('throw');
        expect(createTestWorkspace().services.parser.LangiumParser).toBeInstanceOf(CjmParser);
    });
});
