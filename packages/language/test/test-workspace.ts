import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { LangiumDocument } from 'langium';
import type { Diagnostic } from 'vscode-languageserver';
import type { Model } from '../src/generated/ast.js';
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
