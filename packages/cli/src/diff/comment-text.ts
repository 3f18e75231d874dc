import { escapeMarkdownText, WORD_JOINER } from '@cjm/language';

/**
 * User text for the diff comment, the one place it is escaped: Markdown shown literally (the
 * language package's escaper), and no GitHub side effects — `@acme/team` would notify a team and
 * `#12` would add a cross-reference to issue 12, so an invisible WORD JOINER (U+2060) follows the
 * `@` or `#` and the text still reads the same.
 */
export function commentText(text: string | undefined): string {
    // Error recovery in a map that does not parse can leave a text missing.
    return escapeMarkdownText(text ?? '').replace(/([@#])(?=[\p{L}\p{N}_])/gu, `$1${WORD_JOINER}`);
}

/** An identifier or path as inline code (code spans never mention anyone); a backtick inside becomes `'`. */
export function commentCode(text: string): string {
    return `\`${text.replace(/`/g, "'")}\``;
}
