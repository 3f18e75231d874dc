import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { describeFsError } from '../../packages/cli/src/io/read-input.js';
import { cjm, cjmUnder, expectUsageError, tempCopy, writeFiles } from './cli-harness.js';

interface BadInputCase {
    name: string;
    args: string[];
    message: RegExp;
    /** Output paths that must not exist afterwards. */
    noOutput?: string[];
}

const INVALID_UTF8 = Uint8Array.from([...Buffer.from('journey x "caf'), 0xc3, 0x28, ...Buffer.from('" {}\n')]);
const BINARY = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]);

const CASES: BadInputCase[] = [
    { name: 'check: missing file', args: ['check', 'missing.cjm'], message: /no such file or directory: missing\.cjm$/ },
    { name: 'check: glob matching nothing', args: ['check', 'nothing/*.cjm'], message: /no \.cjm files match nothing\/\*\.cjm$/ },
    { name: 'check: invalid UTF-8', args: ['check', 'latin1.cjm'], message: /latin1\.cjm is not valid UTF-8 \(at byte 14\)$/ },
    { name: 'check: binary file', args: ['check', 'image.cjm'], message: /image\.cjm is a binary file, not text$/ },
    { name: 'check: unknown option value', args: ['check', '--format', 'xml'], message: /argument 'xml' is invalid/ },
    { name: 'check: --max-warnings not a number', args: ['check', '--max-warnings', 'many'], message: /expected a whole number/ },
    { name: 'fmt: missing file', args: ['fmt', 'missing.cjm'], message: /no such file or directory: missing\.cjm$/ },
    { name: 'render: directory where a file is expected', args: ['render', 'folder', '-o', 'out.md'], message: /folder is a directory, expected a file$/, noOutput: ['out.md'] },
    { name: 'render: unknown journey id', args: ['render', 'checkout.cjm', '--journey', 'nope', '-o', 'out.md'], message: /no journey nope in checkout\.cjm \(journeys: checkout\)$/, noOutput: ['out.md'] },
    { name: 'render: output in a missing folder', args: ['render', 'checkout.cjm', '-o', 'missing/out.md'], message: /output folder does not exist: missing$/, noOutput: ['missing'] },
    { name: 'render: output is a directory', args: ['render', 'checkout.cjm', '-o', 'folder'], message: /folder is a directory, expected a file$/ },
    { name: 'render: no browser for png', args: ['render', 'checkout.cjm', '-f', 'png', '-o', 'out.png', '--browser', '/no/chromium'], message: /browser not found or not executable: \/no\/chromium$/, noOutput: ['out.png'] },
    { name: 'render: no browser for pdf', args: ['render', 'checkout.cjm', '-f', 'pdf', '-o', 'out.pdf', '--browser', '/no/chromium'], message: /browser not found or not executable: \/no\/chromium$/, noOutput: ['out.pdf'] },
    { name: 'render: pdf to standard output', args: ['render', 'checkout.cjm', '-f', 'pdf'], message: /pdf output needs -o OUT \(it is binary\)$/ },
    { name: 'render: --page without pdf', args: ['render', 'checkout.cjm', '-f', 'html', '--page', 'a4', '-o', 'out.html'], message: /--page sets the paper of pdf output; html output has no pages$/, noOutput: ['out.html'] },
    { name: 'render: unknown paper', args: ['render', 'checkout.cjm', '-f', 'pdf', '--page', 'a5', '-o', 'out.pdf'], message: /argument 'a5' is invalid\. Allowed choices are a3, a4, letter/, noOutput: ['out.pdf'] },
    { name: 'render: binary input', args: ['render', 'image.cjm', '-o', 'out.md'], message: /image\.cjm is a binary file/, noOutput: ['out.md'] },
    { name: 'import: missing file', args: ['import', 'missing.mmd', '-o', 'out.cjm'], message: /no such file or directory: missing\.mmd$/, noOutput: ['out.cjm'] },
    { name: 'import: not a journey', args: ['import', 'flow.mmd', '-o', 'out.cjm'], message: /flow\.mmd:1: .*expected 'journey'/, noOutput: ['out.cjm'] },
    { name: 'import: output in a missing folder', args: ['import', 'day.mmd', '-o', 'missing/out.cjm'], message: /output folder does not exist: missing$/, noOutput: ['missing'] },
    { name: 'diff: missing base', args: ['diff', 'missing.cjm', 'checkout.cjm', '-o', 'out.md'], message: /no such file or directory: missing\.cjm$/, noOutput: ['out.md'] },
    { name: 'diff: one file only', args: ['diff', 'checkout.cjm'], message: /needs two files/ },
    { name: 'diff: not a git repository', args: ['diff', '--git', 'HEAD'], message: /git rev-parse failed: .*not a git repository/i },
    { name: 'new: refuses to overwrite', args: ['new', 'checkout'], message: /checkout\.cjm already exists; not overwriting it$/ },
    { name: 'new: missing --dir', args: ['new', 'fresh', '--dir', 'missing'], message: /output folder does not exist: missing$/, noOutput: ['missing'] },
    { name: 'unknown command', args: ['frobnicate'], message: /unknown command 'frobnicate'/ }
];

/**
 * How to run the CLI so that file permissions apply: as it is for a normal user; as root (CI runs
 * as root, and root reads any file) under util-linux `setpriv` as `nobody`, which must be able to
 * run node and read the CLI — checked once, so a machine where it cannot fails loudly here.
 */
async function unprivileged(): Promise<string[]> {
    if (process.getuid?.() !== 0) {
        return [];
    }
    const nobody = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'];
    const probe = await cjmUnder(nobody, ['--version'], tmpdir());
    expect(probe.code, `running the CLI as nobody with setpriv: ${probe.stderr}`).toBe(0);
    return nobody;
}

function workspace(): string {
    const dir = tempCopy('test/fixtures/spec') + '/spec';
    writeFiles(dir, {
        'latin1.cjm': INVALID_UTF8,
        'image.cjm': BINARY,
        'flow.mmd': 'flowchart LR\n  a --> b\n',
        'day.mmd': 'journey\n  title Day\n  section Morning\n    Tea: 5: Me\n'
    });
    mkdirSync(join(dir, 'folder'));
    return dir;
}

describe('bad input: one clear line, exit 2, no output file', () => {
    test.each(CASES)('$name', async ({ args, message, noOutput }) => {
        const dir = workspace();
        const before = readdirSync(dir).sort();
        const result = await cjm(args, dir, { GIT_CEILING_DIRECTORIES: join(dir, '..') });
        expectUsageError(result, message);
        expect(result.stdout).toBe('');
        for (const output of noOutput ?? []) {
            expect(existsSync(join(dir, output)), output).toBe(false);
        }
        // Nothing half-written: no output and no temporary file is left behind.
        expect(readdirSync(dir).sort()).toEqual(before);
    });

    test('an unreadable file (as root, the CLI runs as nobody: root reads any file)', async () => {
        const dir = workspace();
        chmodSync(dir, 0o755);
        chmodSync(join(dir, 'checkout.cjm'), 0o000);
        const asUser = await unprivileged();
        expectUsageError(await cjmUnder(asUser, ['check', 'checkout.cjm'], dir), /cannot read checkout\.cjm: permission denied$/);
        expectUsageError(await cjmUnder(asUser, ['render', 'checkout.cjm', '-o', 'out.md'], dir), /cannot read checkout\.cjm: permission denied$/);
        expect(existsSync(join(dir, 'out.md'))).toBe(false);
    });

    test('file-system errors map to one phrase naming the file', () => {
        const error = (code: string) => Object.assign(new Error(`${code}: raw message`), { code });
        expect(describeFsError(error('EACCES'), 'a.cjm')).toBe('cannot read a.cjm: permission denied');
        expect(describeFsError(error('EPERM'), 'a.cjm')).toBe('cannot read a.cjm: permission denied');
        expect(describeFsError(error('ENOENT'), 'a.cjm')).toBe('no such file or directory: a.cjm');
        expect(describeFsError(error('ENOTDIR'), 'a/b.cjm')).toBe('a/b.cjm: a part of the path is not a directory');
    });

    test('a write that fails half-way leaves the old output as it was and no temporary file', async () => {
        const dir = workspace();
        writeFileSync(join(dir, 'page.html'), 'the committed page\n');
        const before = readdirSync(dir).sort();
        // The page is over 1 MB (Mermaid inlined); a 64 KiB file-size limit makes the write fail part-way (EFBIG).
        const result = await cjmUnder(['sh', '-c', 'ulimit -f 64; exec "$@"', 'sh'], ['render', 'checkout.cjm', '-f', 'html', '-o', 'page.html'], dir);
        expectUsageError(result, /^cjm: cannot write page\.html: file too large$/);
        expect(readFileSync(join(dir, 'page.html'), 'utf8')).toBe('the committed page\n');
        expect(readdirSync(dir).sort()).toEqual(before);
    });

    test('cjm with no command prints the help on stderr and exits 2', async () => {
        const result = await cjm([], workspace());
        expect(result.code).toBe(2);
        expect(result.stdout).toBe('');
        expect(result.stderr).toMatch(/^Usage: cjm \[options\] \[command\]\n[\s\S]*\n {2}check \[options\] \[paths\.\.\.\]/);
    });

    test('--help works on every command and exits 0', async () => {
        for (const command of [[], ['check'], ['fmt'], ['new'], ['import'], ['diff'], ['render'], ['history']]) {
            const result = await cjm([...command, '--help'], workspace());
            expect(result.code, command.join(' ')).toBe(0);
            expect(result.stdout).toMatch(/^Usage: cjm/);
        }
    });
});
