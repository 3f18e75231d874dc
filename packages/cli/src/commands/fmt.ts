import { pathToFileURL } from 'node:url';
import { formatText } from '@cjm/language';
import { createNodeCjmWorkspace } from '@cjm/language/node';
import { resolveTargets } from '../io/cjm-files.js';
import { EXIT } from '../io/cli-error.js';
import { displayPath } from '../io/paths.js';
import { Progress } from '../io/progress.js';
import { readTextInput, startsWithBom } from '../io/read-input.js';
import { warnIgnored } from '../io/workspace-root.js';
import { writeOutputAtomically } from '../io/write-output.js';
import { firstSyntaxError } from '../format/format-source.js';
import { plural } from '../text/plural.js';

/**
 * `cjm fmt`: rewrites files in the canonical layout (atomically), or with --check lists the files
 * that are not formatted and returns 1. Files with syntax errors are reported and left alone (exit 2).
 */
export async function runFmt(paths: string[], options: { check?: boolean; root?: string; ignore?: boolean }): Promise<number> {
    const targets = await resolveTargets(paths.length > 0 ? paths : ['.'], { root: options.root, ignore: options.ignore });
    warnIgnored(targets.ignored, targets.roots);
    const workspace = createNodeCjmWorkspace();
    const services = workspace.services;
    const progress = new Progress(options.check ? 'checking' : 'formatting', targets.files.length);
    const unformatted: string[] = [];
    const broken: string[] = [];
    for (const [i, file] of targets.files.entries()) {
        progress.tick(i + 1, displayPath(file));
        const text = await readTextInput(file);
        const syntaxError = await firstSyntaxError(workspace, file, text);
        if (syntaxError) {
            broken.push(`${displayPath(file)}:${syntaxError}`);
            continue;
        }
        const formatted = await formatText(services, text, pathToFileURL(file).href);
        if (formatted === text) {
            continue;
        }
        unformatted.push(displayPath(file));
        if (!options.check) {
            // The text was read without its byte order mark; an editor that wrote one expects it kept.
            await writeOutputAtomically(file, (await startsWithBom(file) ? '\uFEFF' : '') + formatted);
        }
    }
    progress.done();
    for (const line of broken) {
        process.stderr.write(`cjm: not formatted, syntax error at ${line}\n`);
    }
    if (options.check) {
        process.stdout.write(unformatted.map(file => `${file}\n`).join(''));
        if (unformatted.length > 0) {
            process.stderr.write(`${unformatted.length} of ${plural(targets.files.length, 'file')} ${unformatted.length === 1 ? 'is' : 'are'} not formatted; run cjm fmt to fix.\n`);
        }
    } else {
        process.stdout.write(unformatted.map(file => `formatted ${file}\n`).join(''));
    }
    if (broken.length > 0) {
        return EXIT.usage;
    }
    return options.check && unformatted.length > 0 ? EXIT.findings : EXIT.ok;
}
