import type { AstNodeDescription, ReferenceInfo, Scope } from 'langium';
import { DefaultScopeProvider, MapScope } from 'langium';
import type { BuiltinLibrary } from './builtins/builtin-library.js';
import type { CjmServices } from './cjm-module.js';

/**
 * The workspace scope with the built-in library behind it: a user's persona, channel, team,
 * source or emotion named like a built-in takes precedence over the built-in, without error.
 */
export class CjmScopeProvider extends DefaultScopeProvider {
    protected readonly builtins: BuiltinLibrary;

    constructor(services: CjmServices) {
        super(services);
        this.builtins = services.builtins.Library;
    }

    protected override getGlobalScope(referenceType: string, _context: ReferenceInfo): Scope {
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
