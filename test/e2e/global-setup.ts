/**
 * Prepares what every end-to-end file needs once: code-server in its cache folder and the
 * extension packaged as a .vsix (set CJM_E2E_VSIX to reuse one already built).
 */
import type { TestProject } from 'vitest/node';
// @ts-expect-error plain ESM module shared with scripts/start.mjs.
import { ensureCodeServer } from '../../scripts/code-server.mjs';
import { packageExtension } from './harness/extension-package.js';

declare module 'vitest' {
    export interface ProvidedContext {
        vsixPath: string;
    }
}

export default async function setup(project: TestProject): Promise<void> {
    await ensureCodeServer();
    project.provide('vsixPath', process.env.CJM_E2E_VSIX ?? packageExtension());
}
