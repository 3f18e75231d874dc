/**
 * A one-line progress counter on stderr for long runs. It shows only on an interactive terminal
 * outside CI, so logs, pipes and annotations never contain carriage-return noise.
 */
export class Progress {
    private readonly enabled: boolean;
    private shown = false;

    constructor(private readonly label: string, private readonly total: number) {
        this.enabled = Boolean(process.stderr.isTTY) && !process.env.CI && total > 1;
    }

    /** Reports that item `done` (1-based) of the total is being worked on. */
    tick(done: number, item: string): void {
        if (!this.enabled) {
            return;
        }
        const line = `${this.label} ${done}/${this.total} ${item}`;
        const width = process.stderr.columns ?? 80;
        process.stderr.write(`\r${line.slice(0, width - 1).padEnd(width - 1)}`);
        this.shown = true;
    }

    /** Clears the progress line. */
    done(): void {
        if (this.shown) {
            process.stderr.write(`\r${' '.repeat((process.stderr.columns ?? 80) - 1)}\r`);
            this.shown = false;
        }
    }
}
