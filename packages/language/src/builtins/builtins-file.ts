import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { URI } from 'langium';
import type { BuiltinLibrary } from './builtin-library.js';
import { createBuiltinLibrary } from './builtin-library.js';

/** Loads the built-in library from `builtins.cjm` on disk. */
export function loadBuiltinLibrary(path: string): BuiltinLibrary {
    return createBuiltinLibrary(readFileSync(path, 'utf8'), URI.parse(pathToFileURL(path).href));
}

/**
 * The places `builtins.cjm` can be, relative to the running module: beside the source, the
 * tsc output (`out/builtins/`) or an esbuild bundle (`dist/`), which copies it next to itself.
 */
export function findBuiltinsFile(moduleUrl: string, exists: (path: string) => boolean): string {
    const candidates = ['./builtins.cjm', './builtins/builtins.cjm', '../src/builtins/builtins.cjm', '../../src/builtins/builtins.cjm'];
    for (const candidate of candidates) {
        const path = fileURLToPath(new URL(candidate, moduleUrl));
        if (exists(path)) {
            return path;
        }
    }
    throw new Error(`CJM: cannot find builtins.cjm near ${moduleUrl}; reinstall the package.`);
}
