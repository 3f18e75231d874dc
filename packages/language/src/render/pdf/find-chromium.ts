import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Where CJM looks for Chromium when it is not told: this path (Debian's), then these names on PATH. */
export const CHROMIUM_CANDIDATES = {
    path: '/usr/bin/chromium',
    onPath: ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']
} as const;

/**
 * The machine's Chromium (CJM never downloads a browser): `requested` when given (the CLI's
 * `--browser` or `CJM_BROWSER`, the extension's setting) if it is an executable file, else the
 * first of CHROMIUM_CANDIDATES that is; undefined when there is none.
 */
export function findChromium(requested: string | undefined, path = process.env.PATH ?? ''): string | undefined {
    if (requested) {
        return isExecutableFile(requested) ? requested : undefined;
    }
    if (isExecutableFile(CHROMIUM_CANDIDATES.path)) {
        return CHROMIUM_CANDIDATES.path;
    }
    for (const folder of path.split(delimiter).filter(Boolean)) {
        for (const name of CHROMIUM_CANDIDATES.onPath) {
            const candidate = join(folder, name);
            if (isExecutableFile(candidate)) {
                return candidate;
            }
        }
    }
    return undefined;
}

function isExecutableFile(path: string): boolean {
    try {
        accessSync(path, constants.X_OK);
        return statSync(path).isFile();
    } catch {
        return false;
    }
}
