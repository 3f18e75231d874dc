import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as fc from 'fast-check';
import type { AstNode, CstNode, GrammarAST, LangiumParser, ParseResult } from 'langium';
import { AstUtils, createLangiumParser, isAstNode, isCompositeCstNode, isLeafCstNode, isReference, isRootCstNode } from 'langium';
import { describe, expect, test } from 'vitest';
import { createNodeCjmServices } from '../../src/node.js';
import type { CjmFastLexer } from '../../src/parser/cjm-fast-lexer.js';
import type { Ll1Parser } from '../../src/parser/ll1-parser.js';
import { cjmMapArb, layoutArb, printMap } from '../property/cjm-map-arbitrary.js';
import { collectAstContents } from '../../src/parser/ast-contents.js';
import { FIXTURES } from '../test-workspace.js';

/**
 * The LL(1) fast path must be invisible: for every text it accepts, Langium's own parser finds no
 * error and builds the same tree (AST and CST, grammar sources, property order, references, comment
 * nodes); and it must accept every text Langium's parser accepts without errors, or the fast path
 * would silently stop being fast. Texts with errors go to Langium's parser, so they need no oracle.
 */
const services = createNodeCjmServices().Cjm;
const cjmParser = services.parser.LangiumParser;
const langiumParser: LangiumParser = createLangiumParser(services);
const { fast, fastLexer } = cjmParser as unknown as { fast: Ll1Parser; fastLexer: CjmFastLexer };

/** The fast path alone: the fast lexer's tokens through the LL(1) parser, as `CjmParser.parse` tries first. */
function fastParse(text: string): ParseResult | undefined {
    return fast.parse(text, fastLexer.scan(text, true));
}

const grammarIds = new Map<unknown, string>();
for (const [i, element] of AstUtils.streamAst(services.Grammar).toArray().entries()) {
    grammarIds.set(element, `${element.$type}#${i}${(element as GrammarAST.Keyword).$type === 'Keyword' ? `'${(element as GrammarAST.Keyword).value}'` : ''}`);
}

/** The whole tree as plain data: every AST property in its order, and the CST beneath. */
function snapshot(root: AstNode): unknown {
    const astIds = new Map<AstNode, string>();
    AstUtils.streamAst(root).forEach(node => astIds.set(node, services.workspace.AstNodeLocator.getAstNodePath(node)));
    const cst = (node: CstNode | undefined): unknown => {
        if (!node) {
            return node;
        }
        const base = {
            kind: isLeafCstNode(node) ? 'leaf' : isRootCstNode(node) ? 'root' : 'composite', offset: node.offset, end: node.end, hidden: node.hidden, range: node.range,
            grammarSource: grammarIds.get(node.grammarSource), astNode: astIds.get(node.astNode)
        };
        if (isLeafCstNode(node)) {
            return { ...base, tokenType: node.tokenType.name };
        }
        return isCompositeCstNode(node) ? { ...base, content: node.content.map(cst) } : base;
    };
    const value = (item: unknown): unknown => {
        if (Array.isArray(item)) {
            return item.map(value);
        }
        if (isReference(item)) {
            return { ref: item.$refText, refNode: item.$refNode && [item.$refNode.offset, grammarIds.get(item.$refNode.grammarSource)] };
        }
        if (isAstNode(item)) {
            return ast(item as AstNode);
        }
        return item;
    };
    const ast = (node: AstNode): unknown => Object.entries(node).map(([key, item]) => {
        if (key === '$cstNode') {
            return [key, { offset: item?.offset, end: item?.end, grammarSource: grammarIds.get(item?.grammarSource), astNode: item && astIds.get(item.astNode) }];
        }
        if (key === '$container') {
            return [key, astIds.get(item)];
        }
        if (key === '$document') {
            return [key];
        }
        return [key, value(item)];
    });
    return { ast: ast(root), cst: cst(root.$cstNode) };
}

/** Checks one text; says whether it was free of syntax errors. */
function expectSameAsLangium(text: string): boolean {
    const expected = langiumParser.parse(text);
    const actual = fastParse(text);
    const valid = expected.lexerErrors.length === 0 && expected.parserErrors.length === 0;
    if (!valid) {
        expect(actual, 'the fast path accepted a text with syntax errors').toBeUndefined();
        return false;
    }
    expect(actual, 'the fast path gave up on a text without syntax errors').toBeDefined();
    expect(snapshot(actual!.value)).toEqual(snapshot(expected.value));
    // The nodes and references the parser listed, and those the walk for Langium's trees finds, are
    // the ones, in the order, Langium's streams give.
    const nodes = AstUtils.streamAst(actual!.value).toArray();
    const references = nodes.flatMap(node => AstUtils.streamReferences(node).toArray());
    for (const listed of [services.parser.AstContents.of(actual!.value), collectAstContents(actual!.value), collectAstContents(expected.value)]) {
        const streamed = listed.nodes[0] === actual!.value ? { nodes, references } : (() => {
            const theirs = AstUtils.streamAst(expected.value).toArray();
            return { nodes: theirs, references: theirs.flatMap(node => AstUtils.streamReferences(node).toArray()) };
        })();
        expect(listed.nodes.length).toBe(streamed.nodes.length);
        expect(listed.nodes.every((node, i) => node === streamed.nodes[i])).toBe(true);
        expect(listed.references.map(r => [r.property, r.index, r.reference.$refText])).toEqual(streamed.references.map(r => [r.property, r.index, r.reference.$refText]));
        expect(listed.references.every((r, i) => r.reference === streamed.references[i].reference && r.container === streamed.references[i].container)).toBe(true);
    }
    return true;
}

function cjmFiles(folder: string): string[] {
    return readdirSync(folder, { recursive: true, encoding: 'utf8' }).filter(name => name.endsWith('.cjm')).map(name => folder + name);
}

const REPOSITORY = fileURLToPath(new URL('../../../../', import.meta.url));
const CORPUS = [...cjmFiles(REPOSITORY + 'examples/'), ...cjmFiles(FIXTURES), REPOSITORY + 'packages/language/src/builtins/builtins.cjm']
    .map(path => ({ path, text: readFileSync(path, 'utf8') }));

describe('the LL(1) fast path builds exactly what Langium\'s parser builds', () => {
    test.each(CORPUS.map(file => [file.path.slice(REPOSITORY.length), file.text]))('%s', (_path, text) => {
        expectSameAsLangium(text);
    });

    test('generated maps over the whole grammar, in any layout', () => {
        fc.assert(fc.property(cjmMapArb, layoutArb, (map, layout) => {
            expectSameAsLangium(printMap(map, layout));
        }), { numRuns: 150 });
    });

    test('edited examples: every text either parses the same or goes to Langium\'s parser', () => {
        const pieces = ['}', '{', '"', '->', ',', '%', '-1.5', '+2', 'feels', 'owner x', 'support a, b', 'moment-of-truth', 'persona', 'metric m', 'x', '// c\n', '/* c */', '\n', 'type nps', 'value 3',
            'for', 'for ruth', 'asks "q"', 'frontstage "f"', 'backstage', 'artifact "a"'];
        const edit = fc.record({ file: fc.nat({ max: CORPUS.length - 1 }), at: fc.nat(), remove: fc.nat({ max: 12 }), insert: fc.constantFrom(...pieces, '') });
        const verdicts: boolean[] = [];
        fc.assert(fc.property(fc.array(edit, { minLength: 1, maxLength: 3 }), edits => {
            let text = CORPUS[edits[0].file].text;
            for (const { at, remove, insert } of edits) {
                const offset = at % (text.length + 1);
                text = text.slice(0, offset) + insert + text.slice(offset + remove);
            }
            verdicts.push(expectSameAsLangium(text));
        }), { numRuns: 300 });
        // Both branches were taken: edits that keep the text valid, and edits that break it.
        expect(verdicts.filter(Boolean).length).toBeGreaterThan(20);
        expect(verdicts.filter(v => !v).length).toBeGreaterThan(20);
    });

    test('texts Langium parses differently from what an LL(1) guess would', () => {
        for (const text of [
            '',
            '// only a comment',
            'journey j { stage s { touchpoint t { feels happy support product } } }',
            'journey j { stage s { touchpoint t { feels happy curious owner o } } }',
            'journey j { stage s { touchpoint t { pain "p" source "s" severity high pain "q" source interviews } } }',
            'journey j { metric m metric n { value 5% } } team support team does',
            'persona p persona q { age 3 } channel c "C" source s emotions { value 1 lost -2 }',
            'journey j { stage s { touchpoint a { } touchpoint b { } } scenario x { persona p path a -> b } }',
            'journey j { stage s { touchpoint t { moment-of-truth channel web persona a, b } } }',
            'journey j { stage s { touchpoint t { feels happy for maya feels -1 for tom feels curious hesitant asks "q" for "x" } } }',
            'journey j { stage s { touchpoint t { frontstage "f" backstage "b" artifact "a" feels happy frontstage "g" expected 1 for x } } }',
            'persona for team asks journey j { persona for stage s { touchpoint t { feels happy for for support asks } } }'
        ]) {
            expectSameAsLangium(text);
        }
    });
});
