/**
 * Mutation fuzzing of the standalone language server over LSP. A case is an example map or spec
 * fixture put through a few seeded mutations (deletions, insertions, swapped tokens, random bytes,
 * unbalanced braces, deep nesting); the fuzzer sends it as a `didOpen`/`didChange` (full text or a
 * range edit), waits for its diagnostics, then asks for every feature at several positions.
 *
 * What must hold: every diagnostic the server publishes lies inside its document and none reports
 * a crashed check; every request answers within REQUEST_DEADLINE_MS with a result or a
 * cancellation-type LSP error, never an internal error, and the ranges of outlines, formatting
 * edits and inlay hints lie inside the document; the process stays alive and logs no error.
 *
 * A case depends only on (seed, index), so `FUZZ_SEED=s FUZZ_CASE=n` rebuilds exactly one case;
 * a failing case's text is also written to a file named in the error.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { URI } from 'langium';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type {
    CodeLens, Diagnostic, DocumentSymbol, InlayHint, Position, PublishDiagnosticsParams, Range, SemanticTokens, TextDocumentContentChangeEvent, TextEdit
} from 'vscode-languageserver-protocol/node';
import {
    CodeActionRequest, CodeLensRequest, CompletionRequest, DefinitionRequest, DidChangeTextDocumentNotification, DidOpenTextDocumentNotification,
    DocumentFormattingRequest, DocumentHighlightRequest, DocumentRangeFormattingRequest, DocumentSymbolRequest, FoldingRangeRequest,
    HoverRequest, InlayHintRequest, LSPErrorCodes, PrepareRenameRequest, ReferencesRequest, ResponseError, SemanticTokensRangeRequest,
    SemanticTokensRequest
} from 'vscode-languageserver-protocol/node';
import { RENDER_MODEL_REQUEST } from '../../packages/language/src/render/render-model.types.js';
import { WORKSPACE_OVERVIEW_REQUEST } from '../../packages/language/src/workspace-overview/overview-model.types.js';
import { random } from '../support/seeded-random.js';
import { decodeSemanticTokens } from '../support/semantic-tokens.js';
import type { ServerSession } from './lsp-client.js';
import { ROOT } from './lsp-client.js';

/**
 * How long a request may take before it counts as hung. Speed is the benchmark's (a test on a busy
 * 2-core machine cannot tell slow from loaded); the slowest answer of each kind is printed, and
 * `FUZZ_DEADLINE_MS=2000 npm run fuzz` holds a run to the 2 s budget of the robustness issue.
 */
export const REQUEST_DEADLINE_MS = Number(process.env.FUZZ_DEADLINE_MS ?? 30_000);
/** A build (parse, link, validate) of an ordinary text; large texts get more, per megabyte. */
const BUILD_DEADLINE_MS = 20_000;
const BUILD_DEADLINE_PER_MB_MS = 30_000;

type Rng = () => number;

/** A text to mutate: the examples and the spec and journey-management fixtures. */
export interface Seedling {
    name: string;
    text: string;
}

/** The texts the fuzzer starts from. */
export function seedlings(): Seedling[] {
    const from = (folder: string) => readdirSync(join(ROOT, folder)).filter(name => name.endsWith('.cjm'))
        .map(name => ({ name: `${folder}/${name}`, text: readFileSync(join(ROOT, folder, name), 'utf8') }));
    return [...from('examples'), ...from('test/fixtures/spec'), ...from('test/fixtures/management')];
}

/** A derived seed for case `index`, so each case can be rebuilt on its own. */
export function caseSeed(seed: number, index: number): number {
    return (seed ^ Math.imul(index + 1, 0x9E3779B1)) | 0;
}

const int = (rng: Rng, bound: number) => Math.floor(rng() * bound);
const pickOne = <T>(rng: Rng, items: readonly T[]): T => items[int(rng, items.length)];
/** Mostly short lengths, sometimes long ones. */
const length = (rng: Rng, max: number) => 1 + int(rng, rng() < 0.7 ? Math.min(8, max) : max);

/** Pieces that are hard on a lexer, a parser or a position mapping. */
const NASTY = [
    '{', '}', '{{', '}}', '"', '\\', '->', '-', '%', ',', '/*', '*/', '//', '\n', '\r\n', '\r', '\t', '\u0000', '\uFEFF',
    '\u2028', '\uD800', '\uDFFF', '😀', 'e\u0301', '−', '"unterminated', '"\\"', '-0', '+', '1e309', '99999999999999999999',
    '-2.5', '0.', 'persona', 'journey j {', 'stage s {', 'touchpoint t {', 'metric m {', 'scenario x { path a -> }',
    'emotions {', 'feels', 'expected 99', 'source', 'severity', 'owner', 'support', 'moment-of-truth', 'path', '}}}}', '{ { {',
    'for', 'feels happy for', 'feels -1 for maya', 'expected 1 for', 'asks', 'asks "?"', 'frontstage "', 'backstage', 'artifact ""',
    'insight', 'insight i {', 'insight i { date', 'evidence', 'evidence a,', 'subjourney', 'subjourney j', 'reviewed "soon"',
    'due "2026-02-30"', 'date "2026-13"', 'impact', 'effort high', 'ticket', 'sample -1'
];

/** Lexeme-sized pieces of a text: strings, comments, words with `%`, arrows, single characters. */
function lexemes(text: string): string[] {
    return text.match(/"(?:\\.|[^"\\\n])*"?|\/\/[^\n]*|\/\*[\s\S]*?\*\/|[\w-]+%?|->|\S/g) ?? [];
}

interface Mutation {
    name: string;
    weight: number;
    apply(text: string, rng: Rng): string;
}

const at = (text: string, rng: Rng) => int(rng, text.length + 1);

const MUTATIONS: Mutation[] = [
    {
        name: 'delete', weight: 4, apply(text, rng) {
            const start = at(text, rng);
            return text.slice(0, start) + text.slice(start + length(rng, 300));
        }
    },
    {
        name: 'delete-lines', weight: 2, apply(text, rng) {
            const lines = text.split('\n');
            const start = int(rng, lines.length);
            lines.splice(start, length(rng, 12));
            return lines.join('\n');
        }
    },
    {
        name: 'insert', weight: 4, apply(text, rng) {
            const pool = rng() < 0.5 ? NASTY : lexemes(text);
            const piece = pool.length ? pickOne(rng, pool) : '{';
            const gap = pickOne(rng, ['', ' ', '\n']);
            const start = at(text, rng);
            return text.slice(0, start) + gap + piece + gap + text.slice(start);
        }
    },
    {
        name: 'swap-tokens', weight: 3, apply(text, rng) {
            const spans = [...text.matchAll(/"(?:\\.|[^"\\\n])*"|[\w-]+%?|->|[{}(),]/g)];
            if (spans.length < 2) {
                return text;
            }
            let [a, b] = [pickOne(rng, spans), pickOne(rng, spans)];
            if (a.index > b.index) {
                [a, b] = [b, a];
            }
            if (a.index + a[0].length > b.index) {
                return text;
            }
            return text.slice(0, a.index) + b[0] + text.slice(a.index + a[0].length, b.index) + a[0] + text.slice(b.index + b[0].length);
        }
    },
    {
        name: 'duplicate', weight: 2, apply(text, rng) {
            const start = at(text, rng);
            const copy = text.slice(start, start + length(rng, 400));
            const to = at(text, rng);
            return text.slice(0, to) + copy + text.slice(to);
        }
    },
    {
        name: 'random-bytes', weight: 2, apply(text, rng) {
            const bytes = Uint8Array.from({ length: length(rng, 64) }, () => int(rng, 256));
            const start = at(text, rng);
            const replaced = rng() < 0.5 ? 0 : length(rng, 32);
            return text.slice(0, start) + new TextDecoder().decode(bytes) + text.slice(start + replaced);
        }
    },
    {
        name: 'random-code-units', weight: 1, apply(text, rng) {
            // Any UTF-16 code unit, lone surrogates included: what a broken client or a bad paste may send.
            const units = String.fromCharCode(...Array.from({ length: length(rng, 16) }, () => int(rng, 0x10000)));
            const start = at(text, rng);
            return text.slice(0, start) + units + text.slice(start);
        }
    },
    {
        name: 'unbalance-braces', weight: 3, apply(text, rng) {
            let result = text;
            for (let i = length(rng, 6); i > 0; i--) {
                const braces = [...result.matchAll(/[{}]/g)];
                if (rng() < 0.5 && braces.length) {
                    const brace = pickOne(rng, braces);
                    result = result.slice(0, brace.index) + result.slice(brace.index + 1);
                } else {
                    const start = at(result, rng);
                    result = result.slice(0, start) + pickOne(rng, ['{', '}']) + result.slice(start);
                }
            }
            return result;
        }
    },
    {
        name: 'truncate', weight: 1, apply(text, rng) {
            return text.slice(0, at(text, rng));
        }
    },
    {
        name: 'deep-nesting', weight: 1, apply(text, rng) {
            const depth = pickOne(rng, [100, 1_000, 10_000]);
            const start = at(text, rng);
            const inner = rng() < 0.5 ? '{'.repeat(depth) + '}'.repeat(rng() < 0.5 ? depth : int(rng, depth)) : 'stage s { touchpoint t { '.repeat(depth / 10);
            return text.slice(0, start) + inner + text.slice(start);
        }
    }
];
const TOTAL_WEIGHT = MUTATIONS.reduce((sum, m) => sum + m.weight, 0);

function pickMutation(rng: Rng): Mutation {
    let roll = rng() * TOTAL_WEIGHT;
    for (const mutation of MUTATIONS) {
        roll -= mutation.weight;
        if (roll < 0) {
            return mutation;
        }
    }
    return MUTATIONS[0];
}

/** One fuzzing case: a mutated text and how to send it. */
export interface FuzzCase {
    index: number;
    seed: number;
    /** What was done, for the failure message: `examples/checkout.cjm: delete, insert`. */
    description: string;
    text: string;
    /** Send the change as one range edit from the previous text, instead of the full text. */
    incremental: boolean;
    /** Offsets at which to ask position requests (clamped to the text). */
    offsets: number[];
}

/** Builds case `index` of the run seeded `seed`. */
export function fuzzCase(seed: number, index: number, sources: Seedling[]): FuzzCase {
    const rng = random(caseSeed(seed, index));
    const source = pickOne(rng, sources);
    const applied: string[] = [];
    let text = source.text;
    for (let count = 1 + int(rng, rng() < 0.8 ? 2 : 5); count > 0; count--) {
        const mutation = pickMutation(rng);
        applied.push(mutation.name);
        text = mutation.apply(text, rng);
    }
    const offsets = Array.from({ length: 4 }, () => int(rng, text.length + 1));
    return { index, seed, description: `${source.name}: ${applied.join(', ')}`, text, incremental: rng() < 0.5, offsets };
}

/**
 * Server bugs the fuzzer has found and that are reported but not fixed yet: an answer matching one
 * is counted (and printed at the end of the run) instead of failing it. Each has a `test.fails`
 * with its minimal case in server-fuzz.test.ts; when that test starts failing, the bug is fixed
 * and its entry goes.
 */
export const KNOWN_BUGS: Array<{ name: string; request: string; error: RegExp }> = [];

/** A failed expectation, with everything needed to replay it. */
export class FuzzFailure extends Error {}

/** Error codes that are a proper answer to a request (the server gave up on it), not a crash. */
const ACCEPTED_ERRORS: number[] = [LSPErrorCodes.RequestCancelled, LSPErrorCodes.ContentModified, LSPErrorCodes.ServerCancelled];

/** The smallest single range edit that turns `before` into `after`. */
function rangeEdit(before: TextDocument, after: string): TextDocumentContentChangeEvent {
    const old = before.getText();
    let prefix = 0;
    while (prefix < old.length && prefix < after.length && old[prefix] === after[prefix]) {
        prefix++;
    }
    // Never split a surrogate pair or a CRLF: the edit's positions must be positions of both texts.
    while (prefix > 0 && /[\uD800-\uDBFF\r]/.test(old[prefix - 1])) {
        prefix--;
    }
    let suffix = 0;
    while (suffix < old.length - prefix && suffix < after.length - prefix && old[old.length - 1 - suffix] === after[after.length - 1 - suffix]) {
        suffix++;
    }
    while (suffix > 0 && /[\uDC00-\uDFFF\n]/.test(old[old.length - suffix])) {
        suffix--;
    }
    return {
        range: { start: before.positionAt(prefix), end: before.positionAt(old.length - suffix) },
        text: after.slice(prefix, after.length - suffix)
    };
}

/** Whether `position` is a position of `document` (a line of it, a character within that line). */
function inside(document: TextDocument, position: Position): boolean {
    return Number.isInteger(position.line) && Number.isInteger(position.character)
        && position.line >= 0 && position.character >= 0 && position.line < document.lineCount
        && document.positionAt(document.offsetAt(position)).character === position.character
        && document.positionAt(document.offsetAt(position)).line === position.line;
}

function rangeInside(document: TextDocument, range: Range): boolean {
    return inside(document, range.start) && inside(document, range.end) && document.offsetAt(range.start) <= document.offsetAt(range.end);
}

/** Runs cases against one server, keeping the client's copy of every document it sends. */
export class ServerFuzzer {
    private readonly documents = new Map<string, TextDocument>();
    private readonly problems: string[] = [];
    /** The slowest answer per request, in ms. */
    readonly slowest: Record<string, number> = {};
    /** How often each known bug was met. */
    readonly knownBugHits: Record<string, number> = {};

    constructor(private readonly server: ServerSession, private readonly folder: string) {
        server.inbox.listen(params => this.checkPublished(params));
    }

    private uri(name: string): string {
        return URI.file(join(this.folder, name)).toString();
    }

    /** Every publication, for any document, must fit the text the server was given. */
    private checkPublished(params: PublishDiagnosticsParams): void {
        const document = this.documents.get(params.uri) ?? this.fromDisk(params.uri);
        if (!document) {
            return;
        }
        for (const diagnostic of params.diagnostics) {
            if (!rangeInside(document, diagnostic.range)) {
                this.problems.push(`diagnostic outside ${params.uri} (${document.lineCount} lines): ${JSON.stringify(diagnostic)}`);
            }
            const message = typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value;
            if (/An error occurred/.test(message)) {
                this.problems.push(`a check crashed in ${params.uri}: ${message}`);
            }
        }
    }

    private fromDisk(uri: string): TextDocument | undefined {
        const path = URI.parse(uri).fsPath;
        return existsSync(path) ? TextDocument.create(uri, 'cjm', 0, readFileSync(path, 'utf8')) : undefined;
    }

    /** Sends `text` as document `name` and checks everything the issue asks; throws a FuzzFailure. */
    async run(name: string, fuzz: Pick<FuzzCase, 'text' | 'incremental' | 'offsets'> & { label: string }): Promise<void> {
        const uri = this.uri(name);
        const previous = this.documents.get(uri);
        const version = (previous?.version ?? 0) + 1;
        const published = this.server.inbox.next(uri, BUILD_DEADLINE_MS + BUILD_DEADLINE_PER_MB_MS * fuzz.text.length / 1e6);
        if (!previous) {
            this.documents.set(uri, TextDocument.create(uri, 'cjm', version, fuzz.text));
            await this.server.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'cjm', version, text: fuzz.text } });
        } else {
            const change = fuzz.incremental ? rangeEdit(previous, fuzz.text) : { text: fuzz.text };
            const updated = TextDocument.update(previous, [change], version);
            if (updated.getText() !== fuzz.text) {
                throw new Error('the fuzzer\'s range edit does not produce the text');
            }
            this.documents.set(uri, updated);
            await this.server.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [change] });
        }
        const document = this.documents.get(uri)!;
        const fail = (what: string) => {
            const file = join(tmpdir(), `cjm-fuzz-${fuzz.label.replace(/[^\w-]+/g, '_')}.cjm`);
            writeFileSync(file, fuzz.text);
            return new FuzzFailure(`${fuzz.label}: ${what}\n  text (${fuzz.text.length} chars) written to ${file}\n  server stderr: ${this.server.stderr().slice(-2000)}`);
        };
        let diagnostics: Diagnostic[];
        try {
            diagnostics = await published;
        } catch (error) {
            throw fail(`${(error as Error).message}; server alive: ${this.server.alive()}`);
        }
        const id = { textDocument: { uri } };
        const whole: Range = { start: { line: 0, character: 0 }, end: document.positionAt(fuzz.text.length) };
        const positions = [...fuzz.offsets.map(offset => document.positionAt(Math.min(offset, fuzz.text.length))), ...diagnostics.slice(0, 2).map(d => d.range.start)];
        const requests: Array<[string, () => Promise<unknown>, (result: unknown) => Range[]]> = [];
        const noRanges = () => [];
        for (const position of positions) {
            const where = `@${position.line}:${position.character}`;
            requests.push(
                ['hover' + where, () => this.server.connection.sendRequest(HoverRequest.type, { ...id, position }), noRanges],
                ['completion' + where, () => this.server.connection.sendRequest(CompletionRequest.type, { ...id, position }), noRanges],
                ['definition' + where, () => this.server.connection.sendRequest(DefinitionRequest.type, { ...id, position }), noRanges],
                ['references' + where, () => this.server.connection.sendRequest(ReferencesRequest.type, { ...id, position, context: { includeDeclaration: true } }), noRanges]
            );
            if (this.server.capabilities.documentHighlightProvider) {
                requests.push(['documentHighlight' + where, () => this.server.connection.sendRequest(DocumentHighlightRequest.type, { ...id, position }), noRanges]);
            }
            if (this.server.capabilities.renameProvider) {
                requests.push(['prepareRename' + where, () => this.server.connection.sendRequest(PrepareRenameRequest.type, { ...id, position }), noRanges]);
            }
        }
        const cut = positions[0] ?? whole.start;
        requests.push(
            ['documentSymbol', () => this.server.connection.sendRequest(DocumentSymbolRequest.type, id), result => symbolRanges(result as DocumentSymbol[] | null)],
            ['foldingRange', () => this.server.connection.sendRequest(FoldingRangeRequest.type, id), noRanges],
            ['formatting', () => this.server.connection.sendRequest(DocumentFormattingRequest.type, { ...id, options: { tabSize: 2, insertSpaces: true } }), result => ((result ?? []) as TextEdit[]).map(e => e.range)],
            ['rangeFormatting', () => this.server.connection.sendRequest(DocumentRangeFormattingRequest.type, { ...id, range: { start: whole.start, end: cut }, options: { tabSize: 2, insertSpaces: true } }), result => ((result ?? []) as TextEdit[]).map(e => e.range)],
            ['inlayHint', () => this.server.connection.sendRequest(InlayHintRequest.type, { ...id, range: whole }), result => ((result ?? []) as InlayHint[]).map(h => ({ start: h.position, end: h.position }))],
            ['codeAction', () => this.server.connection.sendRequest(CodeActionRequest.type, { ...id, range: diagnostics[0]?.range ?? whole, context: { diagnostics: diagnostics.slice(0, 5) } }), noRanges],
            ['renderModel', () => this.server.connection.sendRequest(RENDER_MODEL_REQUEST, { uri }), noRanges],
            ['codeLens', () => this.server.connection.sendRequest(CodeLensRequest.type, id), result => ((result ?? []) as CodeLens[]).map(lens => lens.range)],
            ['workspaceOverview', () => this.server.connection.sendRequest(WORKSPACE_OVERVIEW_REQUEST), noRanges]
        );
        if (this.server.capabilities.semanticTokensProvider) {
            requests.push(
                ['semanticTokens', () => this.server.connection.sendRequest(SemanticTokensRequest.type, id), result => tokenRanges(result as SemanticTokens | null)],
                ['semanticTokensRange', () => this.server.connection.sendRequest(SemanticTokensRangeRequest.type, { ...id, range: { start: whole.start, end: cut } }), result => tokenRanges(result as SemanticTokens | null)]
            );
        }
        for (const [label, send, ranges] of requests) {
            const kind = label.replace(/@.*/, '');
            const started = performance.now();
            const outcome = await answerWithin(send(), REQUEST_DEADLINE_MS);
            this.slowest[kind] = Math.max(this.slowest[kind] ?? 0, Math.round(performance.now() - started));
            if (outcome.timedOut) {
                throw fail(`${label} did not answer within ${REQUEST_DEADLINE_MS} ms; server alive: ${this.server.alive()}`);
            }
            if (outcome.error) {
                const code = outcome.error instanceof ResponseError ? outcome.error.code : undefined;
                const known = KNOWN_BUGS.find(bug => bug.request === kind && bug.error.test(outcome.error!.message));
                if (known) {
                    this.knownBugHits[known.name] = (this.knownBugHits[known.name] ?? 0) + 1;
                } else if (code === undefined || !ACCEPTED_ERRORS.includes(code)) {
                    throw fail(`${label} answered with an error (code ${code}): ${outcome.error.message}`);
                }
            } else {
                const outside = ranges(outcome.result).filter(range => !rangeInside(document, range));
                if (outside.length) {
                    throw fail(`${label} returned ranges outside the document: ${JSON.stringify(outside.slice(0, 3))}`);
                }
            }
        }
        if (!this.server.alive()) {
            throw fail(`the server exited (code ${this.server.process.exitCode}, signal ${this.server.process.signalCode})`);
        }
        if (this.server.stderr().length > 0) {
            throw fail('the server wrote to stderr');
        }
        if (this.server.loggedErrors.length) {
            throw fail(`the server logged errors: ${this.server.loggedErrors.splice(0).join('\n')}`);
        }
        if (this.problems.length) {
            throw fail(this.problems.splice(0).join('\n'));
        }
    }
}

/** The ranges of semantic tokens (each on one line). */
function tokenRanges(tokens: SemanticTokens | null): Range[] {
    return decodeSemanticTokens(tokens?.data ?? [], { tokenTypes: [], tokenModifiers: [] })
        .map(({ line, character, length }) => ({ start: { line, character }, end: { line, character: character + length } }));
}

function symbolRanges(symbols: DocumentSymbol[] | null): Range[] {
    return (symbols ?? []).flatMap(symbol => [symbol.range, symbol.selectionRange, ...symbolRanges(symbol.children ?? [])]);
}

interface Outcome {
    result?: unknown;
    error?: Error;
    timedOut?: boolean;
}

function answerWithin(request: Promise<unknown>, deadlineMs: number): Promise<Outcome> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<Outcome>(resolve => { timer = setTimeout(() => resolve({ timedOut: true }), deadlineMs); });
    const answer = request.then(result => ({ result }), (error: Error) => ({ error }));
    return Promise.race([answer, deadline]).finally(() => clearTimeout(timer));
}
