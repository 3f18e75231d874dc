// `npm start`: builds everything, then opens examples/ in VS Code with the extension loaded from
// packages/vscode. Uses desktop VS Code (`code` on PATH) when there is one, otherwise code-server
// on 127.0.0.1 (installed into ~/.cache/cjm-code-server on first use) and prints its URL.
// Ctrl+C stops everything this script started.
//
// Environment: CJM_PORT picks code-server's port (default: a free one); CJM_START_NO_BUILD=1 skips
// the build; CJM_START_USE_CODE_SERVER=1 uses code-server even when `code` is on PATH.
import { existsSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createProfile, ensureCodeServer, launchCodeServer, spawnGroup } from './code-server.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const extensionDir = join(repoRoot, 'packages', 'vscode');
const examplesDir = join(repoRoot, 'examples');
// Child processes get this script's Node first on PATH: the build needs Node 22+.
const env = { ...process.env, PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}` };

const running = new Set();
let stopping = false;

async function stopAll(exitCode) {
    if (stopping) {
        return;
    }
    stopping = true;
    await Promise.all([...running].map((handle) => handle.stop()));
    process.exit(exitCode);
}
process.on('SIGINT', () => void stopAll(130));
process.on('SIGTERM', () => void stopAll(143));

/** Runs a command to its end with inherited output; throws on a non-zero exit. */
async function run(command, args) {
    const handle = spawnGroup(command, args, { cwd: repoRoot, env, stdio: 'inherit' });
    running.add(handle);
    const { code, signal, error } = await handle.exited;
    running.delete(handle);
    if (error || code !== 0) {
        throw new Error(`${command} ${args.join(' ')} failed (${error?.message ?? `exit ${code ?? signal}`})`);
    }
}

/** The full path of `name` when it is an executable on PATH. */
function onPath(name) {
    for (const folder of (process.env.PATH ?? '').split(delimiter)) {
        const candidate = join(folder, name);
        if (folder && existsSync(candidate)) {
            return candidate;
        }
    }
    return undefined;
}

async function openInDesktopCode(code) {
    console.log(`Opening ${examplesDir} in VS Code with the extension from ${extensionDir} (close the window or press Ctrl+C to stop).`);
    // --wait keeps this script alive while the window is open, so Ctrl+C has something to stop.
    const handle = spawnGroup(code, ['--new-window', '--wait', `--extensionDevelopmentPath=${extensionDir}`, examplesDir], { env, stdio: 'inherit' });
    running.add(handle);
    const { code: exitCode } = await handle.exited;
    running.delete(handle);
    await stopAll(exitCode ?? 0);
}

async function openInCodeServer() {
    const bin = await ensureCodeServer({ log: (line) => console.log(line) });
    // A profile kept in the checkout's .cache/ (gitignored): never the user's own, but it keeps
    // layout and settings between runs.
    const profile = createProfile({
        root: join(repoRoot, '.cache', 'code-server-profile'),
        settings: { 'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off', 'chat.disableAIFeatures': true }
    });
    const port = process.env.CJM_PORT ? Number(process.env.CJM_PORT) : undefined;
    const server = await launchCodeServer(bin, profile, { folder: examplesDir, port, extensionTests: true });
    running.add(server);
    // The workbench loads an extension under development from its URL (VS Code's development payload).
    const payload = JSON.stringify([['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${server.port}${extensionDir}`]]);
    const url = `${server.url}?${new URLSearchParams({ folder: examplesDir, payload })}`;
    console.log(`\ncode-server is serving ${examplesDir} with the CJM extension from ${extensionDir}.`);
    console.log(`Open this address in a browser on this machine (Ctrl+C stops it):\n\n  ${url}\n`);
    const { code, signal } = await server.exited;
    running.delete(server);
    if (!stopping) {
        console.error(`code-server stopped (${code ?? signal}):\n${server.output().slice(-2000)}`);
        await stopAll(1);
    }
}

try {
    if (!process.env.CJM_START_NO_BUILD) {
        await run('npm', ['run', 'build']);
    }
    const code = process.env.CJM_START_USE_CODE_SERVER ? undefined : onPath(process.platform === 'win32' ? 'code.cmd' : 'code');
    await (code ? openInDesktopCode(code) : openInCodeServer());
} catch (error) {
    console.error(`npm start: ${error instanceof Error ? error.message : String(error)}`);
    await stopAll(1);
}
