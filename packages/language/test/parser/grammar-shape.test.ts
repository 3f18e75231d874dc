import type { GrammarAST } from 'langium';
import { AstUtils, GrammarAST as Ast } from 'langium';
import { expect, test } from 'vitest';
import { createNodeCjmServices } from '../../src/node.js';

/** The words a data type rule accepts, through the rules it calls. */
function words(rule: GrammarAST.ParserRule): Set<string> {
    const found = new Set<string>();
    for (const node of AstUtils.streamAllContents(rule.definition).concat([rule.definition])) {
        if (Ast.isKeyword(node)) {
            found.add(node.value);
        } else if (Ast.isRuleCall(node) && node.rule.ref) {
            const called = node.rule.ref;
            (Ast.isParserRule(called) ? words(called) : new Set([called.name])).forEach(word => found.add(word));
        }
    }
    return found;
}

test('a name (`Id`) is an emotion name (`EmotionId`) or a word that may follow one (a touchpoint line\'s first word, `for`), nothing else', () => {
    const grammar = createNodeCjmServices().Cjm.Grammar;
    const rule = (name: string) => grammar.rules.find((r): r is GrammarAST.ParserRule => Ast.isParserRule(r) && r.name === name)!;
    const touchpointLineWords = ['support', 'does', 'thinks', 'wants', 'obstacle', 'gap', 'observed', 'tool', 'unknown', 'asks', 'frontstage', 'backstage', 'artifact'];
    expect([...words(rule('Id'))].sort()).toEqual([...new Set([...words(rule('EmotionId')), ...touchpointLineWords, 'for'])].sort());
});
