/**
 * Rapid edits over LSP: an example map is typed into the standalone server character by character,
 * 500 `didChange` notifications sent as fast as the pipe takes them: range edits that type, typos
 * fixed a keystroke later, backspaces, several changes in one notification, full-text changes (one
 * of them a broken text restored by the next). The server must end up with exactly the client's
 * text: the same diagnostics, outline, folding, formatting and render model as a fresh server that
 * is given the final text in one `didOpen`.
 *
 * The edits are seeded; FUZZ_SEED=<seed> replays them.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { URI } from 'langium';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocumentContentChangeEvent, TextEdit } from 'vscode-languageserver-protocol/node';
import {
    DidChangeTextDocumentNotification, DocumentFormattingRequest, DocumentSymbolRequest, FoldingRangeRequest
} from 'vscode-languageserver-protocol/node';
import type { RenderModel } from '../../packages/language/src/render/render-model.types.js';
import { RENDER_MODEL_REQUEST } from '../../packages/language/src/render/render-model.types.js';
import { random } from '../support/seeded-random.js';
import type { ServerSession } from './lsp-client.js';
import { ROOT, startServer } from './lsp-client.js';

const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31);
const NOTIFICATIONS = 500;
/** Characters cut out of the example, to be typed back. */
const HOLES = 5;
const HOLE_LENGTH = 110;
const JUNK = ['{', '}', '"', 'x', '->', '\n', '%', '/*'];

interface Notification {
    version: number;
    changes: TextDocumentContentChangeEvent[];
}

/**
 * The notifications that type `target` back into it with HOLES spans cut out, ending exactly on
 * `target`; and the text the server starts from.
 */
function typingSession(target: string, seed: number): { start: string; notifications: Notification[] } {
    const next = random(seed);
    const int = (bound: number) => Math.floor(next() * bound);
    // Holes in document order; each is typed back completely before the next one starts.
    const slot = Math.floor(target.length / HOLES);
    const holes = Array.from({ length: HOLES }, (_, i) => {
        const from = i * slot + int(slot - HOLE_LENGTH);
        return { from, text: target.slice(from, from + HOLE_LENGTH), typed: 0 };
    });
    const start = holes.reduceRight((text, hole) => text.slice(0, hole.from) + text.slice(hole.from + HOLE_LENGTH), target);
    let mirror = TextDocument.create('file:///mirror.cjm', 'cjm', 1, start);
    const notifications: Notification[] = [];
    let remaining = HOLES * HOLE_LENGTH;
    // A change the next notification must undo: a typo to delete, a broken full text to restore.
    let repair: TextDocumentContentChangeEvent | undefined;

    // The hole being typed: the holes before it are filled and those after it still cut out, so
    // its offset in the current text is its offset in the target.
    const cursor = () => holes.find(h => h.typed < h.text.length) ?? holes[holes.length - 1];
    const insertAt = (offset: number, text: string): TextDocumentContentChangeEvent => {
        const position = mirror.positionAt(offset);
        return { range: { start: position, end: position }, text };
    };
    const deleteAt = (offset: number, length: number): TextDocumentContentChangeEvent =>
        ({ range: { start: mirror.positionAt(offset), end: mirror.positionAt(offset + length) }, text: '' });
    const send = (...changes: TextDocumentContentChangeEvent[]) => {
        const version = mirror.version + 1;
        mirror = TextDocument.update(mirror, changes, version);
        notifications.push({ version, changes });
    };
    /** One change of a notification: applied to the mirror at once, so the next change's positions see it. */
    const typeChars = (count: number): TextDocumentContentChangeEvent => {
        const hole = cursor();
        const text = hole.text.slice(hole.typed, hole.typed + count);
        const change = insertAt(hole.from + hole.typed, text);
        hole.typed += text.length;
        remaining -= text.length;
        return change;
    };

    for (let left = NOTIFICATIONS; left > 0; left--) {
        if (repair) {
            send(repair);
            repair = undefined;
            continue;
        }
        // Near the end, only typing (up to three characters a notification, fewer where a hole ends)
        // until every hole is filled; the last notification changes nothing in the end, so nothing is left to repair.
        if (remaining > 3 * (left - 2 - HOLES) && remaining > 0) {
            send(typeChars(Math.min(3, remaining)));
            continue;
        }
        // Full-text changes only in the first half: a full text would hide any edit lost before it.
        const roll = left === 1 ? 0.9 : next() * (left > NOTIFICATIONS / 2 ? 1 : 0.92);
        if (remaining > 0 && roll < 0.6) {
            send(typeChars(1 + int(2)));
        } else if (roll < 0.72 && left > 1) {
            // A typo at the cursor or anywhere, fixed by the next notification.
            const junk = JUNK[int(JUNK.length)];
            const offset = next() < 0.5 ? cursor().from + cursor().typed : int(mirror.getText().length + 1);
            send(insertAt(offset, junk));
            repair = deleteAt(offset, junk.length);
        } else if (roll < 0.82 && left > 1 && cursor().typed > 0) {
            // Backspace over what was just typed; it is typed again later.
            const hole = cursor();
            const count = Math.min(hole.typed, 1 + int(3));
            hole.typed -= count;
            remaining += count;
            send(deleteAt(hole.from + hole.typed, count));
        } else if (roll < 0.92) {
            // Several changes in one notification, applied in order: type, a stray brace, its deletion.
            const changes: TextDocumentContentChangeEvent[] = [];
            const apply = (change: TextDocumentContentChangeEvent) => {
                changes.push(change);
                mirror = TextDocument.update(mirror, [change], mirror.version);
            };
            if (remaining > 0) {
                apply(typeChars(1));
            }
            const offset = cursor().from + cursor().typed;
            apply(insertAt(offset, '}'));
            apply(deleteAt(offset, 1));
            // The mirror already holds the result; record the notification under the next version.
            const version = mirror.version + 1;
            mirror = TextDocument.update(mirror, [], version);
            notifications.push({ version, changes });
        } else if (roll < 0.96) {
            send({ text: mirror.getText() });
        } else {
            // A full text with every closing brace gone, then the real text again.
            const current = mirror.getText();
            send({ text: current.replace(/}/g, '') });
            repair = { text: current };
        }
    }
    if (mirror.getText() !== target) {
        throw new Error(`the typing session for seed ${seed} does not end on the example`);
    }
    return { start, notifications };
}

let folder: string;
let typed: ServerSession;
let fresh: ServerSession;

beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'cjm-rapid-'));
    cpSync(join(ROOT, 'examples'), folder, { recursive: true });
    [typed, fresh] = await Promise.all([startServer(folder), startServer(folder)]);
    console.info(`rapid edits: seed ${SEED} (replay: FUZZ_SEED=${SEED} npx vitest run test/lsp/rapid-edits.test.ts)`);
});

afterAll(async () => {
    await Promise.all([typed.stop(), fresh.stop()]);
    rmSync(folder, { recursive: true, force: true });
});

describe('500 rapid didChange notifications', () => {
    test.each(['checkout.cjm', 'onboarding.cjm'])('typing %s back in: the server ends with the client\'s text', async (example) => {
        const target = readFileSync(join(ROOT, 'examples', example), 'utf8');
        const { start, notifications } = typingSession(target, SEED);
        expect(notifications).toHaveLength(NOTIFICATIONS);
        // A new name beside the example on disk (so its names are declared twice, in both servers alike).
        const uri = URI.file(join(folder, `typed-${example}`)).toString();
        await typed.open(uri, start);

        const started = performance.now();
        await Promise.all(notifications.map(({ version, changes }) =>
            typed.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: changes })));
        // The server's publishDiagnostics carries no version. The render model request waits for the
        // document's validation and names the version it was built from, and the diagnostics of that
        // build are published before its answer is written: the last ones received are the final ones.
        const model = await typed.connection.sendRequest<RenderModel | null>(RENDER_MODEL_REQUEST, { uri });
        const settled = Math.round(performance.now() - started);
        const final = notifications[notifications.length - 1].version;
        expect(model?.version, 'the render model is of the last version sent').toBe(final);
        const diagnostics = typed.inbox.latest(uri);

        const expected = await fresh.open(uri, target);
        expect(diagnostics).toEqual(expected);
        const freshModel = await fresh.connection.sendRequest<RenderModel | null>(RENDER_MODEL_REQUEST, { uri });
        expect({ ...model, version: 0 }).toEqual({ ...freshModel, version: 0 });

        const id = { textDocument: { uri } };
        for (const [label, ask] of [
            ['documentSymbol', (server: ServerSession) => server.connection.sendRequest(DocumentSymbolRequest.type, id)],
            ['foldingRange', (server: ServerSession) => server.connection.sendRequest(FoldingRangeRequest.type, id)]
        ] as const) {
            expect(await ask(typed), label).toEqual(await ask(fresh));
        }
        // Formatting edits are positions in the server's text: applied to the client's, they must give the canonical layout.
        const format = (server: ServerSession) => server.connection.sendRequest(DocumentFormattingRequest.type, { ...id, options: { tabSize: 2, insertSpaces: true } }) as Promise<TextEdit[] | null>;
        const document = TextDocument.create(uri, 'cjm', final, target);
        expect(TextDocument.applyEdits(document, await format(typed) ?? [])).toBe(TextDocument.applyEdits(document, await format(fresh) ?? []));
        console.info(`rapid edits: ${example}, ${NOTIFICATIONS} notifications settled in ${settled} ms; ${expected.length} diagnostics`);
    });
});
