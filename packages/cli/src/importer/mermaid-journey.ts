/**
 * A reader for Mermaid `journey` diagrams that accepts exactly what Mermaid 12.3's own parser
 * accepts: the same preprocessing (line endings, front matter, `%%{…}%%` directives, whole-line
 * `%%` comments, `#name;` entities) and a port of its jison lexer (first matching rule wins) and
 * grammar. Mermaid's parser needs a DOM to load; this one runs in plain Node.
 */

/** A parsed Mermaid journey. */
export interface MermaidJourney {
    title?: string;
    accTitle?: string;
    accDescr?: string;
    sections: MermaidSection[];
    /** `%%` comment lines, in order. */
    comments: MermaidComment[];
}

export interface MermaidSection {
    title: string;
    /** False for the section that holds tasks written before the first `section` line (Mermaid does not list it). */
    explicit: boolean;
    tasks: MermaidTask[];
    /** 1-based line in the original text. */
    line: number;
}

export interface MermaidTask {
    title: string;
    /** Mermaid's score as written (Mermaid does not check it; may be NaN for text). */
    score: number;
    scoreText: string;
    actors: string[];
    line: number;
}

export interface MermaidComment {
    text: string;
    line: number;
}

/** A diagram Mermaid would reject, with the line it fails on (1-based, in the original text). */
export class MermaidSyntaxError extends Error {
    constructor(message: string, readonly line: number) {
        super(message);
    }
}

type Token =
    | { kind: 'journey' | 'newline' | 'eof' | 'colon' | 'acc_title' | 'acc_descr'; line: number }
    | { kind: 'title' | 'section' | 'taskName' | 'taskData' | 'acc_title_value' | 'acc_descr_value' | 'acc_descr_multiline_value' | 'comment' | 'invalid'; text: string; line: number };

type LexState = 'INITIAL' | 'acc_title' | 'acc_descr' | 'acc_descr_multiline';

/** The lexer rules of Mermaid's journey.jison, in order, for the INITIAL state. */
const INITIAL_RULES: Array<[RegExp, (text: string) => Token['kind'] | 'skip' | 'begin_title' | 'begin_descr' | 'begin_descr_multiline']> = [
    [/^(?:%(?!\{)[^\n]*)/i, () => 'comment'],
    [/^(?:[^}]%%[^\n]*)/i, () => 'comment'],
    [/^(?:[\n]+)/i, () => 'newline'],
    [/^(?:\s+)/i, () => 'skip'],
    [/^(?:#[^\n]*)/i, () => 'skip'],
    [/^(?:journey\b)/i, () => 'journey'],
    [/^(?:title\s[^#\n;]+)/i, () => 'title'],
    [/^(?:accTitle\s*:\s*)/i, () => 'begin_title'],
    [/^(?:accDescr\s*:\s*)/i, () => 'begin_descr'],
    [/^(?:accDescr\s*\{\s*)/i, () => 'begin_descr_multiline'],
    [/^(?:section\s[^#:\n;]+)/i, () => 'section'],
    [/^(?:[^#:\n;]+)/i, () => 'taskName'],
    [/^(?::[^#\n;]+)/i, () => 'taskData'],
    [/^(?::)/i, () => 'colon'],
    [/^(?:.)/i, () => 'invalid']
];

/** Parses a Mermaid journey diagram; throws MermaidSyntaxError where Mermaid would fail. */
export function parseMermaidJourney(source: string): MermaidJourney {
    const normalized = source.replace(/\r\n?/g, '\n');
    const { body, title: frontMatterTitle, lineOffset } = splitFrontMatter(normalized);
    const { text, comments, linesRemoved } = stripDirectivesAndCommentLines(body, lineOffset);
    if (!/^\s*journey/.test(text)) {
        // Mermaid picks the diagram type with this case-sensitive test before its (case-insensitive) lexer runs.
        throw new MermaidSyntaxError("Mermaid journey syntax error on line 1: expected 'journey' at the start", 1);
    }
    const tokens = lex(encodeEntities(text) + '\n', lineOffset + linesRemoved);
    const journey = parseTokens(tokens);
    journey.comments = comments;
    if (journey.title === undefined && frontMatterTitle !== undefined) {
        journey.title = frontMatterTitle;
    }
    return journey;
}

function splitFrontMatter(text: string): { body: string; title?: string; lineOffset: number } {
    const match = /^[ \t]*---[ \t]*\n([\s\S]*?)\n[ \t]*---[ \t]*(?:\n|$)/.exec(text);
    if (!match) {
        return { body: text, lineOffset: 0 };
    }
    const titleLine = /^\s*title\s*:\s*(.*)$/m.exec(match[1]);
    const title = titleLine ? titleLine[1].trim().replace(/^(["'])(.*)\1$/, '$2') : undefined;
    return { body: text.slice(match[0].length), title: title || undefined, lineOffset: match[0].split('\n').length - 1 };
}

/** Mermaid removes `%%{…}%%` directives and whole-line `%%` comments before parsing; we keep the comments' text. */
function stripDirectivesAndCommentLines(text: string, lineOffset: number): { text: string; comments: MermaidComment[]; linesRemoved: number } {
    // Removed exactly as Mermaid does (even across lines): keeping their line breaks would change what parses.
    const withoutDirectives = text.replace(/%{2}{\s*(?:(\w+)\s*:|(\w+))\s*(?:(\w+)|((?:(?!}%{2}).|\r?\n)*))?\s*(?:}%{2})?/gi, '');
    const comments: MermaidComment[] = [];
    const cleaned = withoutDirectives.replace(/^\s*%%(?!{)[^\n]+\n?/gm, (match, offset: number) => {
        const leadingBreaks = (match.match(/^\s*/)![0].match(/\n/g) ?? []).length;
        const line = lineOffset + (withoutDirectives.slice(0, offset).match(/\n/g) ?? []).length + leadingBreaks + 1;
        comments.push({ text: match.trim().replace(/^%%\s?/, ''), line });
        return match.replace(/[^\n]/g, '');
    });
    // Mermaid trims the start of the text; counting the removed lines keeps our line numbers honest.
    const trimmed = cleaned.trimStart();
    const linesRemoved = (cleaned.slice(0, cleaned.length - trimmed.length).match(/\n/g) ?? []).length;
    return { text: trimmed, comments, linesRemoved };
}

/**
 * Mermaid's encodeEntities hides `#name;` from the lexer behind placeholders (so `#` and `;` inside
 * an entity neither start a comment nor end a line); we do the same with private-use characters
 * and decode the placeholders in the parsed values.
 */
function encodeEntities(text: string): string {
    return text.replace(/#(\w+);/g, (_whole, name: string) => `${ENTITY_START}${name}${ENTITY_END}`);
}

const ENTITY_START = '\uE000';
const ENTITY_END = '\uE001';
const ENTITY_PLACEHOLDER = new RegExp(`${ENTITY_START}(\\w+)${ENTITY_END}`, 'g');

/** A parsed value with entities as the characters they stand for (unknown names stay as written). */
function decodeEntities(text: string): string {
    return text.replace(ENTITY_PLACEHOLDER, (_whole, name: string) => decodeEntity(name));
}

const NAMED_ENTITIES: Record<string, string> = { quot: '"', amp: '&', lt: '<', gt: '>', apos: "'", nbsp: '\u00a0', colon: ':', semi: ';', num: '#', comma: ',' };

function decodeEntity(name: string): string {
    if (/^\+?\d+$/.test(name)) {
        const code = Number(name);
        // As a browser shows `&#N;`: NUL, surrogates and out-of-range codes become the replacement character.
        return code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff) ? '\ufffd' : String.fromCodePoint(code);
    }
    // Mermaid turns `#name;` into `&name;`; a name the browser does not know is shown as written.
    return NAMED_ENTITIES[name.toLowerCase()] ?? `&${name};`;
}

/** A port of the jison lexer: at each position the first rule that matches wins (not the longest). */
function lex(input: string, firstLine: number): Token[] {
    const tokens: Token[] = [];
    let rest = input;
    let line = firstLine + 1;
    let state: LexState = 'INITIAL';
    const take = (length: number): string => {
        const text = rest.slice(0, length);
        rest = rest.slice(length);
        line += (text.match(/\n/g) ?? []).length;
        return text;
    };
    while (rest.length > 0) {
        if (state === 'acc_title' || state === 'acc_descr') {
            const value = take(/^[^\n]*/.exec(rest)![0].length);
            tokens.push({ kind: state === 'acc_title' ? 'acc_title_value' : 'acc_descr_value', text: value, line });
            state = 'INITIAL';
            continue;
        }
        if (state === 'acc_descr_multiline') {
            if (rest.startsWith('}')) {
                take(1);
                state = 'INITIAL';
            } else {
                const startLine = line;
                tokens.push({ kind: 'acc_descr_multiline_value', text: take(/^[^}]*/.exec(rest)![0].length), line: startLine });
            }
            continue;
        }
        const rule = INITIAL_RULES.find(([pattern]) => pattern.test(rest));
        if (!rule) {
            break;
        }
        const startLine = line;
        const text = take(rule[0].exec(rest)![0].length);
        const kind = rule[1](text);
        switch (kind) {
            case 'skip':
            case 'comment':
                break;
            case 'begin_title': state = 'acc_title'; tokens.push({ kind: 'acc_title', line: startLine }); break;
            case 'begin_descr': state = 'acc_descr'; tokens.push({ kind: 'acc_descr', line: startLine }); break;
            case 'begin_descr_multiline': state = 'acc_descr_multiline'; break;
            case 'journey': case 'newline': case 'colon': case 'eof': case 'acc_title': case 'acc_descr':
                tokens.push({ kind, line: startLine });
                break;
            default:
                tokens.push({ kind, text, line: startLine });
        }
    }
    tokens.push({ kind: 'eof', line });
    return tokens;
}

/** The grammar: `journey` then lines of title, accTitle, accDescr, section or `taskName taskData`, then EOF. */
function parseTokens(tokens: Token[]): MermaidJourney {
    const journey: MermaidJourney = { sections: [], comments: [] };
    let index = 0;
    const fail = (token: Token, expected: string): never => {
        const found = 'text' in token ? `'${token.text.trim()}'` : token.kind;
        throw new MermaidSyntaxError(`Mermaid journey syntax error on line ${token.line}: expected ${expected}, found ${found}`, token.line);
    };
    if (tokens[0].kind !== 'journey') {
        fail(tokens[0], "'journey'");
    }
    index = 1;
    let current: MermaidSection | undefined;
    const ensureSection = (): MermaidSection => {
        if (!current) {
            current = { title: '', explicit: false, tasks: [], line: tokens[index - 1].line };
            journey.sections.push(current);
        }
        return current;
    };
    while (index < tokens.length) {
        const token = tokens[index++];
        switch (token.kind) {
            case 'eof':
                index = tokens.length;
                break;
            case 'newline':
                break;
            case 'title':
                journey.title = decodeEntities(token.text.slice(6).trim());
                break;
            case 'acc_title': {
                const value = tokens[index++];
                if (value.kind !== 'acc_title_value') {
                    fail(value, 'an accessible title');
                }
                journey.accTitle = decodeEntities((value as { text: string }).text.trim());
                break;
            }
            case 'acc_descr': {
                const value = tokens[index++];
                if (value.kind !== 'acc_descr_value') {
                    fail(value, 'an accessible description');
                }
                journey.accDescr = decodeEntities((value as { text: string }).text.trim());
                break;
            }
            case 'acc_descr_multiline_value':
                journey.accDescr = decodeEntities(token.text.trim().replace(/\n[ \t]+/g, '\n'));
                break;
            case 'section':
                current = { title: decodeEntities(token.text.slice(8).trim()), explicit: true, tasks: [], line: token.line };
                journey.sections.push(current);
                break;
            case 'taskName': {
                const data = tokens[index++];
                if (data.kind !== 'taskData') {
                    fail(data, "':' and a score after the task name");
                }
                ensureSection().tasks.push(parseTask(token.text, (data as { text: string }).text, token.line));
                break;
            }
            default:
                fail(token, 'a title, section or task');
        }
    }
    return journey;
}

/** Mermaid's addTask: `: score : actor, actor` (pieces after the second are ignored). */
function parseTask(name: string, data: string, line: number): MermaidTask {
    const pieces = data.slice(1).split(':');
    const actors = pieces.length > 1 ? pieces[1].split(',').map(actor => decodeEntities(actor.trim())).filter(actor => actor.length > 0) : [];
    return { title: decodeEntities(name.trim()), score: Number(pieces[0]), scoreText: decodeEntities(pieces[0].trim()), actors, line };
}
