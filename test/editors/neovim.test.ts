/**
 * Debian's Neovim (0.7.2, `apt-get install neovim`) with the configuration of docs/editors.md taken
 * as written (only `/path/to/cjm` replaced by this checkout), driven headless by neovim-driver.lua:
 * the map's diagnostics arrive, completion after `owner ` offers the workspace's teams, and a rename
 * changes both files. The other Neovim snippets are checked as far as this Neovim can: their Lua
 * compiles, and `lsp/cjm.lua` returns the configuration table. Needs a build (`npm run build`).
 */
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ROOT } from '../lsp/lsp-client.js';

const NVIM = '/usr/bin/nvim';
const DOCS = readFileSync(join(ROOT, 'docs/editors.md'), 'utf8');
/** How long Neovim may take for the whole session before it is stopped (its steps wait 30 s each at most). */
const SESSION_DEADLINE_MS = 150_000;

/** The code blocks of a language under a heading of docs/editors.md, with this checkout for `/path/to/cjm`. */
function snippets(heading: string, language: string): string[] {
    const start = DOCS.indexOf(`\n## ${heading}\n`);
    expect(start, `docs/editors.md has a section "${heading}"`).toBeGreaterThanOrEqual(0);
    const end = DOCS.indexOf('\n## ', start + 1);
    const section = DOCS.slice(start, end < 0 ? undefined : end);
    const blocks = [...section.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map(match => match[1]);
    expect(blocks.length, `a ${language} block under "${heading}"`).toBeGreaterThan(0);
    return blocks.map(block => block.replaceAll('/path/to/cjm', ROOT.replace(/\/$/, '')));
}

/** Runs nvim headless in `cwd` with the config, data and state folders under `home`; resolves with its exit code. */
function runNvim(cwd: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; output: string }> {
    return new Promise((resolve, reject) => {
        const child = spawn(NVIM, ['--headless', ...args], {
            cwd,
            env: {
                ...process.env, ...env,
                XDG_CONFIG_HOME: join(home, 'config'), XDG_DATA_HOME: join(home, 'data'),
                XDG_STATE_HOME: join(home, 'state'), XDG_CACHE_HOME: join(home, 'cache')
            },
            stdio: ['ignore', 'pipe', 'pipe']
        });
        let output = '';
        child.stdout.on('data', chunk => { output += String(chunk); });
        child.stderr.on('data', chunk => { output += String(chunk); });
        const timer = setTimeout(() => { child.kill(); reject(new Error(`nvim did not finish within ${SESSION_DEADLINE_MS} ms:\n${output}`)); }, SESSION_DEADLINE_MS);
        child.on('exit', code => { clearTimeout(timer); resolve({ code, output }); });
    });
}

let home: string;

beforeAll(() => {
    expect(existsSync(NVIM), 'Debian\'s Neovim is installed (apt-get install neovim; .ci/run does it)').toBe(true);
    expect(execFileSync(NVIM, ['--version'], { encoding: 'utf8' })).toMatch(/^NVIM v0\.7\./);
    home = mkdtempSync(join(tmpdir(), 'cjm-nvim-'));
});

afterAll(() => {
    rmSync(home, { recursive: true, force: true });
});

describe('Neovim 0.7 with the documented configuration', () => {
    test('diagnostics arrive, completion after `owner ` offers the teams, rename changes both files, the syntax file colours', async () => {
        const config = join(home, 'config/nvim');
        mkdirSync(join(config, 'syntax'), { recursive: true });
        writeFileSync(join(config, 'init.lua'), snippets('Neovim 0.7 (Debian 12)', 'lua')[0]);
        symlinkSync(join(ROOT, 'syntaxes/cjm.vim'), join(config, 'syntax/cjm.vim'));
        const project = join(home, 'project');
        cpSync(join(ROOT, 'test/fixtures/spec'), project, { recursive: true });
        mkdirSync(join(project, '.git'));
        const checkout = readFileSync(join(project, 'checkout.cjm'), 'utf8');
        // One real error; everything else (maya, the teams, `overwhelmed`) comes from personas.cjm, never opened.
        writeFileSync(join(project, 'checkout.cjm'), checkout.replace('channel social', 'channel nowhere'));
        const probes: Array<[string, string]> = [
            ['journey checkout', 'cjmStructure'], ['checkout "Online', 'cjmName'], ['"Online checkout"', 'cjmString'],
            ['-2', 'cjmNumber'], ['// checkout.cjm', 'cjmComment'], ['-> pay', 'cjmOperator'], ['moment-of-truth', 'cjmKeyword'],
            ['planned', 'cjmConstant'], ['feels', 'cjmKeyword']
        ];
        const resultFile = join(home, 'result.json');
        // The client's log level only: the log goes into the failure message.
        const { code, output } = await runNvim(project, ['--cmd', 'lua vim.lsp.set_log_level("info")', 'checkout.cjm', '-c', `luafile ${join(ROOT, 'test/editors/neovim-driver.lua')}`], {
            CJM_NVIM_RESULT: resultFile,
            CJM_NVIM_PROBES: JSON.stringify(probes.map(([needle]) => needle))
        });
        const log = join(home, 'cache/nvim/lsp.log');
        const session = `${output}\n${existsSync(log) ? readFileSync(log, 'utf8').split('\n').slice(-40).join('\n') : 'no lsp.log'}`;
        expect(existsSync(resultFile), session).toBe(true);
        const result = JSON.parse(readFileSync(resultFile, 'utf8')) as {
            error?: string; steps: string[]; diagnostics: Array<{ code: string; message: string; line: number }>; completion: string[]; syntax: string[];
        };
        expect(result.error, `${result.steps.join(' → ')}\n${session}`).toBeUndefined();
        expect(code).toBe(0);

        expect(result.diagnostics.map(d => d.code)).toEqual(['linking-error']);
        expect(result.diagnostics[0].message).toContain('nowhere');
        expect(result.completion).toEqual(expect.arrayContaining(['support', 'marketing', 'product']));
        expect(result.completion).not.toContain('maya');

        const personas = readFileSync(join(project, 'personas.cjm'), 'utf8');
        expect(personas).toContain('persona mia "Maya, busy parent" {');
        expect(personas).not.toMatch(/\bmaya\b/);
        expect(readFileSync(join(project, 'checkout.cjm'), 'utf8')).toContain('  persona mia\n');
        expect(readFileSync(join(project, 'checkout.cjm'), 'utf8')).not.toMatch(/persona maya\b/);

        expect(result.syntax).toEqual(probes.map(([, group]) => group));
    });

    test('every word keyword of the grammar is in the Vim syntax file', () => {
        const grammar = readFileSync(join(ROOT, 'packages/language/src/cjm.langium'), 'utf8').replace(/\/\/.*$/gm, '');
        const keywords = new Set([...grammar.matchAll(/'([a-z][a-z-]*)'/g)].map(match => match[1]));
        const syntax = readFileSync(join(ROOT, 'syntaxes/cjm.vim'), 'utf8');
        const listed = new Set(syntax.split('\n').filter(line => line.startsWith('syntax keyword cjm') && !line.includes('cjmTodo'))
            .flatMap(line => line.split(/\s+/).slice(3).filter(word => /^[a-z][a-z-]*$/.test(word))));
        expect(keywords.size).toBeGreaterThan(60);
        expect([...keywords].filter(keyword => !listed.has(keyword))).toEqual([]);
    });
});

describe('the snippets for newer Neovim, as far as Neovim 0.7 can check them', () => {
    test('Neovim 0.9/0.10 and 0.11+: the Lua compiles; lsp/cjm.lua returns the server\'s table', async () => {
        const blocks = [...snippets('Neovim 0.9 and 0.10', 'lua'), ...snippets('Neovim 0.11 and later', 'lua')];
        expect(blocks).toHaveLength(3);
        const files = blocks.map((block, i) => {
            const file = join(home, `snippet-${i}.lua`);
            writeFileSync(file, block);
            return file;
        });
        const check = [
            ...files.map(file => `assert(loadfile('${file}'))`),
            `local t = dofile('${files[1]}')`,
            `assert(t.cmd[1] == 'node' and vim.fn.filereadable(t.cmd[2]) == 1 and t.cmd[3] == '--stdio', vim.inspect(t.cmd))`,
            `assert(vim.deep_equal(t.filetypes, { 'cjm' }) and vim.deep_equal(t.root_markers, { '.git' }))`
        ].join('\n');
        writeFileSync(join(home, 'check.lua'), check);
        const { code, output } = await runNvim(home, ['--clean', '-c', `luafile ${join(home, 'check.lua')}`, '-c', 'qa!']);
        expect(output).toBe('');
        expect(code).toBe(0);
    });
});
