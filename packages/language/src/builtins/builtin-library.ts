import { URI } from 'langium';

/** Where the built-in library lives: a real document, so every LSP client can open its definitions. */
export interface BuiltinLibrary {
    readonly uri: URI;
    readonly text: string;
    isBuiltin(uri: URI | string): boolean;
}

/**
 * The URI of the built-in library where there is no file system (the web-worker server): the
 * extension serves this scheme's one document from the same `builtins.cjm` bundled into it.
 */
export const EMBEDDED_BUILTINS_URI = 'cjm-builtin:/builtins.cjm';

/** The built-in library from its text and the URI clients open its definitions at. */
export function createBuiltinLibrary(text: string, uri: URI): BuiltinLibrary {
    const key = uri.toString();
    return {
        uri,
        text,
        isBuiltin: (other) => (typeof other === 'string' ? other : other.toString()) === key
    };
}
