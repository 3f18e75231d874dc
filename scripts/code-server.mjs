/**
 * Installs code-server (a real VS Code workbench served to a browser, with the real Node extension
 * host) into a cache folder outside the checkout, and launches throwaway instances of it.
 * Shared by `npm start` (scripts/start.mjs) and the end-to-end suite (test/e2e).
 *
 * Every process started here leads its own process group, so stopping it also stops the
 * extension host, the language server and the file watchers it spawned.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';

/** The code-server release the project is tested with (VS Code 1.139). */
export const CODE_SERVER_VERSION = '4.139.1';

/** Debian packages code-server's native modules need to build. */
export const CODE_SERVER_APT_PACKAGES = ['libkrb5-dev', 'libxkbfile-dev', 'libsecret-1-dev', 'libx11-dev'];

/** How long installing code-server may take (its native modules compile; minutes on a busy machine). */
const INSTALL_TIMEOUT_MINUTES = 20;

/** Where code-server is cached between runs; override with CJM_CODE_SERVER_CACHE. */
export function codeServerCacheDir() {
    return process.env.CJM_CODE_SERVER_CACHE ?? join(homedir(), '.cache', 'cjm-code-server');
}

function codeServerEntry(cacheDir) {
    return join(cacheDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

/**
 * Returns the path of code-server's entry script, installing it into the cache on first use
 * (a few minutes: its native modules compile). `log` receives progress lines. The entry is run
 * with this process's Node (see `codeServerCommand`), because the `node` first on PATH may be
 * too old for it.
 */
export async function ensureCodeServer({ cacheDir = codeServerCacheDir(), log = (line) => console.error(line) } = {}) {
    const bin = codeServerEntry(cacheDir);
    if (existsSync(bin)) {
        return bin;
    }
    const major = Number(process.versions.node.split('.')[0]);
    if (major < 22) {
        throw new Error(`code-server ${CODE_SERVER_VERSION} needs Node 22 or newer to install; this is Node ${process.versions.node}.`);
    }
    mkdirSync(cacheDir, { recursive: true });
    // npm writes the entry script long before the native modules are built, so install into a
    // folder of its own and move the whole tree into place at the end: a run that starts while
    // another one installs, or after an install was interrupted, finds all of code-server or none.
    const staging = mkdtempSync(join(cacheDir, '.install-'));
    try {
        writeFileSync(
            join(staging, 'package.json'),
            JSON.stringify({
                name: 'cjm-code-server',
                private: true,
                dependencies: { 'code-server': CODE_SERVER_VERSION },
                allowScripts: { 'code-server': true }
            }) + '\n'
        );
        log(`Installing code-server ${CODE_SERVER_VERSION} into ${cacheDir} (first use only, a few minutes)…`);
        // Build the native modules with this Node, not whatever `node` is first on PATH.
        const nodeDir = dirname(process.execPath);
        const env = { ...process.env, PATH: `${nodeDir}${delimiter}${process.env.PATH ?? ''}` };
        const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
        const code = await runToEnd(npm, ['install', '--no-package-lock', '--no-audit', '--no-fund'], { cwd: staging, env, timeoutMs: INSTALL_TIMEOUT_MINUTES * 60_000, log });
        if (code !== 0 || !existsSync(codeServerEntry(staging))) {
            const how = code === null ? `npm install did not finish within ${INSTALL_TIMEOUT_MINUTES} minutes` : `npm install exited with ${code}`;
            throw new Error(`Installing code-server into ${cacheDir} failed (${how}). On Debian it needs: apt-get install -y ${CODE_SERVER_APT_PACKAGES.join(' ')}`);
        }
        moveIntoPlace(join(staging, 'node_modules'), join(cacheDir, 'node_modules'), bin);
    } finally {
        rmSync(staging, { recursive: true, force: true });
    }
    return bin;
}

/**
 * Renames a finished install to `target`, unless another run got there first (its `bin` exists).
 * A `target` without `bin` is what an interrupted install of an older version of this script
 * left: it is replaced.
 */
function moveIntoPlace(source, target, bin) {
    if (existsSync(bin)) {
        return;
    }
    try {
        renameSync(source, target);
    } catch (error) {
        if (existsSync(bin)) {
            return;
        }
        if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') {
            throw error;
        }
        rmSync(target, { recursive: true, force: true });
        renameSync(source, target);
    }
}

/** Asks the operating system for a free TCP port on 127.0.0.1. */
export function freePort() {
    return new Promise((resolve, reject) => {
        const server = createServer();
        server.unref();
        server.on('error', reject);
        server.listen(0, '127.0.0.1', () => {
            const { port } = server.address();
            server.close(() => resolve(port));
        });
    });
}

const liveGroups = new Set();
let exitHookInstalled = false;

/** Makes sure no process group we started outlives this process, however it ends. */
function installExitHook() {
    if (exitHookInstalled) {
        return;
    }
    exitHookInstalled = true;
    process.on('exit', () => {
        for (const pid of liveGroups) {
            killGroup(pid, 'SIGKILL');
        }
    });
}

function killGroup(pid, signal) {
    try {
        process.kill(process.platform === 'win32' ? pid : -pid, signal);
    } catch {
        // The group is already gone.
    }
}

function isAlive(pid) {
    try {
        process.kill(pid, 0);
        return true;
    } catch {
        return false;
    }
}

/**
 * Spawns `command` as the leader of a new process group and returns a handle whose `stop()`
 * sends SIGTERM to the whole group, then SIGKILL if it has not gone after `graceMs`.
 */
export function spawnGroup(command, args, options = {}) {
    installExitHook();
    const child = spawn(command, args, { ...options, detached: process.platform !== 'win32' });
    liveGroups.add(child.pid);
    const exited = new Promise((resolve) => {
        child.once('exit', (code, signal) => {
            resolve({ code, signal });
        });
        child.once('error', (error) => resolve({ code: null, signal: null, error }));
    });
    return {
        child,
        exited,
        async stop(graceMs = 5_000) {
            if (child.pid === undefined) {
                return;
            }
            killGroup(child.pid, 'SIGTERM');
            const deadline = Date.now() + graceMs;
            while (Date.now() < deadline && isAlive(-child.pid)) {
                await new Promise((resolve) => setTimeout(resolve, 100));
            }
            killGroup(child.pid, 'SIGKILL');
            liveGroups.delete(child.pid);
        }
    };
}

async function runToEnd(command, args, { cwd, env, timeoutMs, log }) {
    const handle = spawnGroup(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const forward = (chunk) => {
        for (const line of chunk.toString().split('\n')) {
            if (line.trim() !== '') {
                log(line);
            }
        }
    };
    handle.child.stdout.on('data', forward);
    handle.child.stderr.on('data', forward);
    const timer = setTimeout(() => void handle.stop(), timeoutMs);
    const { code, error } = await handle.exited;
    clearTimeout(timer);
    await handle.stop(0);
    if (error) {
        throw new Error(`Could not run ${command}: ${error.message}`);
    }
    return code;
}

/** Options every code-server we launch gets: no telemetry, no update pings, no trust prompt. */
function commonArgs(profile) {
    return [
        '--config', join(profile.root, 'config.yaml'),
        '--user-data-dir', profile.userDataDir,
        '--extensions-dir', profile.extensionsDir,
        '--disable-telemetry',
        '--disable-update-check',
        '--disable-workspace-trust',
        '--disable-getting-started-override'
    ];
}

/**
 * Creates a code-server profile (config, user data, extensions) in `root`, or in a fresh temp
 * folder when `root` is not given, so a run never reads or writes the user's own VS Code or
 * code-server profile. `settings` become the user settings.json unless one exists already (a
 * kept profile keeps the user's changes). `dispose()` deletes a temp profile and keeps a given one.
 */
export function createProfile({ root, settings = {} } = {}) {
    const temporary = root === undefined;
    const folder = root ?? mkdtempSync(join(tmpdir(), 'cjm-code-server-'));
    const userDataDir = join(folder, 'user-data');
    const extensionsDir = join(folder, 'extensions');
    mkdirSync(join(userDataDir, 'User'), { recursive: true });
    mkdirSync(extensionsDir, { recursive: true });
    writeFileSync(join(folder, 'config.yaml'), 'auth: none\n');
    const settingsFile = join(userDataDir, 'User', 'settings.json');
    if (!existsSync(settingsFile)) {
        writeFileSync(settingsFile, JSON.stringify(settings, null, 2));
    }
    return {
        root: folder,
        userDataDir,
        extensionsDir,
        dispose() {
            if (temporary) {
                rmSync(folder, { recursive: true, force: true });
            }
        }
    };
}

/** The environment code-server runs with: its own config home, so nothing lands in ~/.config. */
function isolatedEnv(profile) {
    return { ...process.env, XDG_CONFIG_HOME: join(profile.root, 'xdg-config'), XDG_DATA_HOME: join(profile.root, 'xdg-data') };
}

/** Installs a `.vsix` into the profile's extensions folder; throws with code-server's output on failure. */
export async function installVsix(bin, profile, vsixPath, { timeoutMs = 120_000 } = {}) {
    const lines = [];
    const handle = spawnGroup(process.execPath, [bin, ...commonArgs(profile), '--install-extension', vsixPath, '--force'], {
        env: isolatedEnv(profile),
        stdio: ['ignore', 'pipe', 'pipe']
    });
    handle.child.stdout.on('data', (chunk) => lines.push(chunk.toString()));
    handle.child.stderr.on('data', (chunk) => lines.push(chunk.toString()));
    const timer = setTimeout(() => void handle.stop(), timeoutMs);
    const { code } = await handle.exited;
    clearTimeout(timer);
    await handle.stop(0);
    const output = lines.join('');
    if (code !== 0 || /error|failed/i.test(output)) {
        throw new Error(`code-server --install-extension ${vsixPath} failed (exit ${code}):\n${output}`);
    }
    return output;
}

/**
 * Launches code-server (`bin` from `ensureCodeServer`) on 127.0.0.1 opening `folder`, and resolves
 * once it accepts HTTP requests. Returns `{ url, port, output, stop }`; `output()` is everything
 * it printed so far, for failure messages. `extensionTests: true` lets the workbench honour VS
 * Code's extension-test payload in its URL (it only does so with the smoke-test driver enabled).
 * `skipBuiltinExtensions` lists built-in extensions (`publisher.name`) the instance leaves out.
 */
export async function launchCodeServer(bin, profile, { folder, port, extensionTests = false, skipBuiltinExtensions = [], startTimeoutMs = 60_000, onOutput } = {}) {
    const chosenPort = port ?? (await freePort());
    const args = [...commonArgs(profile), '--auth', 'none', '--bind-addr', `127.0.0.1:${chosenPort}`];
    if (extensionTests) {
        args.push('--vscode-option', 'enable-smoke-test-driver');
    }
    if (folder) {
        args.push(folder);
    }
    const env = isolatedEnv(profile);
    if (skipBuiltinExtensions.length > 0) {
        env.VSCODE_SKIP_BUILTIN_EXTENSIONS = skipBuiltinExtensions.join(',');
    }
    const handle = spawnGroup(process.execPath, [bin, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks = [];
    const record = (chunk) => {
        chunks.push(chunk.toString());
        onOutput?.(chunk.toString());
    };
    handle.child.stdout.on('data', record);
    handle.child.stderr.on('data', record);
    const output = () => chunks.join('');
    const url = `http://127.0.0.1:${chosenPort}/`;

    const deadline = Date.now() + startTimeoutMs;
    let exited;
    void handle.exited.then((result) => {
        exited = result;
    });
    for (;;) {
        if (exited) {
            throw new Error(`code-server exited before it was ready (code ${exited.code}, signal ${exited.signal}):\n${output()}`);
        }
        if (await answers(`${url}healthz`)) {
            break;
        }
        if (Date.now() > deadline) {
            await handle.stop();
            throw new Error(`code-server did not answer on ${url} within ${startTimeoutMs} ms:\n${output()}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
    }
    return { url, port: chosenPort, output, stop: (graceMs) => handle.stop(graceMs), exited: handle.exited };
}

async function answers(url) {
    try {
        const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
        return response.ok;
    } catch {
        return false;
    }
}
