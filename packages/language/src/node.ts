import { existsSync } from 'node:fs';
import { NodeFileSystem } from 'langium/node';
import { findBuiltinsFile, loadBuiltinLibrary } from './builtins/builtins-file.js';
import type { CjmServicesContext } from './cjm-module.js';
import { createCjmServices } from './cjm-module.js';
import { CjmWorkspace } from './workspace/in-memory-workspace.js';

/**
 * Creates the CJM services for Node.js, with the file system and the built-in library on disk. The
 * environment variable `CJM_FAST_PATH_REFUSAL=throw` (set by the test configuration) makes a grammar
 * the fast parser refuses stop the services instead of falling back to Langium's parser.
 */
export function createNodeCjmServices(context: Partial<CjmServicesContext> = {}) {
    const builtins = context.builtins ?? loadBuiltinLibrary(findBuiltinsFile(import.meta.url, existsSync));
    const fastPathRefusal = context.fastPathRefusal ?? (process.env.CJM_FAST_PATH_REFUSAL === 'throw' ? 'throw' : 'fallback');
    return createCjmServices({ ...NodeFileSystem, ...context, builtins, fastPathRefusal });
}

/** A fresh workspace for the CLI and tests. */
export function createNodeCjmWorkspace(): CjmWorkspace {
    return new CjmWorkspace(createNodeCjmServices().Cjm);
}

export { CjmWorkspace } from './workspace/in-memory-workspace.js';
export { findBuiltinsFile, loadBuiltinLibrary } from './builtins/builtins-file.js';
export { CHROMIUM_CANDIDATES, findChromium } from './render/pdf/find-chromium.js';
export { PAGE_SIZES, printPdf } from './render/pdf/print-pdf.js';
export type { PageSize, PrintOptions } from './render/pdf/print-pdf.js';
