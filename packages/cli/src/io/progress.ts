/** The shortest time between two redraws, so thousands of small files do not flood the terminal. */
const REDRAW_MS = 40;

/** Whether progress may be drawn: stderr is an interactive terminal and this is not a CI run. */
export function progressAllowed(): boolean {
    const ci = process.env.CI;
    return Boolean(process.stderr.isTTY) && (ci === undefined || ci === '' || ci === '0' || ci === 'false');
}

/**
 * A one-line progress counter on stderr for long runs (`reading 3/40 maps/x.cjm`). It draws only
 * on an interactive terminal outside CI, so logs, pipes and annotations never contain
 * carriage-return noise, and it is cleared before any result is printed.
 */
export class Progress {
    private readonly enabled: boolean;
    private shown = false;
    private lastDraw = 0;

    constructor(private label: string, private total: number, enabled = progressAllowed()) {
        this.enabled = enabled && total > 1;
    }

    /** Starts another phase of the same run (`parsing`, `validating`) over `total` items. */
    phase(label: string, total = this.total): void {
        this.label = label;
        this.total = total;
        this.lastDraw = 0;
    }

    /** Reports that item `done` (1-based) of the total is being worked on; `item` is a path as the user sees it. */
    tick(done: number, item: string): void {
        if (!this.enabled) {
            return;
        }
        const now = Date.now();
        if (now - this.lastDraw < REDRAW_MS && done < this.total) {
            return;
        }
        this.lastDraw = now;
        const width = Math.max(20, process.stderr.columns || 80) - 1;
        const counter = `${this.label} ${Math.min(done, this.total)}/${this.total} `;
        // A long path keeps its end, where the file name is.
        const room = width - counter.length;
        const shownItem = item.length <= room ? item : `…${item.slice(item.length - room + 1)}`;
        process.stderr.write(`\r${(counter + shownItem).padEnd(width)}`);
        this.shown = true;
    }

    /** Clears the progress line. */
    done(): void {
        if (this.shown) {
            process.stderr.write(`\r${' '.repeat(Math.max(20, process.stderr.columns || 80) - 1)}\r`);
            this.shown = false;
        }
    }
}
