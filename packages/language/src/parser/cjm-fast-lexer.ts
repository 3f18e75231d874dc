// Mirrors Langium 4.4's `DefaultLexer` (Chevrotain's lexer) for CJM's terminals; equality: test/parser/cjm-fast-lexer.test.ts.
import type { IToken, TokenType } from 'chevrotain';
import type { LexerResult } from 'langium';
import { FastPathRefusal } from './fast-path-refusal.js';

/**
 * The patterns of CJM's terminals (cjm.langium) this scanner implements by hand. If the grammar's
 * terminals change, the constructor refuses to run rather than scan differently from Chevrotain.
 */
const TERMINALS: Record<string, string> = {
    WS: '\\s+',
    ID: '[_a-zA-Z][\\w]*(-[\\w]+)*',
    NUMBER: '[+-]?[0-9]+(\\.[0-9]+)?',
    STRING: '"(\\\\.|[^"\\\\\\r\\n])*"',
    ML_COMMENT: '\\/\\*[\\s\\S]*?\\*\\/',
    SL_COMMENT: '\\/\\/[^\\n\\r]*'
};

/**
 * A scanner for text without lexical errors, producing the tokens Chevrotain's lexer produces for
 * CJM's grammar (same types, images, offsets, lines and columns), in a single pass over character
 * codes. Chevrotain tries each token pattern at each position; this scanner looks at one
 * character and knows. At the first character no token accepts it returns `undefined`, and the
 * caller uses Langium's lexer, which reports the error.
 */
export class CjmFastLexer {
    private readonly keywords = new Map<string, TokenType>();
    /** Punctuation keywords by their first character's code, longest first. */
    private readonly punctuation = new Map<number, Array<[string, TokenType]>>();
    private readonly id: TokenType;
    private readonly number: TokenType;
    private readonly string: TokenType;
    private readonly multiLineComment: TokenType;
    private readonly singleLineComment: TokenType;

    constructor(tokenTypes: Record<string, TokenType>) {
        for (const [name, source] of Object.entries(TERMINALS)) {
            const pattern = tokenTypes[name]?.PATTERN;
            if (!(pattern instanceof RegExp) || pattern.source !== source) {
                throw new FastPathRefusal(`CjmFastLexer: the grammar's terminal ${name} is no longer /${source}/; update the scanner with the grammar.`);
            }
        }
        for (const [name, type] of Object.entries(tokenTypes)) {
            if (name in TERMINALS) {
                continue;
            }
            if (/^[_a-zA-Z][\w]*(-[\w]+)*$/.test(name)) {
                this.keywords.set(name, type);
            } else if (/^[^\w\s"/]+$/.test(name)) {
                const first = name.charCodeAt(0);
                this.punctuation.set(first, [...this.punctuation.get(first) ?? [], [name, type] as [string, TokenType]]
                    .sort((a, b) => b[0].length - a[0].length));
            } else {
                throw new FastPathRefusal(`CjmFastLexer: cannot scan the keyword '${name}'.`);
            }
        }
        this.id = tokenTypes.ID;
        this.number = tokenTypes.NUMBER;
        this.string = tokenTypes.STRING;
        this.multiLineComment = tokenTypes.ML_COMMENT;
        this.singleLineComment = tokenTypes.SL_COMMENT;
    }

    /** The tokens and comments of `text`, or `undefined` where Chevrotain would report an error. */
    tokenize(text: string): LexerResult | undefined {
        const cursor = this.scan(text);
        const tokens: IToken[] = [];
        for (let token = cursor.next(); token; token = cursor.next()) {
            tokens.push(token);
        }
        return cursor.failed ? undefined : { tokens, hidden: cursor.hidden, errors: [], report: { diagnostics: [] } };
    }

    /**
     * A cursor over the tokens of `text`, scanned one at a time as a parser asks for them. With
     * `reuse`, every token is the same object, overwritten by the next: for a parser that copies
     * what it needs (as the CST builder does) before asking for the next one.
     */
    scan(text: string, reuse = false): TokenCursor {
        return new TokenCursor(this, text, reuse);
    }

    /** The next token after the cursor's position, skipping whitespace and collecting comments; `undefined` at the end or where no token starts (then `failed`). */
    scanToken(cursor: TokenCursor): IToken | undefined {
        const text = cursor.text;
        const length = text.length;
        for (;;) {
            let offset = cursor.offset;
            while (offset < length && isWhitespace(text.charCodeAt(offset))) {
                // Line breaks as Chevrotain counts them: \n, \r\n and \r.
                const c = text.charCodeAt(offset);
                offset++;
                if (c === LF || (c === CR && text.charCodeAt(offset) !== LF)) {
                    cursor.line++;
                    cursor.lineStart = offset;
                    cursor.lines.starts.push(offset);
                }
            }
            cursor.offset = offset;
            if (offset >= length) {
                return undefined;
            }
            const code = text.charCodeAt(offset);
            const start = offset;
            const line = cursor.line;
            const column = start - cursor.lineStart + 1;
            let type: TokenType | undefined;
            if (isLetter(code) || code === UNDERSCORE) {
                offset = scanIdentifier(text, offset);
                const image = text.substring(start, offset);
                cursor.offset = offset;
                const keyword = this.keywords.get(image);
                // A keyword's image is its name: the scanned copy can go at once.
                return cursor.emit(keyword ? keyword.name : image, start, line, column, offset - cursor.lineStart, keyword ?? this.id);
            }
            if (code === QUOTE) {
                offset = scanString(text, offset);
                type = this.string;
            } else if (code === SLASH && text.charCodeAt(offset + 1) === STAR) {
                const end = text.indexOf('*/', offset + 2);
                if (end < 0) {
                    cursor.failed = true;
                    return undefined;
                }
                offset = end + 2;
                for (let i = start; i < offset; i++) {
                    const c = text.charCodeAt(i);
                    if (c === LF || (c === CR && text.charCodeAt(i + 1) !== LF)) {
                        cursor.line++;
                        cursor.lineStart = i + 1;
                        cursor.lines.starts.push(i + 1);
                    }
                }
                cursor.offset = offset;
                cursor.hidden.push(token(text.substring(start, offset), start, line, column, cursor.line, offset - cursor.lineStart, this.multiLineComment));
                continue;
            } else if (code === SLASH && text.charCodeAt(offset + 1) === SLASH) {
                offset += 2;
                while (offset < length && text.charCodeAt(offset) !== LF && text.charCodeAt(offset) !== CR) {
                    offset++;
                }
                cursor.offset = offset;
                cursor.hidden.push(token(text.substring(start, offset), start, line, column, line, offset - cursor.lineStart, this.singleLineComment));
                continue;
            } else {
                // Keywords come before terminals in Chevrotain's order, so `->` is never a number.
                const keyword = this.punctuation.get(code)?.find(([image]) => text.startsWith(image, offset));
                if (keyword) {
                    cursor.offset = offset + keyword[0].length;
                    return cursor.emit(keyword[0], start, line, column, cursor.offset - cursor.lineStart, keyword[1]);
                } else if (isDigit(code) || code === PLUS || code === MINUS) {
                    offset = scanNumber(text, offset);
                    type = this.number;
                }
            }
            if (!type || offset === start) {
                cursor.failed = true;
                return undefined;
            }
            cursor.offset = offset;
            return cursor.emit(text.substring(start, offset), start, line, column, offset - cursor.lineStart, type);
        }
    }
}

/**
 * Scans on demand: a parser holds one token of lookahead, so tokens die young instead of a whole
 * file's worth (a quarter of a million at 10,000 touchpoints in one file) living through the parse.
 * Comments are collected in `hidden` as they are passed, before the token that follows them.
 */
export class TokenCursor {
    offset = 0;
    line = 1;
    lineStart = 0;
    /** Set when the text holds a character no token accepts (or an unclosed comment). */
    failed = false;
    /** The comments scanned so far that the parser has not taken yet. */
    hidden: IToken[] = [];
    /** Where the lines scanned so far start. */
    readonly lines = new LineStarts();

    private readonly reused: IToken | undefined;

    constructor(private readonly lexer: CjmFastLexer, readonly text: string, reuse: boolean) {
        this.reused = reuse ? token('', 0, 0, 0, 0, 0, EOF_TYPE) : undefined;
    }

    /** The next token, or `undefined` at the end of the text or at a lexical error (`failed`). */
    next(): IToken | undefined {
        return this.failed ? undefined : this.lexer.scanToken(this);
    }

    /** A token on one line, new or the reused one. */
    emit(image: string, startOffset: number, line: number, startColumn: number, endColumn: number, tokenType: TokenType): IToken {
        const reused = this.reused;
        if (!reused) {
            return token(image, startOffset, line, startColumn, line, endColumn, tokenType);
        }
        reused.image = image;
        reused.startOffset = startOffset;
        reused.endOffset = startOffset + image.length - 1;
        reused.startLine = line;
        reused.endLine = line;
        reused.startColumn = startColumn;
        reused.endColumn = endColumn;
        reused.tokenTypeIdx = tokenType.tokenTypeIdx!;
        reused.tokenType = tokenType;
        return reused;
    }
}

/** Where each line of a text starts, as Chevrotain counts lines (breaks at \n, \r\n and \r). */
export class LineStarts {
    readonly starts: number[] = [0];

    /** The 0-based line holding the character at `offset`. */
    lineOf(offset: number): number {
        const starts = this.starts;
        let low = 0;
        let high = starts.length - 1;
        while (low < high) {
            const middle = (low + high + 1) >> 1;
            if (starts[middle] <= offset) {
                low = middle;
            } else {
                high = middle - 1;
            }
        }
        return low;
    }
}

/** The type of the reused token before it is first filled. */
const EOF_TYPE = { name: 'EOF', tokenTypeIdx: -1 } as TokenType;

function token(image: string, startOffset: number, startLine: number, startColumn: number, endLine: number, endColumn: number, tokenType: TokenType): IToken {
    return { image, startOffset, endOffset: startOffset + image.length - 1, startLine, endLine, startColumn, endColumn, tokenTypeIdx: tokenType.tokenTypeIdx!, tokenType };
}

/** `[_a-zA-Z][\w]*(-[\w]+)*` from `offset` (which holds a letter or `_`): where it ends. */
function scanIdentifier(text: string, offset: number): number {
    let end = offset + 1;
    while (isWordCharacter(text.charCodeAt(end))) {
        end++;
    }
    while (text.charCodeAt(end) === MINUS && isWordCharacter(text.charCodeAt(end + 1))) {
        end += 2;
        while (isWordCharacter(text.charCodeAt(end))) {
            end++;
        }
    }
    return end;
}

/** `[+-]?[0-9]+(\.[0-9]+)?` from `offset`: where it ends, or `offset` when it does not match. */
function scanNumber(text: string, offset: number): number {
    let end = offset;
    const code = text.charCodeAt(end);
    if (code === PLUS || code === MINUS) {
        end++;
    }
    if (!isDigit(text.charCodeAt(end))) {
        return offset;
    }
    while (isDigit(text.charCodeAt(end))) {
        end++;
    }
    if (text.charCodeAt(end) === DOT && isDigit(text.charCodeAt(end + 1))) {
        end += 2;
        while (isDigit(text.charCodeAt(end))) {
            end++;
        }
    }
    return end;
}

/** `"(\\.|[^"\\\r\n])*"` from `offset` (which holds `"`): where it ends, or `offset` when it does not match. */
function scanString(text: string, offset: number): number {
    let end = offset + 1;
    for (;;) {
        const code = text.charCodeAt(end);
        if (code === QUOTE) {
            return end + 1;
        }
        if (code === BACKSLASH) {
            // `.` matches any character but a line terminator.
            const next = text.charCodeAt(end + 1);
            if (Number.isNaN(next) || next === LF || next === CR || next === 0x2028 || next === 0x2029) {
                return offset;
            }
            end += 2;
        } else if (Number.isNaN(code) || code === LF || code === CR) {
            return offset;
        } else {
            end++;
        }
    }
}

const LF = 10, CR = 13, QUOTE = 34, PLUS = 43, MINUS = 45, DOT = 46, SLASH = 47, STAR = 42, BACKSLASH = 92, UNDERSCORE = 95;

function isDigit(code: number): boolean {
    return code >= 48 && code <= 57;
}

function isLetter(code: number): boolean {
    return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

function isWordCharacter(code: number): boolean {
    return isLetter(code) || isDigit(code) || code === UNDERSCORE;
}

/** JavaScript's `\s`. */
function isWhitespace(code: number): boolean {
    if (code <= 32) {
        return code === 32 || (code >= 9 && code <= 13);
    }
    return code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029
        || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}
