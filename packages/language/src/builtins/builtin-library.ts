import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { URI } from 'langium';

/** Where the built-in library lives: a real file, so every LSP client can open its definitions. */
export interface BuiltinLibrary {
    readonly uri: URI;
    readonly text: string;
    isBuiltin(uri: URI | string): boolean;
}

/** Loads the built-in library from `builtins.cjm` on disk. */
export function loadBuiltinLibrary(path: string): BuiltinLibrary {
    const text = readFileSync(path, 'utf8');
    const uri = URI.parse(pathToFileURL(path).href);
    const key = uri.toString();
    return {
        uri,
        text,
        isBuiltin: (other) => (typeof other === 'string' ? other : other.toString()) === key
    };
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
