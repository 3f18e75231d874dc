import { readFileSync } from 'node:fs';

/** The CLI's version, read from its package.json so `--version` and SARIF never drift from the release. */
export const CLI_VERSION: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
