import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { UsageError } from './cli-error.js';

const run = promisify(execFile);

/** Runs git and returns its stdout; a failure is a UsageError naming the git command and git's first line. */
export async function git(args: string[], cwd: string): Promise<string> {
    try {
        const { stdout } = await run('git', args, { cwd, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' });
        return stdout;
    } catch (error) {
        const failure = error as { code?: string; stderr?: string };
        if (failure.code === 'ENOENT') {
            throw new UsageError('git is not installed or not on PATH');
        }
        throw new UsageError(`git ${args[0]} failed: ${(failure.stderr ?? '').trim().split('\n')[0] || 'unknown error'}`);
    }
}
