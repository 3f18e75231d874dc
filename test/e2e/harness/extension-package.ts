/** Packages the VS Code extension into a .vsix the way a release does (`npm run package -w cjm-vscode`). */
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './session.js';

const PACKAGE_DIR = join(repoRoot, 'packages', 'vscode');

/** Runs the package script and returns the path of the .vsix it wrote. */
export function packageExtension(): string {
    const started = Date.now();
    const result = spawnSync('npm', ['run', 'package', '-w', 'cjm-vscode'], {
        cwd: repoRoot,
        encoding: 'utf8',
        timeout: 10 * 60_000,
        // Node first on PATH must be the one running the tests (vsce and esbuild need Node 22+).
        env: { ...process.env, PATH: `${join(process.execPath, '..')}:${process.env.PATH ?? ''}` }
    });
    if (result.status !== 0) {
        throw new Error(`npm run package -w cjm-vscode failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
    }
    const fresh = readdirSync(PACKAGE_DIR)
        .filter((name) => name.endsWith('.vsix'))
        .map((name) => join(PACKAGE_DIR, name))
        .filter((path) => statSync(path).mtimeMs >= started - 1_000)
        .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
    if (fresh.length === 0) {
        throw new Error(`npm run package -w cjm-vscode wrote no .vsix in ${PACKAGE_DIR}:\n${result.stdout}`);
    }
    return fresh[0];
}
