import { basename, extname } from 'node:path';
import { EXIT, UsageError } from '../io/cli-error.js';
import { displayPath } from '../io/paths.js';
import { readTextInput } from '../io/read-input.js';
import { assertWritableTarget, writeOutputAtomically } from '../io/write-output.js';
import { journeyToCjm } from '../importer/journey-to-cjm.js';
import { MermaidSyntaxError, parseMermaidJourney } from '../importer/mermaid-journey.js';

/** `cjm import FILE.mmd`: converts a Mermaid journey diagram to a .cjm map (stdout, or -o OUT). */
export async function runImport(file: string, options: { output?: string }): Promise<number> {
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
    const cjm = journeyToCjm(journey, basename(file, extname(file)));
    if (options.output) {
        await writeOutputAtomically(options.output, cjm);
        process.stderr.write(`wrote ${displayPath(options.output)}\n`);
    } else {
        process.stdout.write(cjm);
    }
    return EXIT.ok;
}
