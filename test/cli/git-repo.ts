import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tempCopy } from './cli-harness.js';

/** A real git repository in a temporary folder, for tests that read history. */
export interface TestRepo {
    dir: string;
    /** Runs git in the repository and returns its output. */
    git(...args: string[]): string;
    /** Writes files (null deletes one), commits everything as `message` on the given day, and returns the commit's hash. */
    commit(message: string, files: Record<string, string | null>, day?: number): string;
}

/** A fresh repository (branch main, a fixed identity; each commit dated 2026-11-DAY at noon UTC, one day later than the last by default). */
export function gitRepo(dir = tempCopy()): TestRepo {
    let lastDay = 0;
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=history@test', '-c', 'user.name=History Test', '-c', 'commit.gpgsign=false', ...args], {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, GIT_AUTHOR_DATE: `2026-11-${String(lastDay).padStart(2, '0')}T12:00:00Z`, GIT_COMMITTER_DATE: `2026-11-${String(lastDay).padStart(2, '0')}T12:00:00Z` }
    });
    git('init', '-q', '-b', 'main');
    return {
        dir,
        git,
        commit(message, files, day = lastDay + 1) {
            lastDay = day;
            for (const [path, text] of Object.entries(files)) {
                if (text === null) {
                    rmSync(join(dir, path));
                } else {
                    mkdirSync(dirname(join(dir, path)), { recursive: true });
                    writeFileSync(join(dir, path), text);
                }
            }
            git('add', '-A');
            git('commit', '-q', '--allow-empty', '-m', message);
            return git('rev-parse', 'HEAD').trim();
        }
    };
}
