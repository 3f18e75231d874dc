import { MARKDOWN_PARTS, type MarkdownPart } from '@cjm/language';
import { UsageError } from '../io/cli-error.js';

/**
 * A block of a Markdown file that `cjm render` fills: the lines between
 * `<!-- cjm: PATH#JOURNEY PARTS -->` and `<!-- /cjm -->`.
 */
export interface MarkdownBlock {
    /** 1-based line of the opening marker, for messages. */
    line: number;
    /** The map as the marker writes it (relative to the Markdown file, or `/…` from the workspace root). */
    path: string;
    journey?: string;
    parts?: MarkdownPart[];
    /** The marker's text after `cjm:`, for messages. */
    target: string;
    /** 0-based indices of the opening and closing marker lines. */
    open: number;
    close: number;
}

/** A Markdown file split into lines, each with its line ending, and its blocks. */
export interface MarkedMarkdown {
    lines: string[];
    /** The line ending the file uses (CRLF when any line has one), for the lines cjm writes. */
    eol: string;
    blocks: MarkdownBlock[];
}

const OPENING = /^<!--\s*cjm:(.*?)-->$/;
const CLOSING = /^<!--\s*\/cjm\s*-->$/;
/** A code fence's opening line (CommonMark: up to three spaces, then three or more backticks or tildes). */
const FENCE = /^ {0,3}(`{3,}|~{3,})(.*)$/;

/** Names a part may also go by: `emotion` is `cjm render --diagram emotion`'s name for the curve. */
const PART_ALIASES: Readonly<Record<string, MarkdownPart>> = { emotion: 'curve' };

/**
 * Finds the marked blocks of a Markdown text. Markers are lines of their own outside code fences
 * (so a document can show the syntax in a fence); everything between an opening and a closing
 * marker belongs to the block, whatever it holds. A marker that cannot be read is a UsageError
 * naming `shown` and its line.
 */
export function findBlocks(text: string, shown: string): MarkedMarkdown {
    const lines = text.split(/(?<=\n)/);
    const blocks: MarkdownBlock[] = [];
    let fence: { char: string; length: number } | undefined;
    let open: Omit<MarkdownBlock, 'close'> | undefined;
    for (const [i, raw] of lines.entries()) {
        const line = raw.replace(/\r?\n$/, '');
        const where = `${shown}:${i + 1}`;
        if (open) {
            if (CLOSING.test(line.trim())) {
                blocks.push({ ...open, close: i });
                open = undefined;
            } else if (OPENING.test(line.trim())) {
                throw new UsageError(`${where}: a cjm block opens inside the one opened on line ${open.line}; close that one with <!-- /cjm --> first`);
            }
            continue;
        }
        if (fence) {
            const closing = FENCE.exec(line);
            if (closing && closing[1][0] === fence.char && closing[1].length >= fence.length && closing[2].trim() === '') {
                fence = undefined;
            }
            continue;
        }
        const opening = FENCE.exec(line);
        // A backtick fence's info string may not hold a backtick (then the line is inline code).
        if (opening && !(opening[1][0] === '`' && opening[2].includes('`'))) {
            fence = { char: opening[1][0], length: opening[1].length };
            continue;
        }
        const marker = OPENING.exec(line.trim());
        if (marker) {
            open = { ...parseMarker(marker[1].trim(), where), line: i + 1, open: i };
        } else if (CLOSING.test(line.trim())) {
            throw new UsageError(`${where}: <!-- /cjm --> closes no block; open one with <!-- cjm: MAP.cjm#JOURNEY --> before it`);
        }
    }
    if (open) {
        throw new UsageError(`${shown}:${open.line}: the cjm block is not closed; add a line <!-- /cjm --> after it`);
    }
    return { lines, eol: text.includes('\r\n') ? '\r\n' : '\n', blocks };
}

/** `maps/checkout.cjm#checkout journey,curve,grid`: the map, the journey and the parts. */
function parseMarker(body: string, where: string): Omit<MarkdownBlock, 'line' | 'open' | 'close'> {
    const [target = '', ...rest] = body.split(/\s+/).filter(Boolean);
    const hash = target.indexOf('#');
    const path = hash < 0 ? target : target.slice(0, hash);
    const journey = hash < 0 ? undefined : target.slice(hash + 1);
    if (path === '') {
        throw new UsageError(`${where}: the cjm marker names no map; write <!-- cjm: MAP.cjm#JOURNEY PARTS -->`);
    }
    if (journey === '') {
        throw new UsageError(`${where}: the cjm marker has # but no journey id after it (${target})`);
    }
    const listed = rest.join('').split(',').filter(Boolean);
    const parts: MarkdownPart[] = [];
    for (const name of listed) {
        const part = PART_ALIASES[name] ?? MARKDOWN_PARTS.find(known => known === name);
        if (!part) {
            throw new UsageError(`${where}: unknown part "${name}" in the cjm marker (parts: ${MARKDOWN_PARTS.join(', ')})`);
        }
        if (parts.includes(part)) {
            throw new UsageError(`${where}: the cjm marker lists ${part} twice`);
        }
        parts.push(part);
    }
    return { path, target, ...(journey !== undefined ? { journey } : {}), ...(parts.length > 0 ? { parts } : {}) };
}

/** The text between a block's markers: a blank line, the rendering, a blank line. */
export function blockContent(rendered: string, eol: string): string {
    return `${eol}${rendered.replace(/\n$/, '').replace(/\r?\n/g, eol)}${eol}${eol}`;
}

/** The current text between a block's markers. */
export function currentContent(marked: MarkedMarkdown, block: MarkdownBlock): string {
    return marked.lines.slice(block.open + 1, block.close).join('');
}

/** The Markdown with each block's content replaced (contents in the order of `marked.blocks`). */
export function fillBlocks(marked: MarkedMarkdown, contents: string[]): string {
    const out: string[] = [];
    let next = 0;
    marked.blocks.forEach((block, i) => {
        out.push(...marked.lines.slice(next, block.open + 1), contents[i]);
        next = block.close;
    });
    out.push(...marked.lines.slice(next));
    return out.join('');
}
