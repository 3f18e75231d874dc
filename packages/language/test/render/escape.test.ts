import { describe, expect, test } from 'vitest';
import { escapeBlueprintLabel, escapeFlowchartLabel, escapeHoverText, escapeHtml, escapeJourneyActor, escapeJourneyText, escapeMarkdownText, escapeXychartText, WORD_JOINER } from '../../src/render/escape.js';

describe('escaping per target', () => {
    test('HTML: the five markup characters become entities', () => {
        expect(escapeHtml(`<img src=x onerror="alert('1')"> & co`)).toBe('&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt; &amp; co');
    });

    test('Markdown: no HTML, no emphasis, links or cell boundaries, and line breaks stay inside the cell', () => {
        expect(escapeMarkdownText('<b>x</b> | *y* _z_ `c` [l](javascript:alert(1)) #h\nnext')).toBe('&lt;b&gt;x&lt;/b&gt; \\| \\*y\\* \\_z\\_ \\`c\\` \\[l\\](javascript:alert(1)) \\#h<br>next');
        expect(escapeMarkdownText('- not a list')).toBe('\\- not a list');
        expect(escapeMarkdownText('1. not a list')).toBe('1\\. not a list');
        expect(escapeMarkdownText('-1.5 and 2.1%')).toBe('-1.5 and 2.1%');
    });

    test('Markdown: no whitespace at the ends (no code block, bold keeps), and no address, domain or e-mail becomes a link', () => {
        expect(escapeMarkdownText('    see #12  ')).toBe('see \\#12');
        const J = WORD_JOINER;
        expect(escapeMarkdownText('https://evil.example/x, www.shop.com and a@b.org'))
            .toBe(`https:${J}//evil.${J}example/x, www.${J}shop.${J}com and a@${J}b.${J}org`);
    });

    test('hover: every Markdown character escaped, one line', () => {
        expect(escapeHoverText('**x**\n# y <b> [l](u)')).toBe('\\*\\*x\\*\\* \\# y \\<b\\> \\[l\\]\\(u\\)');
        expect(escapeHoverText('a *b* <c>\n- d')).toBe('a \\*b\\* \\<c\\> \\- d');
        expect(escapeHoverText('Leeds, UK')).toBe('Leeds, UK');
        expect(escapeHoverText(undefined)).toBe('');
    });

    test('journey: no `: ; #`, no markup, one line, no statement or comment at the start', () => {
        expect(escapeJourneyText('a: b; c #d <b> & e\nf')).toBe('a\u2236 b\uFF1B c \uFF03d \uFF1Cb\uFF1E \uFF06 e f');
        expect(escapeJourneyText('section x')).toBe(`${WORD_JOINER}section x`);
        expect(escapeJourneyText('%x')).toBe(`${WORD_JOINER}%x`);
        expect(escapeJourneyText('a%%b')).toBe(`a%${WORD_JOINER}%b`);
        expect(escapeJourneyActor('Maya, busy parent')).toBe('Maya\u201A busy parent');
    });

    test('flowchart: no quote, markup or entity code; no Markdown string; no direction statement', () => {
        expect(escapeFlowchartLabel('"q" <b>x</b> #quot; & end --> |')).toBe('\uFF02q\uFF02 \uFF1Cb\uFF1Ex\uFF1C/b\uFF1E \uFF03quot; \uFF06 end --\uFF1E |');
        expect(escapeFlowchartLabel('`md`')).toBe(`${WORD_JOINER}\`md\``);
        expect(escapeFlowchartLabel('go direction LR')).toBe(`go direction${WORD_JOINER} LR`);
        expect(escapeFlowchartLabel('%%{init: {}}%%')).toBe(`%${WORD_JOINER}%{init: {}}%${WORD_JOINER}%`);
    });

    test('blueprint (swimlane-beta): each line as a flowchart label, joined by the only markup, <br>; blank lines dropped', () => {
        expect(escapeBlueprintLabel(['Agent <br> greets "you"', '  ', 'a\nb', '`x`'])).toBe(`Agent \uFF1Cbr\uFF1E greets \uFF02you\uFF02<br>a b<br>${WORD_JOINER}\`x\``);
        expect(escapeBlueprintLabel([])).toBe('');
    });

    test('xychart: no quote or markup', () => {
        expect(escapeXychartText('"<img src=x>" & b')).toBe('\uFF02\uFF1Cimg src=x\uFF1E\uFF02 \uFF06 b');
    });
});
