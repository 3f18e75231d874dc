import type { AstNode, AstNodeDescription, IndexManager, URI, ValidationAcceptor, WorkspaceManager } from 'langium';
import { AstUtils, UriUtils } from 'langium';
import type { BuiltinLibrary } from '../builtins/builtin-library.js';
import type { CjmServices } from '../cjm-module.js';
import type { Model } from '../generated/ast.js';
import { isEmotionsBlock, isInsight, isPersona } from '../generated/ast.js';
import { DiagnosticCode } from './diagnostic-codes.js';
import { CjmIndexManager } from '../workspace/cjm-index-manager.js';

/** How many other declarations a `duplicate-name` message lists. */
const MAX_LISTED_LOCATIONS = 3;

/** The words users know the exported element types by. */
const KIND: Record<string, string> = {
    Persona: 'persona',
    Channel: 'channel',
    Team: 'team',
    Source: 'evidence source',
    Journey: 'journey',
    Emotion: 'emotion',
    Insight: 'insight'
};

/**
 * The workspace-wide checks, read from the index of every document rather than from this file:
 * `duplicate-name` for top-level elements and emotions, `unused-persona` and `unused-insight`. The document builder
 * re-validates the files these results depend on when another file changes.
 */
export class WorkspaceNameChecks {
    protected readonly index: IndexManager;
    protected readonly library: BuiltinLibrary;
    // Read when a message is built, not here: the workspace manager needs the document builder, which needs this validator.
    protected readonly workspaceManager: () => WorkspaceManager;

    constructor(services: CjmServices) {
        this.index = services.shared.workspace.IndexManager;
        this.library = services.builtins.Library;
        this.workspaceManager = () => services.shared.workspace.WorkspaceManager;
    }

    /** Runs both checks for one file's top-level elements. */
    check(model: Model, accept: ValidationAcceptor): void {
        const document = AstUtils.getDocument(model);
        if (this.library.isBuiltin(document.uri)) {
            return;
        }
        const declared: AstNode[] = model.elements.flatMap((element): AstNode[] => isEmotionsBlock(element) ? element.emotions : [element]);
        const byType = this.declarationsCache();
        const placesByName = new Map<string, DuplicatePlaces>();
        // Per persona or insight: whether any declaration of its name is referenced (a name may be declared many times).
        const usedNames = new Map<string, boolean>();
        for (const node of declared) {
            const name = (node as { name?: string }).name;
            if (!name || !KIND[node.$type]) {
                continue;
            }
            const sameName = this.userDeclarations(node.$type, byType).get(name) ?? [];
            if (sameName.length > 1) {
                const key = `${node.$type} ${name}`;
                let places = placesByName.get(key);
                if (!places) {
                    places = this.duplicatePlaces(sameName, document.uri);
                    placesByName.set(key, places);
                }
                this.reportDuplicate(node, name, places, accept);
            }
            if (isPersona(node) && !this.isUsed(`${node.$type} ${name}`, sameName, usedNames)) {
                accept('warning', `Persona '${name}' is not used by any journey, touchpoint or scenario in the workspace. Refer to it with \`persona ${name}\` or remove it.`,
                    { node, property: 'name', code: DiagnosticCode.UnusedPersona });
            }
            if (isInsight(node) && !this.isUsed(`${node.$type} ${name}`, sameName, usedNames)) {
                accept('info', `Insight '${name}' backs no pain or touchpoint in the workspace. Name it with \`evidence ${name}\` on a pain or a touchpoint, or remove it.`,
                    { node, property: 'name', code: DiagnosticCode.UnusedInsight });
            }
        }
    }

    /**
     * The cache of declarations by type: for as long as the index's exported names stay the same
     * (every file of a build is checked against the same index), else for one file's check.
     */
    private declarationsCache(): Map<string, Map<string, AstNodeDescription[]>> {
        const version = this.index instanceof CjmIndexManager ? this.index.contentVersion : undefined;
        if (version === undefined || version !== this.cached?.version) {
            this.cached = { version, byType: new Map() };
        }
        return this.cached.byType;
    }

    private cached: { version: number | undefined; byType: Map<string, Map<string, AstNodeDescription[]>> } | undefined;

    /** The workspace's declarations of one type (built-ins left out: a user's name overrides them), by name. */
    private userDeclarations(type: string, cache: Map<string, Map<string, AstNodeDescription[]>>): Map<string, AstNodeDescription[]> {
        let byName = cache.get(type);
        if (!byName) {
            byName = new Map();
            for (const description of this.index.allElements(type)) {
                if (!this.library.isBuiltin(description.documentUri)) {
                    const same = byName.get(description.name);
                    if (same) {
                        same.push(description);
                    } else {
                        byName.set(description.name, [description]);
                    }
                }
            }
            cache.set(type, byName);
        }
        return byName;
    }

    /** Where the declarations of one name are, as the file being checked shows them; built once per name. */
    private duplicatePlaces(sameName: AstNodeDescription[], uri: URI): DuplicatePlaces {
        const places = new DuplicatePlaces();
        const paths = new Map<string, string>();
        for (const description of sameName) {
            const line = (description.nameSegment?.range.start.line ?? 0) + 1;
            if (UriUtils.equals(description.documentUri, uri)) {
                places.add(`on line ${line} of this file`, description.node);
            } else {
                const key = description.documentUri.toString();
                let path = paths.get(key);
                if (path === undefined) {
                    path = this.shownPath(description.documentUri, uri);
                    paths.set(key, path);
                }
                places.add(`in ${path} on line ${line}`);
            }
        }
        return places;
    }

    private reportDuplicate(node: AstNode, name: string, places: DuplicatePlaces, accept: ValidationAcceptor): void {
        const kind = KIND[node.$type];
        const rule = node.$type === 'Emotion'
            ? 'Each emotion may be declared once across all `emotions` blocks'
            : `Names of ${kind === 'evidence source' ? 'evidence sources' : `${kind}s`} must be unique across the workspace`;
        accept('error', `Duplicate ${kind} '${name}': also declared ${places.othersThan(node)}. ${rule}; rename or remove one.`,
            { node, property: 'name', code: DiagnosticCode.DuplicateName });
    }

    /**
     * Where another file is, as a reader finds it: relative to the workspace folder holding it
     * (`lib/people.cjm`), else relative to the file being reported (`people.cjm` beside it).
     */
    private shownPath(other: URI, from: URI): string {
        const folder = this.workspaceManager().workspaceFolders?.find(candidate => UriUtils.contains(candidate.uri, other));
        return UriUtils.relative(folder ? folder.uri : UriUtils.dirname(from), other);
    }

    private isUsed(key: string, declarations: AstNodeDescription[], cache: Map<string, boolean>): boolean {
        let used = cache.get(key);
        if (used === undefined) {
            used = declarations.some(description => this.isReferenced(description));
            cache.set(key, used);
        }
        return used;
    }

    private isReferenced(description: AstNodeDescription): boolean {
        return description.node !== undefined && !this.index.findAllReferences(description.node, description.path).isEmpty();
    }
}

/**
 * The places where the declarations of one name are (`on line 3 of this file`), in order, each once
 * with how many of them it holds, for duplicate-name messages: built once per name, so that listing
 * the others for each of n declarations costs O(1), not O(n), and the message stays short.
 */
export class DuplicatePlaces {
    /** Declarations per place, in the order first seen. */
    private readonly counts = new Map<string, number>();
    private readonly placeOf = new Map<unknown, string>();
    private total = 0;

    /** Adds one declaration at `place`; `node`, when given, lets othersThan(node) leave it out. */
    add(place: string, node?: unknown): void {
        this.counts.set(place, (this.counts.get(place) ?? 0) + 1);
        this.total++;
        if (node !== undefined) {
            this.placeOf.set(node, place);
        }
    }

    /** `on line 1 of this file (2 times), in people.cjm on line 3 and 12 more`: the declarations other than `node`. */
    othersThan(node: unknown): string {
        const own = this.placeOf.get(node);
        const shown: string[] = [];
        let covered = 0;
        for (const [place, count] of this.counts) {
            const others = place === own ? count - 1 : count;
            if (others === 0) {
                continue;
            }
            if (shown.length === MAX_LISTED_LOCATIONS) {
                break;
            }
            shown.push(others > 1 ? `${place} (${others} times)` : place);
            covered += others;
        }
        const hidden = this.total - (own === undefined ? 0 : 1) - covered;
        return `${shown.join(', ')}${hidden > 0 ? ` and ${hidden} more` : ''}`;
    }
}
