import { readFileSync } from 'node:fs';
import type { JSONDocument, LanguageService, LanguageSettings } from 'vscode-json-languageservice';
import { getLanguageService } from 'vscode-json-languageservice';
import { TextDocument } from 'vscode-languageserver-textdocument';

/** The JSON Schema of the same model (journey-map.schema.json), matched to every benchmark `.json` file. */
export function jsonSchemaSettings(): LanguageSettings {
    const schema = JSON.parse(readFileSync(new URL('./journey-map.schema.json', import.meta.url), 'utf8'));
    return { validate: true, schemas: [{ uri: schema.$id, fileMatch: ['*.json'], schema }] };
}

/** A parsed JSON document with its text document, as the JSON language server keeps them. */
export interface OpenJsonDocument {
    text: TextDocument;
    json: JSONDocument;
}

/** vscode-json-languageservice configured with the journey-map schema, its schema already compiled. */
export async function createJsonService(): Promise<LanguageService> {
    const service = getLanguageService({});
    service.configure(jsonSchemaSettings());
    // Resolve and compile the schema once, untimed: the CJM grammar is likewise loaded before timing.
    const warm = TextDocument.create('file:///warm.json', 'json', 1, '{}');
    await service.doValidation(warm, service.parseJSONDocument(warm));
    return service;
}

/** Parses and validates JSON files as the JSON language server does on open; returns the documents and the number of diagnostics. */
export async function validateJson(service: LanguageService, files: Array<{ name: string; json: string }>): Promise<{ documents: OpenJsonDocument[]; diagnostics: number }> {
    const documents: OpenJsonDocument[] = [];
    let diagnostics = 0;
    for (const file of files) {
        const text = TextDocument.create(`file:///bench/${file.name}.json`, 'json', 1, file.json);
        const json = service.parseJSONDocument(text);
        diagnostics += (await service.doValidation(text, json)).length;
        documents.push({ text, json });
    }
    return { documents, diagnostics };
}
