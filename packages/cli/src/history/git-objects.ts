import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { UsageError } from '../io/cli-error.js';

interface Pending {
    resolve(content: Buffer | undefined): void;
    reject(error: Error): void;
}

/**
 * Reads git objects through one long-lived `git cat-file --batch`: each request is a line on its
 * standard input and each answer `<oid> <type> <size>` then the content. Requests are pipelined
 * (many can be written before the first answer is read) and answered in order.
 */
export class GitObjectReader {
    private readonly child: ChildProcessByStdio<Writable, Readable, Readable>;
    private readonly pending: Pending[] = [];
    private chunks: Buffer[] = [];
    private buffered = 0;
    /** The size of the object whose content is being read, once its header line is in. */
    private contentSize: number | undefined;
    private failure: Error | undefined;
    private stderr = '';

    constructor(repository: string) {
        this.child = spawn('git', ['cat-file', '--batch'], { cwd: repository, stdio: ['pipe', 'pipe', 'pipe'] });
        this.child.stdout.on('data', (chunk: Buffer) => this.receive(chunk));
        this.child.stderr.on('data', (chunk: Buffer) => { this.stderr += chunk.toString('utf8'); });
        this.child.on('error', error => this.fail((error as NodeJS.ErrnoException).code === 'ENOENT' ? new UsageError('git is not installed or not on PATH') : error));
        this.child.on('close', code => this.fail(new UsageError(`git cat-file stopped (exit ${code}): ${this.stderr.trim().split('\n')[0] || 'no message'}`)));
        // A request written after git stopped fails through 'close'; the pipe's own error adds nothing.
        this.child.stdin.on('error', () => undefined);
    }

    /** The content of an object (a blob's bytes), or undefined when the repository does not have it. */
    read(oid: string): Promise<Buffer | undefined> {
        if (this.failure) {
            return Promise.reject(this.failure);
        }
        return new Promise((resolve, reject) => {
            this.pending.push({ resolve, reject });
            this.child.stdin.write(`${oid}\n`);
        });
    }

    /** Ends the git process (after the answers already asked for). */
    close(): void {
        this.child.stdin.end();
    }

    private receive(chunk: Buffer): void {
        this.chunks.push(chunk);
        this.buffered += chunk.length;
        for (;;) {
            if (this.contentSize === undefined) {
                const header = this.takeLine();
                if (header === undefined) {
                    return;
                }
                if (header.endsWith(' missing')) {
                    this.pending.shift()?.resolve(undefined);
                    continue;
                }
                this.contentSize = Number(header.slice(header.lastIndexOf(' ') + 1));
            }
            // The content, then the line feed git writes after it.
            if (this.buffered < this.contentSize + 1) {
                return;
            }
            const content = this.take(this.contentSize + 1).subarray(0, this.contentSize);
            this.contentSize = undefined;
            this.pending.shift()?.resolve(content);
        }
    }

    private takeLine(): string | undefined {
        const joined = this.joined();
        const end = joined.indexOf(0x0a);
        return end < 0 ? undefined : this.take(end + 1).toString('utf8', 0, end);
    }

    private take(length: number): Buffer {
        const joined = this.joined();
        const taken = joined.subarray(0, length);
        this.chunks = length < joined.length ? [joined.subarray(length)] : [];
        this.buffered = joined.length - length;
        return taken;
    }

    /** The buffered bytes as one buffer (joined only when more than one chunk waits). */
    private joined(): Buffer {
        if (this.chunks.length !== 1) {
            this.chunks = [Buffer.concat(this.chunks, this.buffered)];
        }
        return this.chunks[0];
    }

    private fail(error: Error): void {
        this.failure ??= error;
        for (const request of this.pending.splice(0)) {
            request.reject(this.failure);
        }
    }
}
