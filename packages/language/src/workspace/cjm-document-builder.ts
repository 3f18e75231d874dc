import type { LangiumDocument, LangiumSharedCoreServices, URI } from 'langium';
import { Cancellation, DefaultDocumentBuilder, DocumentState } from 'langium';
import type { BuiltinLibrary } from '../builtins/builtin-library.js';
import { isEmotionsBlock, isModel, PersonaList } from '../generated/ast.js';
import type { CjmServices } from '../cjm-module.js';

/**
 * The names a document contributes to workspace-wide results: `D:<type>:<name>` for each top-level
 * declaration (and each declared emotion), `R:<name>` for each persona it refers to.
 */
type NameKeys = Set<string>;

/**
 * Langium's document builder, extended for CJM's workspace-wide diagnostics. Langium rebuilds a
 * changed file and the files linked to it; but `duplicate-name` and `unused-persona` in file A also
 * change when file B declares A's name or starts (or stops) naming A's persona, and a new emotion
 * in B overrides a built-in one that A's `feels` linked to. After each update this builder compares
 * the names the changed files declare and refer to before and after the change, and re-validates
 * (or, for a newly declared or removed name, relinks) only the files holding those names. Typing
 * inside a description changes no name, so a keystroke rebuilds only the file being edited.
 */
export class CjmDocumentBuilder extends DefaultDocumentBuilder {
    /** Each changed file's names as of the last update that ran to completion (kept across cancelled updates). */
    private readonly settledNames = new Map<string, { uri: URI; names: NameKeys }>();
    private readonly validatedDuringUpdate = new Set<string>();

    constructor(services: LangiumSharedCoreServices, protected readonly builtins: BuiltinLibrary) {
        super(services);
        this.onDocumentPhase(DocumentState.Validated, document => {
            this.validatedDuringUpdate.add(document.uri.toString());
        });
    }

    override async update(changed: URI[], deleted: URI[], cancelToken = Cancellation.CancellationToken.None): Promise<void> {
        const touched = [...changed, ...deleted].map(uri => uri.toString());
        for (const document of this.documentsUnder(touched)) {
            const key = document.uri.toString();
            if (!this.settledNames.has(key)) {
                this.settledNames.set(key, { uri: document.uri, names: this.namesOf(document) });
            }
        }
        this.validatedDuringUpdate.clear();
        await super.update(changed, deleted, cancelToken);

        // Files changed by this update, and by earlier updates that were cancelled before they settled.
        const current = new Map<string, NameKeys>();
        for (const { uri } of this.settledNames.values()) {
            const document = this.langiumDocuments.getDocument(uri);
            current.set(uri.toString(), document ? this.namesOf(document) : new Set());
        }
        for (const document of this.documentsUnder(touched)) {
            current.set(document.uri.toString(), this.namesOf(document));
        }
        const changedNames = new Set<string>();
        for (const [key, now] of current) {
            symmetricDifference(this.settledNames.get(key)?.names ?? new Set(), now).forEach(name => changedNames.add(name));
        }
        if (changedNames.size > 0) {
            await this.rebuildDependents(changedNames, new Set(current.keys()), cancelToken);
        }
        this.settledNames.clear();
    }

    /** Relinks files referring to a name declared or removed, and re-validates files declaring a changed name. */
    private async rebuildDependents(changedNames: Set<string>, changedUris: Set<string>, cancelToken: Cancellation.CancellationToken): Promise<void> {
        const declaredNames = new Set([...changedNames].filter(key => key.startsWith('D:')).map(key => key.split(':')[2]));
        const declaringFiles = new Set<string>();
        for (const description of this.indexManager.allElements()) {
            const declares = changedNames.has(`D:${description.type}:${description.name}`)
                || (description.type === 'Persona' && changedNames.has(`R:${description.name}`));
            if (declares) {
                declaringFiles.add(description.documentUri.toString());
            }
        }
        const dependents: LangiumDocument[] = [];
        for (const document of this.langiumDocuments.all) {
            const key = document.uri.toString();
            if (changedUris.has(key) || this.builtins.isBuiltin(key) || this.validatedDuringUpdate.has(key)) {
                continue;
            }
            if (declaredNames.size > 0 && document.references.some(reference => declaredNames.has(reference.$refText))) {
                this.resetToState(document, DocumentState.ComputedScopes);
                dependents.push(document);
            } else if (declaringFiles.has(key)) {
                this.resetToState(document, DocumentState.IndexedReferences);
                dependents.push(document);
            }
        }
        if (dependents.length > 0) {
            await this.buildDocuments(this.sortDocuments(dependents), this.updateBuildOptions, cancelToken);
        }
    }

    /** The loaded documents at the given URIs or inside the given folders (a URI no document has). */
    private documentsUnder(uris: string[]): LangiumDocument[] {
        const documents = this.langiumDocuments.all.toArray();
        const keys = documents.map(document => document.uri.toString());
        const exact = new Set(uris);
        const known = new Set(keys);
        const folders = uris.filter(uri => !known.has(uri)).map(uri => uri.endsWith('/') ? uri : `${uri}/`);
        return documents.filter((_, i) => exact.has(keys[i]) || folders.some(folder => keys[i].startsWith(folder)));
    }

    /** The names a document declares and the personas it refers to. */
    private namesOf(document: LangiumDocument): NameKeys {
        const names: NameKeys = new Set();
        const root = document.parseResult?.value;
        if (!isModel(root)) {
            return names;
        }
        for (const element of root.elements) {
            const declared = isEmotionsBlock(element) ? element.emotions : [element];
            for (const node of declared) {
                const name = (node as { name?: string }).name;
                if (name) {
                    names.add(`D:${node.$type}:${name}`);
                }
            }
        }
        for (const { reference, container } of (this.serviceRegistry.getServices(document.uri) as CjmServices).parser.AstContents.of(root).references) {
            // `$type` rather than `isPersonaList`: nothing derives from PersonaList, and this runs for every reference.
            if (container.$type === PersonaList.$type && reference.$refText) {
                names.add(`R:${reference.$refText}`);
            }
        }
        return names;
    }
}

function symmetricDifference(a: Set<string>, b: Set<string>): string[] {
    return [...[...a].filter(name => !b.has(name)), ...[...b].filter(name => !a.has(name))];
}
