/**
 * Memory of a server holding a whole workspace, measured in a process of its own so that nothing
 * else the runner allocated is counted. Usage: `node --expose-gc memory.ts cjm|json TOUCHPOINTS FILES`;
 * prints one JSON line of megabytes.
 */
import { createNodeCjmWorkspace } from '@cjm/language/node';
import { createJsonService, validateJson } from './json-alternative.ts';
import { collectGarbage } from './timing.ts';
import { generateWorkspace } from './workspace-generator.ts';

/** Memory figures in megabytes. */
export interface MemoryReport {
    rssBefore: number;
    heapBefore: number;
    rssAfter: number;
    heapAfter: number;
    peakRss: number;
}

const MB = 1024 * 1024;

function settled(): { rss: number; heap: number } {
    collectGarbage();
    collectGarbage();
    const usage = process.memoryUsage();
    return { rss: usage.rss / MB, heap: usage.heapUsed / MB };
}

async function main(): Promise<void> {
    const [kind, touchpoints, files] = process.argv.slice(2);
    const generated = generateWorkspace(Number(touchpoints), Number(files));
    // Kept alive until the end: the server holds its documents, and these are what it holds.
    const held: unknown[] = [];
    let before;
    if (kind === 'cjm') {
        const workspace = createNodeCjmWorkspace();
        await workspace.load([]);
        before = settled();
        held.push(workspace, await workspace.load(generated.files.map(f => ({ uri: `file:///bench/${f.name}.cjm`, text: f.cjm }))));
    } else {
        const service = await createJsonService();
        before = settled();
        held.push(service, await validateJson(service, generated.files));
    }
    const after = settled();
    const report: MemoryReport = {
        rssBefore: before.rss, heapBefore: before.heap, rssAfter: after.rss, heapAfter: after.heap,
        peakRss: process.resourceUsage().maxRSS / 1024
    };
    process.stdout.write(JSON.stringify({ ...report, held: held.length }) + '\n');
}

await main();
