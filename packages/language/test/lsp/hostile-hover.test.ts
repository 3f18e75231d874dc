import type { AstNode, CstNode, LangiumDocument } from 'langium';
import { AstUtils } from 'langium';
import MarkdownIt from 'markdown-it';
import { describe, expect, test } from 'vitest';
import type { Occurrence } from '../../../../test/support/hostile-corpus.js';
import { EVERY_POSITION_FIXTURE, hostileStrings, literalProblems, OCCURRENCES, SHOWN_ON } from '../../../../test/support/hostile-corpus.js';
import type { CjmWorkspace } from '../../src/workspace/in-memory-workspace.js';
import { fixture, loadFiles } from '../test-workspace.js';

// Hover cards are Markdown: every string of the hostile corpus they show must read literally, with no
// link, image, HTML or Markdown block made of it. The cards are rendered as a Markdown viewer
// would, with HTML and bare-address links (linkify) on, the most a viewer could make of them.

type Token = ReturnType<MarkdownIt['parse']>[number];

const markdown = new MarkdownIt({ html: true, linkify: true });

/** What hover cards are made of: paragraphs, bold, italics, code, bullet lists, quotes and line breaks. */
const CARD_TOKENS = new Set([
    'paragraph_open', 'paragraph_close', 'inline', 'text', 'strong_open', 'strong_close', 'em_open', 'em_close', 'code_inline',
    'bullet_list_open', 'bullet_list_close', 'list_item_open', 'list_item_close', 'blockquote_open', 'blockquote_close',
    'hardbreak', 'softbreak'
]);

/** The tokens of a card, inline ones included. */
function tokensOf(card: string): Token[] {
    return markdown.parse(card, {}).flatMap(token => [token, ...(token.children ?? [])]);
}

/** The text a reader sees in a card. */
function textOf(tokens: Token[]): string {
    return tokens.map(token => token.type === 'text' || token.type === 'code_inline' ? token.content : token.type.endsWith('break') ? '\n' : '').join('');
}

/** The Markdown of the hover at a CST node's start, if there is one. */
async function hoverAt(workspace: CjmWorkspace, document: LangiumDocument, node: CstNode): Promise<string | undefined> {
    const hover = await workspace.services.lsp.HoverProvider!.getHoverContent(document, {
        textDocument: { uri: document.uri.toString() },
        position: document.textDocument.positionAt(node.offset)
    });
    const contents = hover?.contents;
    return contents && typeof contents === 'object' && 'value' in contents ? contents.value : undefined;
}

/** Every name a hover can be asked on: each declaration's name and each reference. */
function hoverTargets(workspace: CjmWorkspace, root: AstNode): CstNode[] {
    const names = workspace.services.references.NameProvider;
    return AstUtils.streamAst(root).toArray().flatMap(node => [
        names.getNameNode(node),
        ...AstUtils.streamReferences(node).map(info => info.reference.$refNode).toArray()
    ]).filter((cst): cst is CstNode => cst !== undefined);
}

describe('hover cards over the hostile corpus', () => {
    test('show every string literally: no link, image, HTML or Markdown block', async () => {
        const { workspace, documents } = await loadFiles({ 'every-position.cjm': fixture(EVERY_POSITION_FIXTURE) });
        const document = documents['every-position.cjm'];
        const targets = hoverTargets(workspace, document.parseResult.value);
        expect(targets.length).toBeGreaterThan(100);
        const problems: string[] = [];
        const read: string[] = [];
        for (const target of targets) {
            const card = await hoverAt(workspace, document, target);
            if (card === undefined) {
                continue;
            }
            const tokens = tokensOf(card);
            const unexpected = [...new Set(tokens.map(token => token.type).filter(type => !CARD_TOKENS.has(type)))];
            if (unexpected.length > 0) {
                problems.push(`the card of '${target.text}' (line ${target.range.start.line + 1}) makes ${unexpected.join(', ')}`);
            }
            read.push(textOf(tokens));
        }
        const shown: readonly Occurrence[] = SHOWN_ON.hover;
        problems.push(...literalProblems(read.join('\n'), hostileStrings(), shown, OCCURRENCES.filter(o => !shown.includes(o))));
        expect(problems).toEqual([]);
    });
});
