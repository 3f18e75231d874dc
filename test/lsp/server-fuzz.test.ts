/**
 * Mutation fuzzing of the standalone language server over LSP (see server-fuzzer.ts for what is
 * checked). `npm test` runs a CI-sized set of cases with a fixed seed; `npm run fuzz` (a fresh seed)
 * runs for FUZZ_MINUTES (default 10). The seed is printed, and a failure names its case:
 *
 *   FUZZ_SEED=<seed> npx vitest run test/lsp/server-fuzz.test.ts                 replays the run
 *   FUZZ_SEED=<seed> FUZZ_CASE=<n> npx vitest run test/lsp/server-fuzz.test.ts   replays one case
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { URI } from 'langium';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CodeActionRequest } from 'vscode-languageserver-protocol/node';
import type { RenderModel } from '../../packages/language/src/render/render-model.types.js';
import { RENDER_MODEL_REQUEST } from '../../packages/language/src/render/render-model.types.js';
import type { ServerSession } from './lsp-client.js';
import { ROOT, startServer } from './lsp-client.js';
import { ServerFuzzer, fuzzCase, seedlings } from './server-fuzzer.js';

const ONLY_CASE = process.env.FUZZ_CASE ? Number(process.env.FUZZ_CASE) : undefined;
const MINUTES = process.env.FUZZ_MINUTES ? Number(process.env.FUZZ_MINUTES) : undefined;
/** The CI-sized run's seed: the same texts on every run, so `npm test` passes or fails for the code, not for luck. */
const CI_SEED = 20261201;
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : MINUTES === undefined ? CI_SEED : Math.floor(Math.random() * 2 ** 31);
/** Cases in the CI-sized run. */
const CI_CASES = 200;

let server: ServerSession;
let fuzzer: ServerFuzzer;
let folder: string;
let cases = 0;

beforeAll(async () => {
    // The examples are the workspace, so mutated maps link against (and clash with) the real persona library.
    folder = mkdtempSync(join(tmpdir(), 'cjm-fuzz-'));
    cpSync(join(ROOT, 'examples'), folder, { recursive: true });
    server = await startServer(folder);
    fuzzer = new ServerFuzzer(server, folder);
    console.info(`server fuzz: seed ${SEED} (replay: FUZZ_SEED=${SEED} npx vitest run test/lsp/server-fuzz.test.ts)`);
});

afterAll(() => {
    if (server.alive()) {
        server.process.kill();
    }
    rmSync(folder, { recursive: true, force: true });
    console.info(`server fuzz: seed ${SEED}, ${cases} mutated texts; slowest answers (ms):`, fuzzer.slowest);
    if (Object.keys(fuzzer.knownBugHits).length) {
        console.warn('server fuzz: known bugs met (see KNOWN_BUGS in server-fuzzer.ts):', fuzzer.knownBugHits);
    }
});

const label = (index: number, description: string) => `FUZZ_SEED=${SEED} FUZZ_CASE=${index} (${description})`;

describe('the language server under mutated input', () => {
    // Found by the fuzzer: the preview's request failed with an internal error (-32603) while
    // `owner` (or `channel`) was typed without its name yet.
    test('cjm/renderModel answers for a touchpoint whose `owner` has no name yet', async () => {
        const uri = URI.file(join(folder, 'half-typed.cjm')).toString();
        await server.open(uri, 'journey half-typed { stage s { touchpoint t { owner } } }');
        const model = await server.connection.sendRequest<RenderModel | null>(RENDER_MODEL_REQUEST, { uri });
        expect(model?.journeys.map(journey => journey.id)).toEqual(['half-typed']);
        expect(model?.journeys[0].stages[0].touchpoints[0].owner).toBeUndefined();
    });

    // Found by the fuzzer: the quick fix for an unknown emotion looked for the `}` of the file's
    // `emotions` block, and a block still being typed has none; the whole request failed (-32603).
    test('codeAction answers for an unknown emotion while `emotions {` is unclosed', async () => {
        const uri = URI.file(join(folder, 'unclosed-emotions.cjm')).toString();
        const diagnostics = await server.open(uri, 'journey unclosed-emotions { stage s { touchpoint t { feels furious } } }\nemotions {');
        const linking = diagnostics.filter(d => d.code === 'linking-error' || (d.data as { code?: string } | undefined)?.code === 'linking-error');
        expect(linking).toHaveLength(1);
        const actions = await server.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: linking[0].range, context: { diagnostics: linking } });
        expect(actions?.map(action => action.title)).toContain('Declare emotion \'furious\' with score 0');
    });

    test(MINUTES ? `seeded mutations for ${MINUTES} minutes` : `${CI_CASES} seeded mutations of the examples and spec fixtures`, async () => {
        const sources = seedlings();
        const stopAt = MINUTES ? Date.now() + MINUTES * 60_000 : Infinity;
        for (let index = ONLY_CASE ?? 0; ; index++) {
            const fuzz = fuzzCase(SEED, index, sources);
            await fuzzer.run('fuzz.cjm', { ...fuzz, label: label(index, fuzz.description) });
            cases++;
            if (ONLY_CASE !== undefined || (MINUTES ? Date.now() > stopAt : index + 1 >= CI_CASES)) {
                break;
            }
        }
    }, (MINUTES ?? 1.5) * 60_000 + 60_000);

    // Found by the fuzzer: every duplicate-name message for a stage (or touchpoint) listed the lines
    // of all the others, so n same-named stages cost O(n²) time and text (1,000 stages in a 43 KB
    // file: 20 MB of diagnostics; 4,000: 345 MB and seconds of validation).
    test('1,000 stages with one name get diagnostics of a sensible size', async () => {
        const uri = URI.file(join(folder, 'same-name.cjm')).toString();
        const diagnostics = await server.open(uri, `journey same-names {\n${'  stage s { touchpoint t { feels happy } }\n'.repeat(1_000)}}\n`);
        expect(diagnostics.filter(d => d.code === 'duplicate-name')).toHaveLength(2_000);
        expect(JSON.stringify(diagnostics).length).toBeLessThan(2_000_000);
    });

    test('10,000-level nesting', async () => {
        const depth = 10_000;
        const example = readFileSync(join(ROOT, 'examples/checkout.cjm'), 'utf8');
        const middle = example.indexOf('touchpoint');
        const texts = {
            braces: `journey j ${'{'.repeat(depth)}${'}'.repeat(depth)}`,
            unclosed: 'journey j ' + '{'.repeat(depth),
            // Distinct names at every level (the fuzzer's deep-nesting mutation repeats one name).
            elements: `journey j { ${Array.from({ length: depth / 2 }, (_, i) => `stage s${i} { touchpoint t${i} { `).join('')}${'} '.repeat(depth)}}`,
            'inside the example': example.slice(0, middle) + '{'.repeat(depth) + example.slice(middle)
        };
        // Completion after the 10,000 levels of `elements` took 1.6 s in-process and 2 s or more over
        // LSP, re-parsing the whole broken journey for each context; it now has 2 s like every request.
        for (const [name, text] of Object.entries(texts)) {
            await fuzzer.run('nesting.cjm', { text, incremental: true, offsets: [0, depth, text.length >> 1, text.length], label: `nesting: ${name}` });
        }
    }, 120_000);

    test('a 5 MB file, then a one-character edit in its middle', async () => {
        const journey = readFileSync(join(ROOT, 'examples/checkout.cjm'), 'utf8');
        const copies = Math.ceil(5_000_000 / journey.length);
        const text = Array.from({ length: copies }, (_, i) => journey.replace('journey checkout', `journey checkout-${i}`)).join('\n');
        const offsets = [0, text.length >> 1, text.length - 10, text.length];
        // Formatting it took 4-7 s and range formatting 2-3 s even for an empty range, before the
        // formatter laid out the gaps in one pass and a range by its own lines; now every request has 2 s.
        await fuzzer.run('big.cjm', { text, incremental: false, offsets, label: '5 MB' });
        const middle = text.indexOf('{', text.length >> 1);
        await fuzzer.run('big.cjm', { text: text.slice(0, middle) + text.slice(middle + 1), incremental: true, offsets, label: '5 MB with a brace deleted' });
    }, 300_000);

    test('the server is still alive and shuts down cleanly', async () => {
        expect(server.alive()).toBe(true);
        expect(await server.stop(), server.stderr()).toBe(0);
    });
});
