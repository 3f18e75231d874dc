import { readFileSync } from 'node:fs';
import { AstUtils, GrammarAST, GrammarUtils } from 'langium';
import { expect, test } from 'vitest';
import { createNodeCjmServices } from '../../src/node.js';

const TM_GRAMMAR = readFileSync(new URL('../../../../syntaxes/cjm.tmLanguage.json', import.meta.url), 'utf8');

/** The words of the TextMate grammar's alternations (`\b(journey|stage|…)`), where editors colour keywords. */
function highlightedWords(): Set<string> {
    const words = new Set<string>();
    for (const match of TM_GRAMMAR.matchAll(/\(([a-z-]+(?:\|[a-z-]+)*)\)/g)) {
        match[1].split('|').forEach(word => words.add(word));
    }
    for (const match of TM_GRAMMAR.matchAll(/\\\\b([a-z-]+)\\\\b/g)) {
        words.add(match[1]);
    }
    return words;
}

test('the TextMate grammar colours every keyword that starts a line of the language', () => {
    const grammar = createNodeCjmServices().Cjm.Grammar;
    // Keywords that start an element or a property: the first keyword of each parser rule or of its `kind` choice.
    const starting = new Set<string>();
    for (const rule of grammar.rules.filter(GrammarAST.isParserRule).filter(rule => !GrammarUtils.isDataTypeRule(rule))) {
        const first = AstUtils.streamAllContents(rule).find(GrammarAST.isKeyword);
        const kind = AstUtils.streamAllContents(rule).filter(GrammarAST.isAssignment).find(a => a.feature === 'kind');
        const kinds = kind ? AstUtils.streamAllContents(kind).filter(GrammarAST.isKeyword).map(k => k.value).toArray() : [];
        [first?.value, ...kinds].filter((word): word is string => word !== undefined && /^[a-z]/.test(word)).forEach(word => starting.add(word));
    }
    const words = highlightedWords();
    expect([...starting].filter(word => !words.has(word)).sort()).toEqual([]);
});
