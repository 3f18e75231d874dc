import { existsSync } from 'node:fs';
import { NodeFileSystem } from 'langium/node';
import { findBuiltinsFile, loadBuiltinLibrary } from './builtins/builtins-file.js';
import type { CjmServicesContext } from './cjm-module.js';
import { createCjmServices } from './cjm-module.js';
import { CjmWorkspace } from './workspace/in-memory-workspace.js';

/** Creates the CJM services for Node.js, with the file system and the built-in library on disk. */
export function createNodeCjmServices(context: Partial<CjmServicesContext> = {}) {
    const builtins = context.builtins ?? loadBuiltinLibrary(findBuiltinsFile(import.meta.url, existsSync));
    return createCjmServices({ ...NodeFileSystem, ...context, builtins });
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
