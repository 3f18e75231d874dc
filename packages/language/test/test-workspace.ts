import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { LangiumDocument, Module } from 'langium';
import { EmptyFileSystem, inject } from 'langium';
import type { LangiumSharedServices, PartialLangiumServices, PartialLangiumSharedServices } from 'langium/lsp';
import { createDefaultModule, createDefaultSharedModule } from 'langium/lsp';
import type { Diagnostic } from 'vscode-languageserver';
import type { CjmServices, FastPathRefusalHandling } from '../src/cjm-module.js';
import { createCjmModule, createCjmSharedModule } from '../src/cjm-module.js';
import type { Model } from '../src/generated/ast.js';
import { CjmGeneratedModule, CjmGeneratedSharedModule } from '../src/generated/module.js';
import { registerValidationChecks } from '../src/validation/cjm-validator.js';
import { createNodeCjmServices } from '../src/node.js';
import { CjmWorkspace } from '../src/workspace/in-memory-workspace.js';

/** The repository's `test/fixtures` folder. */
export const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/', import.meta.url));

/** Reads a fixture (path relative to `test/fixtures`). */
export function fixture(path: string): string {
    return readFileSync(FIXTURES + path, 'utf8');
}

/** A fresh workspace with the built-in library, as the language server has it. */
export function createTestWorkspace(): CjmWorkspace {
    return new CjmWorkspace(createNodeCjmServices().Cjm);
}

/** What {@link createServicesWith} changes in the services `createCjmServices` makes. */
export interface ServiceChanges {
    shared?: Module<LangiumSharedServices, PartialLangiumSharedServices>;
    language?: Module<CjmServices, PartialLangiumServices>;
    fastPathRefusal?: FastPathRefusalHandling;
}

/** The services `createCjmServices` makes (without a file system), with some of them changed. */
export function createServicesWith(changes: ServiceChanges): CjmServices {
    const library = createTestWorkspace().services.builtins.Library;
    const shared = inject(createDefaultSharedModule(EmptyFileSystem), CjmGeneratedSharedModule, createCjmSharedModule(library), changes.shared ?? {});
    const Cjm = inject(createDefaultModule({ shared }), CjmGeneratedModule, createCjmModule(library, changes.fastPathRefusal ?? 'throw'), changes.language ?? {});
    shared.ServiceRegistry.register(Cjm);
    registerValidationChecks(Cjm);
    shared.workspace.ConfigurationProvider.initialized({});
    return Cjm;
}

/** Loads files (name → text) into a fresh workspace; names become `file:///ws/<name>`. */
export async function loadFiles(files: Record<string, string>): Promise<{ workspace: CjmWorkspace; documents: Record<string, LangiumDocument<Model>> }> {
    const workspace = createTestWorkspace();
    const names = Object.keys(files);
    const loaded = await workspace.load(names.map(name => ({ uri: `file:///ws/${name}`, text: files[name] })));
    const documents: Record<string, LangiumDocument<Model>> = {};
    names.forEach((name, i) => { documents[name] = loaded[i]; });
    return { workspace, documents };
}

/** Diagnostics of one text in a fresh workspace (optionally with other files beside it). */
export async function diagnose(text: string, others: Record<string, string> = {}): Promise<Diagnostic[]> {
    const { documents } = await loadFiles({ ...others, 'main.cjm': text });
    return documents['main.cjm'].diagnostics ?? [];
}

/** The codes of diagnostics, for compact assertions. */
export function codes(diagnostics: Diagnostic[]): string[] {
    return diagnostics.map(d => String(d.code ?? 'parser'));
}
