import { readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Ajv from 'ajv';
import AjvDraft04 from 'ajv-draft-04';
import { describe, expect, test } from 'vitest';
import { escapeData, escapeProperty } from '../../packages/cli/src/check/github-reporter.js';
import { cjm, cjmOnTerminal, expectGolden, expectUsageError, REPO, tempCopy, writeFiles } from './cli-harness.js';

/** A map with one of each severity, linking to the spec's persona library in another file. */
const FINDINGS = `journey review "Review, %100: ok" {
  persona maya
  stage empty "Nothing here" {
  }
  stage pay "Pay" {
    touchpoint card "Card" {
      feels 9
    }
    touchpoint wait "Wait" {
      channel web
    }
  }
}
`;

const WARNINGS_ONLY = `journey quiet "Quiet" {
  stage empty "Nothing here" {
  }
  stage pay "Pay" {
    touchpoint card "Card" {
      feels happy
    }
  }
}
`;

function workspaceWithFindings(): string {
    const dir = tempCopy('test/fixtures/spec');
    writeFiles(join(dir, 'spec'), { 'review.cjm': FINDINGS });
    return join(dir, 'spec');
}

describe('cjm check', () => {
    test('the spec example is clean: the persona library in another file links, exit 0', async () => {
        const result = await cjm(['check'], tempCopy('test/fixtures/spec') + '/spec');
        expect(result).toEqual({ code: 0, stdout: 'No problems in 2 files.\n', stderr: '' });
    });

    test('a single file still links against the rest of the workspace', async () => {
        const result = await cjm(['check', 'checkout.cjm'], tempCopy('test/fixtures/spec') + '/spec');
        expect(result.code).toBe(0);
        expect(result.stdout).toBe('No problems in 1 file.\n');
    });

    test.each(['pretty', 'json', 'github', 'sarif'])('--format %s (golden), exit 1 on errors', async format => {
        const dir = workspaceWithFindings();
        const result = await cjm(['check', '--format', format, 'review.cjm'], dir);
        expect(result.code).toBe(1);
        expect(result.stderr).toBe('');
        // SARIF names the folder it ran in; the golden file shows it as file:///workspace.
        expectGolden(`check-${format}.${format === 'json' || format === 'sarif' ? 'json' : 'txt'}`, result.stdout.replaceAll(pathToFileURL(realpathSync(dir)).href, 'file:///workspace'));
    });

    test('pretty lines are file:line:col severity code message with 1-based positions', async () => {
        const result = await cjm(['check', 'review.cjm'], workspaceWithFindings());
        expect(result.stdout).toContain('review.cjm:7:13 error score-out-of-range ');
        expect(result.stdout).toContain('review.cjm:3:9 warning empty-stage ');
        expect(result.stdout).toMatch(/^review\.cjm:9:\d+ information missing-emotion /m);
        expect(result.stdout.trimEnd().split('\n').pop()).toMatch(/^\d+ problems \(1 error, \d+ warnings?, \d+ information\) in 1 file\.$/);
    });

    test('json records carry file, 1-based range, severity, code and message', async () => {
        const result = await cjm(['check', '--format', 'json', 'review.cjm'], workspaceWithFindings());
        const records = JSON.parse(result.stdout) as Array<Record<string, unknown>>;
        expect(records.find(r => r.code === 'score-out-of-range')).toEqual({
            file: 'review.cjm', line: 7, column: 13, endLine: 7, endColumn: 14, severity: 'error', code: 'score-out-of-range', message: expect.stringContaining('9')
        });
    });

    test('warnings alone exit 0, and 1 once they exceed --max-warnings', async () => {
        const dir = tempCopy('test/fixtures/spec') + '/spec';
        writeFiles(dir, { 'quiet.cjm': WARNINGS_ONLY });
        expect((await cjm(['check', 'quiet.cjm'], dir)).code).toBe(0);
        expect((await cjm(['check', '--max-warnings', '2', 'quiet.cjm'], dir)).code).toBe(0);
        const over = await cjm(['check', '--max-warnings', '1', 'quiet.cjm'], dir);
        expect(over.code).toBe(1);
        expect(over.stderr).toBe('cjm: 2 warnings, more than --max-warnings 1\n');
    });

    test('--max-warnings -1 means no limit (as in ESLint); one warning is "1 warning"', async () => {
        const dir = tempCopy('test/fixtures/spec') + '/spec';
        writeFiles(dir, { 'quiet.cjm': WARNINGS_ONLY, 'one.cjm': WARNINGS_ONLY.replace('journey quiet "Quiet" {', 'journey one "One" {\n  persona maya') });
        expect(await cjm(['check', '--max-warnings', '-1', 'quiet.cjm'], dir)).toMatchObject({ code: 0, stderr: '' });
        const one = await cjm(['check', '--max-warnings', '0', 'one.cjm'], dir);
        expect(one.stdout).toMatch(/^1 problem \(0 errors, 1 warning, 0 information\) in 1 file\.$/m);
        expect(one).toMatchObject({ code: 1, stderr: 'cjm: 1 warning, more than --max-warnings 0\n' });
        expect((await cjm(['check', '--max-warnings', '-2', 'quiet.cjm'], dir)).stderr).toMatch(/expected a whole number of 0 or more, or -1 for no limit/);
    });

    test('information diagnostics are shown but never fail, even with --max-warnings 0', async () => {
        const dir = tempCopy('test/fixtures/spec') + '/spec';
        writeFiles(dir, { 'info.cjm': 'journey info "Info" {\n  persona maya\n  stage s "S" {\n    touchpoint t "T" { channel web }\n  }\n}\n' });
        const result = await cjm(['check', '--max-warnings', '0', 'info.cjm'], dir);
        expect(result.stdout).toContain('information missing-emotion');
        expect(result.code).toBe(0);
    });

    test('folders and globs select files; without a repository the workspace root is the current folder', async () => {
        const dir = tempCopy('examples');
        const folder = await cjm(['check', 'examples'], dir);
        expect(folder.code).toBe(0);
        expect(folder.stdout).toMatch(/(No problems|0 errors, 0 warnings, \d+ information\)) in 5 files\.\n$/);
        const glob = await cjm(['check', 'examples/c*.cjm'], dir);
        expect(glob.stdout).toBe('No problems in 1 file.\n');
    });

    test('the workspace is the repository around the file: run from a subfolder, ../lib links', async () => {
        const dir = tempCopy();
        writeFiles(dir, {
            '.git/HEAD': 'ref: refs/heads/main\n',
            'lib/people.cjm': readFileSync(join(REPO, 'test/fixtures/spec/personas.cjm'), 'utf8'),
            'maps/checkout.cjm': readFileSync(join(REPO, 'test/fixtures/spec/checkout.cjm'), 'utf8')
        });
        expect(await cjm(['check', 'checkout.cjm'], join(dir, 'maps'))).toEqual({ code: 0, stdout: 'No problems in 1 file.\n', stderr: '' });
        // --root narrows the workspace: the library is then out of reach.
        const narrowed = await cjm(['check', '--root', '.', 'checkout.cjm'], join(dir, 'maps'));
        expect(narrowed.code).toBe(1);
        expect(narrowed.stdout).toContain('linking-error');
    });

    test('.cjmignore (gitignore syntax) keeps files out of the workspace; duplicates name the other file from the root', async () => {
        const dir = tempCopy();
        const checkout = readFileSync(join(REPO, 'test/fixtures/spec/checkout.cjm'), 'utf8');
        writeFiles(dir, {
            '.git/HEAD': 'ref: refs/heads/main\n',
            'personas.cjm': readFileSync(join(REPO, 'test/fixtures/spec/personas.cjm'), 'utf8'),
            'maps/checkout.cjm': checkout,
            'test/fixtures/copy.cjm': checkout
        });
        const clash = await cjm(['check', 'checkout.cjm'], join(dir, 'maps'));
        expect(clash.code).toBe(1);
        expect(clash.stdout).toContain("Duplicate journey 'checkout': also declared in test/fixtures/copy.cjm on line ");
        writeFiles(dir, { '.cjmignore': '# broken on purpose\ntest/fixtures/\n' });
        expect(await cjm(['check', 'checkout.cjm'], join(dir, 'maps'))).toMatchObject({ code: 0, stdout: 'No problems in 1 file.\n' });
        expect(await cjm(['check'], dir)).toMatchObject({ code: 0, stdout: 'No problems in 2 files.\n' });
        // A file named on its own that the ignore file excludes is skipped with a warning, as ESLint does.
        const named = await cjm(['check', 'test/fixtures/copy.cjm'], dir);
        expect(named).toMatchObject({ code: 0, stderr: 'cjm: warning: test/fixtures/copy.cjm is ignored by .cjmignore (test/fixtures/); use --no-ignore to include it\n' });
        const unignored = await cjm(['check', '--no-ignore', 'test/fixtures/copy.cjm'], dir);
        expect(unignored.code).toBe(1);
        expect(unignored.stdout).toContain("also declared in maps/checkout.cjm on line ");
    });

    test("this repository's .cjmignore keeps its deliberately broken maps out: examples check clean from the top", async () => {
        for (const args of [['check', 'examples'], ['check', 'examples/checkout.cjm']]) {
            const result = await cjm([...args, '--format', 'json'], REPO);
            expect(result.code, `${args.join(' ')}: ${result.stdout}`).toBe(0);
            expect((JSON.parse(result.stdout) as Array<{ severity: string }>).filter(d => d.severity !== 'information'), args.join(' ')).toEqual([]);
        }
    });

    test('on a terminal, progress follows the real reading and building, with paths from the current folder', async () => {
        const dir = tempCopy('examples');
        const { code, output } = await cjmOnTerminal(['check', 'examples'], dir);
        expect(code).toBe(0);
        // The terminal turns each \n into \r\n; the progress line redraws itself with a bare \r.
        const frames = output.replace(/\r\n/g, '\n').split('\r');
        for (const phase of ['reading', 'parsing', 'validating']) {
            expect(frames.some(frame => new RegExp(`^${phase} [1-5]/5 examples/[\\w-]+\\.cjm *$`).test(frame)), `${phase} in ${JSON.stringify(frames)}`).toBe(true);
        }
        expect(frames.filter(frame => frame.startsWith('validating')).pop()).toMatch(/^validating 5\/5 /);
        expect(output).not.toContain(dir);
        // The line is cleared before the report, which ends the output.
        expect(frames.at(-2)).toMatch(/^ +$/);
        expect(frames.at(-1)).toMatch(/in 5 files\.\n$/);
    });

    test('no progress when stderr is piped, or in CI even on a terminal', async () => {
        const dir = tempCopy('examples');
        expect((await cjm(['check', 'examples'], dir)).stderr).toBe('');
        const inCi = await cjmOnTerminal(['check', 'examples'], dir, { CI: 'true' });
        expect(inCi.code).toBe(0);
        expect(inCi.output).not.toContain('\r\r');
        expect(inCi.output).not.toMatch(/reading|validating/);
    });

    test('check - reads standard input, linked as the file --stdin-filename names (as ESLint does)', async () => {
        const dir = tempCopy('test/fixtures/spec') + '/spec';
        const text = readFileSync(join(dir, 'checkout.cjm'), 'utf8');
        // Standing for checkout.cjm, the text replaces it: no duplicate journey, and maya links from personas.cjm.
        expect(await cjm(['check', '-', '--stdin-filename', 'checkout.cjm'], dir, {}, text)).toEqual({ code: 0, stdout: 'No problems in 1 file.\n', stderr: '' });
        const unnamed = await cjm(['check', '-', '--format', 'json'], dir, {}, 'journey other "Other" {\n  persona nobody\n}\n');
        expect(unnamed.code).toBe(1);
        expect(JSON.parse(unnamed.stdout)).toEqual([expect.objectContaining({ file: '<stdin>', line: 2, code: 'linking-error' })]);
        expect((await cjm(['check', '-', 'checkout.cjm'], dir)).stderr).toBe('cjm: `-` (standard input) cannot be combined with other paths\n');
    });

    test('--quiet reports errors only (ESLint): warnings are neither shown nor counted', async () => {
        const dir = tempCopy('test/fixtures/spec') + '/spec';
        writeFiles(dir, { 'quiet.cjm': WARNINGS_ONLY });
        expect(await cjm(['check', '--quiet', '--max-warnings', '0', 'quiet.cjm'], dir)).toEqual({ code: 0, stdout: 'No problems in 1 file.\n', stderr: '' });
        const errors = await cjm(['check', '--quiet', 'review.cjm'], workspaceWithFindings());
        expect(errors.code).toBe(1);
        expect(errors.stdout.trimEnd().split('\n')).toEqual([expect.stringMatching(/^review\.cjm:7:13 error score-out-of-range /), '1 problem (1 error, 0 warnings, 0 information) in 1 file.']);
    });

    test('a file named explicitly that is not a .cjm file is an input error, as in Prettier (not 1,000 syntax errors)', async () => {
        const dir = tempCopy('test/fixtures/spec') + '/spec';
        writeFiles(dir, { 'README.md': '# Maps\n' });
        expectUsageError(await cjm(['check', 'README.md'], dir), /^cjm: README\.md is not a \.cjm file; to check its text as one, use: cjm check - --stdin-filename NAME\.cjm < README\.md$/);
    });

    test('node_modules, dot-folders, out and dist are not searched', async () => {
        const dir = tempCopy('test/fixtures/spec') + '/spec';
        writeFiles(dir, Object.fromEntries(['node_modules', '.git', 'out', 'dist'].map(folder => [`${folder}/broken.cjm`, 'journey {'])));
        expect(await cjm(['check'], dir)).toMatchObject({ code: 0, stdout: 'No problems in 2 files.\n' });
    });

    test('the SARIF log validates against the SARIF 2.1.0 schema subset and names every result rule', async () => {
        const result = await cjm(['check', '--format', 'sarif', 'review.cjm'], workspaceWithFindings());
        const log = JSON.parse(result.stdout);
        const schema = JSON.parse(readFileSync(new URL('./sarif-2.1.0-subset.schema.json', import.meta.url), 'utf8'));
        const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
        expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
        const rules = log.runs[0].tool.driver.rules as Array<{ id: string }>;
        for (const result of log.runs[0].results) {
            expect(rules[result.ruleIndex].id).toBe(result.ruleId);
        }
        expect(rules.map(r => r.id)).toEqual(expect.arrayContaining(['parse-error', 'linking-error', 'unused-persona', 'unowned-pain']));
    });

    test('the SARIF log validates against the official SARIF 2.1.0 JSON schema', async () => {
        const result = await cjm(['check', '--format', 'sarif', 'review.cjm'], workspaceWithFindings());
        // OASIS's schema (2.1.0-rtm.5, JSON Schema draft 4), as Microsoft's SARIF test matchers ship it;
        // one of its patterns is not valid with the `u` flag, so patterns compile without it.
        const schemaPath = createRequire(import.meta.url).resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
        const validate = new AjvDraft04({ strict: false, allErrors: true, unicodeRegExp: false }).compile(JSON.parse(readFileSync(schemaPath, 'utf8')));
        expect(validate(JSON.parse(result.stdout)), JSON.stringify(validate.errors)).toBe(true);
        expect(validate({ version: '2.1.0', runs: [{ tool: { driver: { name: 'cjm' } }, results: [{ message: { text: 'm' }, level: 'fatal' }] }] })).toBe(false);
    });

    test('the subset schema rejects what SARIF forbids (so the validation above can fail)', () => {
        const schema = JSON.parse(readFileSync(new URL('./sarif-2.1.0-subset.schema.json', import.meta.url), 'utf8'));
        const validate = new Ajv({ strict: false }).compile(schema);
        expect(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] })).toBe(false);
        expect(validate({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' }, level: 'fatal' }] }] })).toBe(false);
        expect(validate({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' }, locations: [{ physicalLocation: { region: { startLine: 0 } } }] }] }] })).toBe(false);
    });
});

describe('GitHub workflow command escaping', () => {
    test('messages escape %, CR and LF; properties also : and ,', () => {
        expect(escapeData('100% done\r\nnext')).toBe('100%25 done%0D%0Anext');
        expect(escapeProperty('a:b,c%d\n')).toBe('a%3Ab%2Cc%25d%0A');
    });

    test('a file name with a comma and colon stays one property', async () => {
        const dir = tempCopy('test/fixtures/spec') + '/spec';
        writeFiles(dir, { 'a,b:c.cjm': 'journey x "X" {\n  persona nobody\n}\n' });
        const result = await cjm(['check', '--format', 'github', 'a,b:c.cjm'], dir);
        expect(result.stdout).toContain('::error file=a%2Cb%3Ac.cjm,line=2,col=11,endLine=2,endColumn=17,title=cjm(linking-error)::');
    });
});
