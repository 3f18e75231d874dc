import type { AstNode, AstNodeDescription, IndexManager, URI, ValidationAcceptor, WorkspaceManager } from 'langium';
import { AstUtils, UriUtils } from 'langium';
import type { BuiltinLibrary } from '../builtins/builtin-library.js';
import type { CjmServices } from '../cjm-module.js';
import type { Model } from '../generated/ast.js';
import { isEmotionsBlock, isPersona } from '../generated/ast.js';
import { DiagnosticCode } from './diagnostic-codes.js';

/** How many other declarations a `duplicate-name` message lists. */
const MAX_LISTED_LOCATIONS = 3;

/** The words users know the exported element types by. */
const KIND: Record<string, string> = {
    Persona: 'persona',
    Channel: 'channel',
    Team: 'team',
    Source: 'evidence source',
    Journey: 'journey',
    Emotion: 'emotion'
};

/**
 * The workspace-wide checks, read from the index of every document rather than from this file:
 * `duplicate-name` for top-level elements and emotions, and `unused-persona`. The document builder
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
        const byType = new Map<string, Map<string, AstNodeDescription[]>>();
        // Per persona name: whether any declaration of it is referenced (a name may be declared many times).
        const usedNames = new Map<string, boolean>();
        for (const node of declared) {
            const name = (node as { name?: string }).name;
            if (!name || !KIND[node.$type]) {
                continue;
            }
            const sameName = this.userDeclarations(node.$type, byType).get(name) ?? [];
            if (sameName.length > 1) {
                this.reportDuplicate(node, name, sameName, document.uri, accept);
            }
            if (isPersona(node) && !this.isUsed(name, sameName, usedNames)) {
                accept('warning', `Persona '${name}' is not used by any journey, touchpoint or scenario in the workspace. Refer to it with \`persona ${name}\` or remove it.`,
                    { node, property: 'name', code: DiagnosticCode.UnusedPersona });
            }
        }
    }

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

    private reportDuplicate(node: AstNode, name: string, sameName: AstNodeDescription[], uri: URI, accept: ValidationAcceptor): void {
        // A name copied into many files would make a message as long as the workspace: show a few.
        const listed: AstNodeDescription[] = [];
        for (let i = 0; i < sameName.length && listed.length < MAX_LISTED_LOCATIONS; i++) {
            if (sameName[i].node !== node) {
                listed.push(sameName[i]);
            }
        }
        const shown = listed.map(description => {
            const line = (description.nameSegment?.range.start.line ?? 0) + 1;
            return UriUtils.equals(description.documentUri, uri) ? `on line ${line} of this file` : `in ${this.shownPath(description.documentUri, uri)} on line ${line}`;
        });
        const kind = KIND[node.$type];
        const rule = node.$type === 'Emotion'
            ? 'Each emotion may be declared once across all `emotions` blocks'
            : `Names of ${kind === 'evidence source' ? 'evidence sources' : `${kind}s`} must be unique across the workspace`;
        const hidden = sameName.length - 1 - shown.length;
        const more = hidden > 0 ? ` and ${hidden} more` : '';
        accept('error', `Duplicate ${kind} '${name}': also declared ${shown.join(', ')}${more}. ${rule}; rename or remove one.`,
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

    private isUsed(name: string, declarations: AstNodeDescription[], cache: Map<string, boolean>): boolean {
        let used = cache.get(name);
        if (used === undefined) {
            used = declarations.some(description => this.isReferenced(description));
            cache.set(name, used);
        }
        return used;
    }

    private isReferenced(description: AstNodeDescription): boolean {
        return description.node !== undefined && !this.index.findAllReferences(description.node, description.path).isEmpty();
    }
}
