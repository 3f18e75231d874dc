/**
 * The one place where user text is escaped for the targets CJM draws into. Each target gets its
 * own function, because each breaks on different characters:
 *
 * - HTML: the five markup characters become entities.
 * - Markdown (GitHub): markup characters become entities, Markdown syntax is backslash-escaped,
 *   pipes are escaped for tables and line breaks become `<br>`.
 * - Mermaid: entity codes (`#58;`) are unreliable in Mermaid 12.3 (they sometimes come back as
 *   placeholder glyphs) and Mermaid sanitises or parses markup in labels, so syntax characters are
 *   replaced by Unicode look-alikes that every diagram type draws unchanged (checked in Chromium by
 *   test/render/browser-render.test.ts). The substitutions are listed in MERMAID_LOOKALIKES; line
 *   breaks become spaces; an invisible WORD JOINER (U+2060) splits `%%` (comments and `%%{init}%%`
 *   directives) and guards text that would otherwise start with a keyword.
 */

/** U+2060 WORD JOINER: invisible, and not whitespace to Mermaid's lexers. */
export const WORD_JOINER = '\u2060';

/** The look-alike drawn in place of each ASCII character Mermaid would treat as syntax. */
export const MERMAID_LOOKALIKES: Readonly<Record<string, string>> = {
    ':': '\u2236', // ∶ RATIO
    ';': '\uFF1B', // ； FULLWIDTH SEMICOLON
    '#': '\uFF03', // ＃ FULLWIDTH NUMBER SIGN
    '"': '\uFF02', // ＂ FULLWIDTH QUOTATION MARK
    '<': '\uFF1C', // ＜ FULLWIDTH LESS-THAN SIGN
    '>': '\uFF1E', // ＞ FULLWIDTH GREATER-THAN SIGN
    '&': '\uFF06', // ＆ FULLWIDTH AMPERSAND
    ',': '\u201A' // ‚ SINGLE LOW-9 QUOTATION MARK (journey actors only)
};

/** Escapes text for HTML element content and double- or single-quoted attribute values. */
export function escapeHtml(text: string): string {
    return text.replace(/[&<>"']/g, c => HTML_ENTITIES[c]);
}

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * An invisible WORD JOINER after `://`'s colon, an `@`, and a dot before a letter: Markdown viewers
 * that turn bare addresses, domains and e-mails into links (GitHub, linkify) find none, and escaping
 * does not stop them, since they look at the text after escapes are read.
 */
function breakAutolinks(text: string): string {
    return text.replace(/(:)(?=\/\/)|(@)|(\.)(?=\p{L})/gu, `$&${WORD_JOINER}`);
}

/**
 * Escapes text for inline Markdown, including GitHub table cells: shown literally, never as
 * markup, links, emphasis, HTML or a cell boundary. Whitespace at the ends goes (four leading
 * spaces would start a code block, and `** x**` is no longer bold); addresses are not linked
 * (`breakAutolinks`).
 */
export function escapeMarkdownText(text: string): string {
    const escaped = breakAutolinks(text.trim()
        .replace(/[&<>"]/g, c => HTML_ENTITIES[c]))
        // Backslash-escaping is defined for every ASCII punctuation character; these are the ones
        // that start inline syntax (emphasis, code, links, images, autolinks, strikethrough, headings).
        .replace(/[\\`*_[\]|~#!]/g, c => `\\${c}`)
        // At the start of a line, `- x`, `+ x`, `= ` and `1. x` would start a list or a setext underline.
        .replace(/^(\s*)([-+=])(?=\s|$)/, '$1\\$2')
        .replace(/^(\s*\d+)([.)])(?=\s|$)/, '$1\\$2');
    return escaped.replace(/\r\n|\r|\n/g, '<br>');
}

/**
 * User text in a hover card (Markdown, one line per field): every character Markdown could read
 * as syntax is backslash-escaped, line breaks become spaces, whitespace at the ends goes (four
 * leading spaces in a list item or a quote start a code block), and addresses are not linked
 * (`breakAutolinks`).
 */
export function escapeHoverText(text: string | undefined): string {
    return breakAutolinks((text ?? '').trim().replace(/\s*[\r\n]+\s*/g, ' ')).replace(/[\\`*_{}[\]()#+\-.!|<>~&=$]/g, '\\$&');
}

/** Text in a Mermaid `journey` (title, section, task): no `: ; #`, no markup, no leading keyword. */
export function escapeJourneyText(text: string): string {
    const flat = mermaidCommon(text).replace(/[:;#<>&]/g, c => MERMAID_LOOKALIKES[c]);
    // `title x`, `section x` and `accTitle…` at the start of a line are statements, and a line
    // starting with `%` is dropped as a comment (even a single `%`).
    return /^(%|title\s|section\s|acc(title|descr))/i.test(flat) ? WORD_JOINER + flat : flat;
}

/** A journey actor: as journey text, and without `,`, which separates actors. */
export function escapeJourneyActor(text: string): string {
    return escapeJourneyText(text).replace(/,/g, MERMAID_LOOKALIKES[',']);
}

/** The inside of a quoted flowchart label (`["…"]`, `|"…"|`), drawn with `htmlLabels: false`. */
export function escapeFlowchartLabel(text: string): string {
    const flat = mermaidCommon(text).replace(/["<>&#]/g, c => MERMAID_LOOKALIKES[c])
        // The flowchart lexer matches `.*direction\s+TB…` before it looks at quotes: it would eat the line.
        .replace(/(direction)(?=\s+(TB|TD|BT|LR|RL))/gi, `$1${WORD_JOINER}`);
    // `"` followed by a backtick opens a Markdown string, which Mermaid formats.
    return flat.startsWith('`') ? WORD_JOINER + flat : flat;
}

/**
 * The inside of a quoted `swimlane-beta` label (the service blueprint): the diagram is flowchart
 * syntax, so each line is escaped as a flowchart label, and the lines are joined by `<br>`, which
 * Mermaid draws as a line break in SVG text labels (user text can hold no `<`: it became a look-alike).
 */
export function escapeBlueprintLabel(lines: readonly string[]): string {
    return lines.map(escapeFlowchartLabel).filter(line => line.length > 0).join('<br>');
}

/** The inside of a quoted `xychart-beta` string (title, axis title, category). */
export function escapeXychartText(text: string): string {
    return mermaidCommon(text).replace(/["<>&#]/g, c => MERMAID_LOOKALIKES[c]);
}

/** What every Mermaid target needs: one line, trimmed, and no `%%` (comments, directives). */
function mermaidCommon(text: string): string {
    return text.replace(/[\r\n\t\f\v\u2028\u2029]+/g, ' ').trim().replace(/%(?=%)/g, `%${WORD_JOINER}`);
}
