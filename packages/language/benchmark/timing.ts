/** Repeated timing: warm-up runs first (JIT, caches), then min/median/max of the measured runs. */

/** Milliseconds of the measured runs. */
export interface Timing {
    min: number;
    median: number;
    max: number;
    runs: number[];
}

/** How many times to run a measurement. */
export interface Repeat {
    warmup: number;
    runs: number;
}

/** Runs `once` (which returns the milliseconds it measured, so set-up stays untimed) and summarises the runs. */
export async function time(repeat: Repeat, once: () => Promise<number> | number): Promise<Timing> {
    for (let i = 0; i < repeat.warmup; i++) {
        collectGarbage();
        await once();
    }
    const runs: number[] = [];
    for (let i = 0; i < repeat.runs; i++) {
        // A collection left over from the previous run would otherwise be charged to this one.
        collectGarbage();
        runs.push(await once());
    }
    return summarise(runs);
}

/**
 * Times two peers in alternation (a, b, a, b, …, each after a full GC), so that a change in the
 * machine's load during the measurement falls on both alike rather than on whichever ran second.
 */
export async function timeAlternately(repeat: Repeat, a: () => Promise<number> | number, b: () => Promise<number> | number): Promise<[Timing, Timing]> {
    for (let i = 0; i < repeat.warmup; i++) {
        collectGarbage();
        await a();
        collectGarbage();
        await b();
    }
    const runsA: number[] = [];
    const runsB: number[] = [];
    for (let i = 0; i < repeat.runs; i++) {
        collectGarbage();
        runsA.push(await a());
        collectGarbage();
        runsB.push(await b());
    }
    return [summarise(runsA), summarise(runsB)];
}

/** Min, median and max of measured runs. */
export function summarise(runs: number[]): Timing {
    const sorted = [...runs].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    return { min: sorted[0], median, max: sorted[sorted.length - 1], runs };
}

/** Full garbage collection when Node runs with `--expose-gc`; a no-op otherwise. */
export function collectGarbage(): void {
    (globalThis as { gc?: () => void }).gc?.();
}
