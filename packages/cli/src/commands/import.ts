import { basename, dirname, extname, resolve } from 'node:path';
import { EXIT, UsageError } from '../io/cli-error.js';
import { displayPath } from '../io/paths.js';
import { readTextInput } from '../io/read-input.js';
import { declaredNamesAround } from '../io/workspace-names.js';
import { assertWritableTarget, writeOutputAtomically } from '../io/write-output.js';
import { journeyToCjm } from '../importer/journey-to-cjm.js';
import { MermaidSyntaxError, parseMermaidJourney } from '../importer/mermaid-journey.js';

/** `cjm import FILE.mmd`: converts a Mermaid journey diagram to a .cjm map (stdout, or -o OUT). */
export async function runImport(file: string, options: { output?: string; root?: string }): Promise<number> {
    const text = await readTextInput(file);
    if (options.output) {
        await assertWritableTarget(options.output);
    }
    let journey;
    try {
        journey = parseMermaidJourney(text);
    } catch (error) {
        if (error instanceof MermaidSyntaxError) {
            throw new UsageError(`${displayPath(file)}:${error.line}: ${error.message}`);
        }
        throw error;
    }
    // The map joins the workspace where it is written: reuse its personas, and do not clash with its journeys.
    const output = options.output ? resolve(options.output) : undefined;
    const existing = await declaredNamesAround(output ? dirname(output) : process.cwd(), output ? [output] : [], options.root);
    const cjm = journeyToCjm(journey, basename(file, extname(file)), existing);
    if (options.output) {
        await writeOutputAtomically(options.output, cjm);
        process.stderr.write(`wrote ${displayPath(options.output)}\n`);
    } else {
        process.stdout.write(cjm);
    }
    return EXIT.ok;
}
