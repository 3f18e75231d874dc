/**
 * `cjm history` against `cjm check`, both as a user runs them (a Node process each): a git
 * repository whose history is 200 commits of a generated workspace, the first adding every file and
 * each later one changing one file (a journey file's emotion, or a persona's role in the library).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Repeat, Timing } from './timing.ts';
import { timeAlternately } from './timing.ts';
import type { GeneratedWorkspace } from './workspace-generator.ts';

const CJM = fileURLToPath(new URL('../../cli/bin/cjm.js', import.meta.url));
const EMOTIONS = ['happy', 'confused', 'frustrated', 'relieved', '-1.5', '1'];

export interface HistoryResult {
    touchpoints: number;
    files: number;
    commits: number;
    /** Rows of the history: the commits that changed the followed journey or what it links to. */
    rows: number;
    history: Timing;
    check: Timing;
    ratio: number;
}

/** The commits as a `git fast-import` stream: every file first, then one file changed per commit. */
function fastImportStream(generated: GeneratedWorkspace, commits: number): Buffer {
    const texts = new Map(generated.files.map(file => [`maps/${file.name}.cjm`, file.cjm]));
    const paths = [...texts.keys()];
    const parts: Buffer[] = [];
    const data = (text: string) => {
        const bytes = Buffer.from(text);
        parts.push(Buffer.from(`data ${bytes.length}\n`), bytes, Buffer.from('\n'));
    };
    for (let i = 0; i < commits; i++) {
        const time = 1_780_000_000 + i * 3600;
        parts.push(Buffer.from(`commit refs/heads/main\nauthor Bench <bench@localhost> ${time} +0000\ncommitter Bench <bench@localhost> ${time} +0000\n`));
        const changed = i === 0 ? paths : [paths[i % paths.length]];
        if (i > 0) {
            const path = changed[0];
            // The library (the first file) gets a persona's role changed, a journey file one touchpoint's emotion; the commit's number keeps every edit a change.
            const library = path === paths[0];
            const pattern = library ? /^ {2}role "[^"]*"/gm : /^ {6}feels .*$/gm;
            const text = texts.get(path)!;
            const target = (i * 7) % (text.match(pattern)?.length ?? 1);
            let n = 0;
            texts.set(path, text.replace(pattern, line => n++ !== target ? line : library ? `  role "Edited in commit ${i}"` : `      feels ${EMOTIONS[i % EMOTIONS.length]} // commit ${i}`));
        }
        data(i === 0 ? 'Add the workspace' : `Edit ${changed[0]} (${i})`);
        for (const path of changed) {
            parts.push(Buffer.from(`M 100644 inline ${path}\n`));
            data(texts.get(path)!);
        }
    }
    return Buffer.concat(parts);
}

/** Times `cjm history` of a journey file and `cjm check` of the whole workspace, alternately, each a fresh process. */
export async function measureHistory(generated: GeneratedWorkspace, files: number, commits: number, repeat: Repeat): Promise<HistoryResult> {
    const dir = mkdtempSync(join(tmpdir(), 'cjm-bench-history-'));
    try {
        const git = (args: string[], input?: Buffer) => execFileSync('git', args, { cwd: dir, input, maxBuffer: 1 << 28 });
        git(['init', '-q', '-b', 'main']);
        git(['fast-import', '--quiet'], fastImportStream(generated, commits));
        git(['reset', '-q', '--hard', 'main']);
        const middle = generated.files[Math.ceil(generated.files.length / 2)];
        const followed = `maps/${middle.name}.cjm`;
        const journey = /^journey (\S+)/m.exec(middle.cjm)![1];
        const node = (args: string[]) => execFileSync(process.execPath, [CJM, ...args], { cwd: dir, maxBuffer: 1 << 28, env: { ...process.env, CI: 'true' } }).toString('utf8');
        let rows = 0;
        const [history, check] = await timeAlternately(repeat, () => {
            const started = performance.now();
            const output = node(['history', followed, '--journey', journey, '-f', 'json']);
            const elapsed = performance.now() - started;
            rows = (JSON.parse(output) as { commits: unknown[] }).commits.length;
            return elapsed;
        }, () => {
            const started = performance.now();
            // Warnings exit 0; an error (exit 1) would mean the generated workspace is broken.
            node(['check', 'maps']);
            return performance.now() - started;
        });
        return { touchpoints: generated.touchpoints, files, commits, rows, history, check, ratio: history.median / check.median };
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}
