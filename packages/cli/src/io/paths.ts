import { isAbsolute, relative, sep } from 'node:path';

/** A path as the user should see it: relative to the current folder when inside it, with `/` separators. */
export function displayPath(path: string): string {
    const fromCwd = relative(process.cwd(), path);
    const shown = fromCwd === '' ? '.' : fromCwd.startsWith('..') || isAbsolute(fromCwd) ? path : fromCwd;
    return shown.split(sep).join('/');
}
