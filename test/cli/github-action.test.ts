/**
 * The composite GitHub Action (action.yml at the repository root), run as the runner runs it: its
 * steps' scripts taken from action.yml with their `${{ … }}` expressions filled in, in a temporary
 * git repository with a base and a head commit, against a fake of GitHub's REST API on 127.0.0.1
 * (a real HTTP server the script talks to). Nothing reaches the network; the step that installs
 * the CLI is not run (it needs the npm registry): the tests use this checkout's build.
 */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { REPO, tempCopy } from './cli-harness.js';
import { gitRepo, type TestRepo } from './git-repo.js';

interface ActionStep {
    id?: string;
    uses?: string;
    if?: string;
    shell?: string;
    env?: Record<string, string>;
    run?: string;
    'working-directory'?: string;
}

const ACTION = parse(readFileSync(join(REPO, 'action.yml'), 'utf8')) as {
    inputs: Record<string, { default: string }>;
    runs: { using: string; steps: ActionStep[] };
};

const PULL_REQUEST = 7;
const TOKEN = 'test-token';

/** A comment as the fake API keeps it. */
interface Comment {
    id: number;
    body: string;
    user: { login: string };
    html_url: string;
}

/** The part of GitHub's REST API the action uses, for one repository's pull request, with two comments per page. */
class FakeGitHub {
    readonly requests: string[] = [];
    readonly comments: Comment[] = [];
    /** A status every write answers with instead of working (403 for a fork's read-only token). */
    refuseWrites: number | undefined;
    private nextId = 100;
    private server: Server | undefined;

    async start(): Promise<string> {
        this.server = createServer((request, response) => {
            void this.handle(request).then(({ status, body, headers }) => {
                response.writeHead(status, { 'Content-Type': 'application/json', ...headers });
                response.end(JSON.stringify(body));
            });
        });
        await new Promise<void>(resolve => this.server!.listen(0, '127.0.0.1', resolve));
        return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
    }

    stop(): Promise<void> {
        return new Promise(resolve => this.server ? this.server.close(() => resolve()) : resolve());
    }

    comment(login: string, body: string): void {
        const id = this.nextId++;
        this.comments.push({ id, body, user: { login }, html_url: `https://github.example/acme/maps/pull/${PULL_REQUEST}#issuecomment-${id}` });
    }

    private async handle(request: IncomingMessage): Promise<{ status: number; body: unknown; headers?: Record<string, string> }> {
        const url = new URL(request.url!, 'http://127.0.0.1');
        this.requests.push(`${request.method} ${url.pathname}${url.search}`);
        if (request.headers.authorization !== `Bearer ${TOKEN}`) {
            return { status: 401, body: { message: 'Bad credentials' } };
        }
        const chunks: Buffer[] = [];
        for await (const chunk of request) {
            chunks.push(chunk as Buffer);
        }
        const payload = chunks.length > 0 ? JSON.parse(Buffer.concat(chunks).toString('utf8')) as { body: string } : undefined;
        const list = `/repos/acme/maps/issues/${PULL_REQUEST}/comments`;
        if (request.method === 'GET' && url.pathname === list) {
            const page = Number(url.searchParams.get('page') ?? 1);
            const pageSize = 2;
            const last = Math.ceil(this.comments.length / pageSize);
            const origin = `http://${request.headers.host}`;
            const headers: Record<string, string> = page < last ? { Link: `<${origin}${list}?per_page=100&page=${page + 1}>; rel="next", <${origin}${list}?per_page=100&page=${last}>; rel="last"` } : {};
            return { status: 200, body: this.comments.slice((page - 1) * pageSize, page * pageSize), headers };
        }
        if (this.refuseWrites) {
            return { status: this.refuseWrites, body: { message: 'Resource not accessible by integration' } };
        }
        if (request.method === 'POST' && url.pathname === list) {
            this.comment('github-actions[bot]', payload!.body);
            return { status: 201, body: this.comments.at(-1) };
        }
        const edit = /^\/repos\/acme\/maps\/issues\/comments\/(\d+)$/.exec(url.pathname);
        const existing = edit && this.comments.find(c => c.id === Number(edit[1]));
        if (request.method === 'PATCH' && existing) {
            existing.body = payload!.body;
            return { status: 200, body: existing };
        }
        return { status: 404, body: { message: 'Not Found' } };
    }
}

let github: FakeGitHub | undefined;
afterEach(async () => {
    await github?.stop();
    github = undefined;
});

interface Run {
    repo: TestRepo;
    api: string;
    temp: string;
    base: string;
    event: 'pull_request' | 'push';
    inputs?: Record<string, string>;
}

/** The value of a `${{ … }}` expression (the contexts the action uses), or the result of an `if:` condition. */
function evaluate(expression: string, run: Run): string | boolean {
    const inputs = { ...Object.fromEntries(Object.entries(ACTION.inputs).map(([name, input]) => [name, input.default])), ...run.inputs };
    const contexts: Record<string, string | undefined> = {
        'github.action_path': REPO,
        'github.token': TOKEN,
        'runner.temp': run.temp,
        'github.event.pull_request': run.event === 'pull_request' ? '[object]' : undefined,
        'github.event.pull_request.base.sha': run.event === 'pull_request' ? run.base : undefined,
        'github.event.pull_request.number': run.event === 'pull_request' ? String(PULL_REQUEST) : undefined,
        ...Object.fromEntries(Object.entries(inputs).map(([name, value]) => [`inputs.${name}`, value]))
    };
    const value = (term: string): string | boolean | undefined => {
        const text = term.trim();
        if (text === 'always()') {
            return true;
        }
        if (/^'.*'$/.test(text)) {
            return text.slice(1, -1);
        }
        if (!(text in contexts)) {
            throw new Error(`action.yml uses an expression this test does not know: ${text}`);
        }
        // Inputs may hold expressions themselves (the token's default is ${{ github.token }}).
        const found = contexts[text];
        return found === undefined ? undefined : substitute(found, run);
    };
    const conjunction = expression.split('&&').map(term => {
        const [left, right] = term.split('==');
        return right === undefined ? Boolean(value(left)) : value(left) === value(right);
    });
    if (conjunction.length > 1 || expression.includes('==') || expression.includes('()')) {
        return conjunction.every(Boolean);
    }
    return value(expression) as string ?? '';
}

function substitute(text: string, run: Run): string {
    return text.replace(/\$\{\{(.*?)\}\}/g, (_, expression: string) => String(evaluate(expression, run)));
}

/** Runs one step of the action as the runner would (the step's shell, its env, the repository as working folder); undefined when its `if` skips it. */
async function runStep(id: string, run: Run): Promise<{ code: number; stdout: string; stderr: string } | undefined> {
    const step = ACTION.runs.steps.find(s => s.id === id)!;
    if (step.if !== undefined && !evaluate(step.if, run)) {
        return undefined;
    }
    const script = join(run.temp, `${id}-script`);
    writeFileSync(script, step.run!);
    // GitHub runs `shell: bash` as `bash --noprofile --norc -eo pipefail {0}` and `node {0}` as written.
    const argv = step.shell === 'bash' ? ['bash', '--noprofile', '--norc', '-eo', 'pipefail', script] : step.shell!.replace('{0}', script).split(' ');
    const env = {
        PATH: process.env.PATH!, HOME: process.env.HOME!,
        GITHUB_API_URL: run.api, GITHUB_REPOSITORY: 'acme/maps', GITHUB_ACTIONS: 'true', CI: 'true',
        ...Object.fromEntries(Object.entries(step.env ?? {}).map(([name, value]) => [name, substitute(value, run)]))
    };
    return new Promise(resolve => {
        execFile(argv[0], argv.slice(1), { cwd: run.repo.dir, env, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
            resolve({ code: error ? (typeof error.code === 'number' ? error.code : 99) : 0, stdout, stderr });
        });
    });
}

/** A repository with the examples at its base commit (the pull request's base branch). */
function baseRepository(): { repo: TestRepo; base: string } {
    const repo = gitRepo();
    const examples = join(REPO, 'examples');
    const files = Object.fromEntries(['personas.cjm', 'insights.cjm', 'checkout.cjm', 'onboarding.cjm'].map(name => [`maps/${name}`, readFileSync(join(examples, name), 'utf8')]));
    const base = repo.commit('Base: the maps', files);
    return { repo, base };
}

function editMap(repo: TestRepo, from: string, to: string): void {
    const path = join(repo.dir, 'maps/checkout.cjm');
    const text = readFileSync(path, 'utf8');
    expect(text).toContain(from);
    repo.commit(`Edit: ${to}`, { 'maps/checkout.cjm': text.replace(from, to) });
}

describe('the GitHub Action', () => {
    test('is a composite action whose steps are checked, run after a failure where they must, and get inputs through env', () => {
        expect(ACTION.runs.using).toBe('composite');
        expect(ACTION.runs.steps.map(step => step.id ?? step.uses)).toEqual(['actions/setup-node@v4', 'install', 'check', 'diff', 'comment']);
        for (const step of ACTION.runs.steps.filter(s => s.run)) {
            // An expression pasted into a script is a script injection; inputs and event fields go through env.
            expect(step.run, step.id).not.toContain('${{');
        }
        expect(readFileSync(join(REPO, 'package.json'), 'utf8')).toContain('"build:cli"');
    });

    test('docs/github-actions.md shows a five-line workflow that uses it, with the permission the comment needs', () => {
        const docs = readFileSync(join(REPO, 'docs/github-actions.md'), 'utf8');
        const workflow = /```yaml\n([\s\S]*?)```/.exec(docs)![1];
        expect(workflow.trimEnd().split('\n')).toHaveLength(5);
        const parsed = parse(workflow) as { on: string; permissions: Record<string, string>; jobs: Record<string, { 'runs-on': string; steps: Array<{ uses: string }> }> };
        expect(parsed.on).toBe('pull_request');
        expect(parsed.permissions['pull-requests']).toBe('write');
        const [job] = Object.values(parsed.jobs);
        expect(job.steps.map(step => step.uses)).toEqual(['actions/checkout@v4', 'OWNER/cjm@main']);
    });

    test('check: GitHub annotations for the maps; errors fail the step', async () => {
        const { repo, base } = baseRepository();
        editMap(repo, 'pain "Hard to navigate" source usability-test severity high', 'pain "Hard to navigate" severity high');
        const run: Run = { repo, api: 'http://127.0.0.1:9', temp: tempCopy(), base, event: 'pull_request' };
        const clean = await runStep('check', run);
        expect(clean, clean?.stderr).toMatchObject({ code: 0 });
        expect(clean!.stdout).toMatch(/^::warning file=maps\/checkout\.cjm,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=cjm\(pain-without-evidence\)::/m);

        editMap(repo, 'feels frustrated', 'feels frustratd');
        const failing = await runStep('check', run);
        expect(failing!.code).toBe(1);
        expect(failing!.stdout).toMatch(/^::error file=maps\/checkout\.cjm,.*title=cjm\(linking-error\)::/m);
        // The diff and the comment still run after a failed check, as `if: always()` says.
        expect(evaluate(ACTION.runs.steps.find(s => s.id === 'comment')!.if!, run)).toBe(true);

        const limited = await runStep('check', { ...run, inputs: { 'max-warnings': '0', paths: 'maps/onboarding.cjm maps/personas.cjm' } });
        expect(limited!.stdout).not.toContain('maps/checkout.cjm');
    });

    test('on a pull request: the diff comment is created once, then updated in place on the next push', async () => {
        github = new FakeGitHub();
        const api = await github.start();
        // Three comments by people first: the action's own lands on the second page, which the script must read.
        github.comment('maya', 'Looks good to me');
        github.comment('dev', 'Which map changed?');
        github.comment('ruth', `Quoting the bot: <!-- cjm-diff --> is not at the start of this one`);
        const { repo, base } = baseRepository();
        editMap(repo, 'feels frustrated', 'feels hesitant');
        const run: Run = { repo, api, temp: tempCopy(), base, event: 'pull_request' };

        expect(await runStep('diff', run)).toMatchObject({ code: 0 });
        const created = await runStep('comment', run);
        expect(created, created?.stderr).toMatchObject({ code: 0 });
        expect(created!.stdout).toMatch(/^Posted the diff comment: https:\/\/github\.example\/acme\/maps\/pull\/7#issuecomment-\d+$/m);
        expect(github.comments).toHaveLength(4);
        const ours = github.comments[3];
        expect(ours.body.startsWith('<!-- cjm-diff -->\n## Journey map changes\n\n')).toBe(true);
        expect(ours.body).toContain('| Website visit | -2 | -1 | ▲ +1 |');

        editMap(repo, 'feels confused', 'feels happy');
        expect(await runStep('diff', run)).toMatchObject({ code: 0 });
        const updated = await runStep('comment', run);
        expect(updated!.stdout).toContain(`Updated the diff comment: ${ours.html_url}`);
        expect(github.comments, 'no second comment').toHaveLength(4);
        expect(github.comments[3].id).toBe(ours.id);
        expect(github.comments[3].body).toContain('| Checkout process | -1 | +1 | ▲ +2 |');
        expect(github.comments.slice(0, 3).map(c => c.body)).toEqual(['Looks good to me', 'Which map changed?', 'Quoting the bot: <!-- cjm-diff --> is not at the start of this one']);
        expect(github.requests.filter(r => !r.startsWith('GET'))).toEqual(['POST /repos/acme/maps/issues/7/comments', `PATCH /repos/acme/maps/issues/comments/${ours.id}`]);
        expect(github.requests.filter(r => r.startsWith('GET'))).toEqual([
            'GET /repos/acme/maps/issues/7/comments?per_page=100', 'GET /repos/acme/maps/issues/7/comments?per_page=100&page=2',
            'GET /repos/acme/maps/issues/7/comments?per_page=100', 'GET /repos/acme/maps/issues/7/comments?per_page=100&page=2'
        ]);
    });

    test('a pull request that changes no map gets no comment; a fork\'s read-only token gives a warning, not a failure', async () => {
        github = new FakeGitHub();
        const api = await github.start();
        const { repo, base } = baseRepository();
        repo.commit('Docs only', { 'README.md': '# Maps\n' });
        const run: Run = { repo, api, temp: tempCopy(), base, event: 'pull_request' };
        await runStep('diff', run);
        expect((await runStep('comment', run))!.stdout).toContain('No .cjm file changed; no comment posted.');
        expect(github.comments).toHaveLength(0);

        editMap(repo, 'feels frustrated', 'feels hesitant');
        await runStep('diff', run);
        github.refuseWrites = 403;
        const refused = await runStep('comment', run);
        expect(refused!.code).toBe(0);
        expect(refused!.stdout).toMatch(/^::warning::could not post the diff comment \(403\); a pull request from a fork gets a read-only token\. POST .*: 403 /m);
    });

    test('on a push (no pull request) the diff and the comment are skipped', async () => {
        const { repo, base } = baseRepository();
        const run: Run = { repo, api: 'http://127.0.0.1:9', temp: tempCopy(), base, event: 'push' };
        expect(await runStep('diff', run)).toBeUndefined();
        expect(await runStep('comment', run)).toBeUndefined();
        expect(await runStep('check', run)).toMatchObject({ code: 0 });
    });
});
