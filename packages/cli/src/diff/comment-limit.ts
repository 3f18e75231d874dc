import { plural } from '../text/plural.js';

/** GitHub refuses a comment body longer than this many characters. */
export const GITHUB_COMMENT_LIMIT = 65_536;

/** The default length of the diff: GitHub's limit, less room for what a workflow puts around it (a marker, a heading). */
export const DEFAULT_MAX_LENGTH = 65_000;

/**
 * Joins the files' Markdown, cut at a line boundary when it would be longer than `maxLength`
 * (0: no limit), with any `<details>` left open closed and a last line saying what was left out.
 */
export function fitToLength(parts: string[], maxLength: number, rerun: string): string {
    const whole = parts.join('\n');
    if (maxLength <= 0 || whole.length <= maxLength) {
        return whole;
    }
    const note = (cutFile: number) => {
        const left = parts.length - cutFile - 1;
        const rest = left > 0 ? `, and ${plural(left, 'more file')} are` : ' is';
        return `\n---\n\n**Truncated:** the diff is longer than a GitHub comment may be (${GITHUB_COMMENT_LIMIT.toLocaleString('en')} characters). `
            + `The rest of this file${rest} left out; run \`${rerun}\` to see everything.\n`;
    };
    let kept = '';
    for (const [i, part] of parts.entries()) {
        const next = i === 0 ? part : `\n${part}`;
        const room = maxLength - note(i).length - '\n</details>\n'.length * 4;
        if (kept.length + next.length <= room) {
            kept += next;
            continue;
        }
        const lines = next.split('\n');
        let cut = kept;
        for (const line of lines) {
            if (cut.length + line.length + 1 > room) {
                break;
            }
            cut += `${line}\n`;
        }
        const open = (cut.match(/<details>/g) ?? []).length - (cut.match(/<\/details>/g) ?? []).length;
        return cut + '\n</details>\n'.repeat(Math.max(0, open)) + note(i);
    }
    return kept;
}
