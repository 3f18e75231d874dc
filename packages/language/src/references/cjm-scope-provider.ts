import type { AstNodeDescription, ReferenceInfo, Scope } from 'langium';
import { AstUtils, DefaultScopeProvider, MapScope } from 'langium';
import type { BuiltinLibrary } from '../builtins/builtin-library.js';
import type { CjmServices } from '../cjm-module.js';
import type { CjmDetachedDocuments } from '../workspace/detached-documents.js';
import { LOCALLY_SCOPED_TYPES } from './cjm-scope-computation.js';

/**
 * The workspace scope with the built-in library behind it: a user's persona, channel, team,
 * source or emotion named like a built-in takes precedence over the built-in, without error. A
 * detached map (a Markdown fence) sees its own declarations before the workspace's.
 */
export class CjmScopeProvider extends DefaultScopeProvider {
    protected readonly builtins: BuiltinLibrary;
    protected readonly detached: () => CjmDetachedDocuments;

    /** Per reference type: can a local (journey) symbol ever match it? */
    private readonly resolvesLocally = new Map<string, boolean>();

    constructor(services: CjmServices) {
        super(services);
        this.builtins = services.builtins.Library;
        // Read when linking, not here: the detached documents need the linker, which needs this provider.
        this.detached = () => services.workspace.DetachedDocuments;
    }

    /**
     * Only scenario paths refer to journey-local symbols. Every other reference (persona, channel,
     * team, emotion, source) goes straight to the global scope: the default walk filters each
     * journey's stages and touchpoints by type for every such reference, which was the largest
     * linking cost in a 10,000-touchpoint workspace (see docs/performance.md).
     */
    override getScope(context: ReferenceInfo): Scope {
        const referenceType = this.reflection.getReferenceType(context);
        let local = this.resolvesLocally.get(referenceType);
        if (local === undefined) {
            local = LOCALLY_SCOPED_TYPES.some(type => this.reflection.isSubtype(type, referenceType));
            this.resolvesLocally.set(referenceType, local);
        }
        return local ? super.getScope(context) : this.getGlobalScope(referenceType, context);
    }

    protected override getGlobalScope(referenceType: string, context: ReferenceInfo): Scope {
        const own = this.detached().ownDeclarations(AstUtils.getDocument(context.container));
        const workspace = this.workspaceScope(referenceType);
        return own ? new MapScope(own.filter(description => this.reflection.isSubtype(description.type, referenceType)), workspace) : workspace;
    }

    private workspaceScope(referenceType: string): Scope {
        return this.globalScopeCache.get(referenceType, () => {
            const user: AstNodeDescription[] = [];
            const builtin: AstNodeDescription[] = [];
            for (const description of this.indexManager.allElements(referenceType)) {
                (this.builtins.isBuiltin(description.documentUri) ? builtin : user).push(description);
            }
            return new MapScope(user.reverse(), new MapScope(builtin));
        });
    }
}
