import type { AstNode, AstNodeDescription, IndexManager, ValidationAcceptor } from 'langium';
import { AstUtils } from 'langium';
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

    constructor(services: CjmServices) {
        this.index = services.shared.workspace.IndexManager;
        this.library = services.builtins.Library;
    }

    /** Runs both checks for one file's top-level elements. */
    check(model: Model, accept: ValidationAcceptor): void {
        const document = AstUtils.getDocument(model);
        if (this.library.isBuiltin(document.uri)) {
            return;
        }
        const declared: AstNode[] = model.elements.flatMap((element): AstNode[] => isEmotionsBlock(element) ? element.emotions : [element]);
        const byType = new Map<string, Map<string, AstNodeDescription[]>>();
        for (const node of declared) {
            const name = (node as { name?: string }).name;
            if (!name || !KIND[node.$type]) {
                continue;
            }
            const sameName = this.userDeclarations(node.$type, byType).get(name) ?? [];
            if (sameName.length > 1) {
                this.reportDuplicate(node, name, sameName, document.uri.toString(), accept);
            }
            if (isPersona(node) && !sameName.some(description => this.isReferenced(description))) {
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

    private reportDuplicate(node: AstNode, name: string, sameName: AstNodeDescription[], uri: string, accept: ValidationAcceptor): void {
        const others = sameName.filter(description => description.node !== node);
        // A name copied into many files would make a message as long as the workspace: show a few.
        const shown = others.slice(0, MAX_LISTED_LOCATIONS)
            .map(description => {
                const line = (description.nameSegment?.range.start.line ?? 0) + 1;
                const key = description.documentUri.toString();
                return key === uri ? `on line ${line} of this file` : `in ${fileName(key)} on line ${line}`;
            });
        const kind = KIND[node.$type];
        const rule = node.$type === 'Emotion'
            ? 'Each emotion may be declared once across all `emotions` blocks'
            : `Names of ${kind === 'evidence source' ? 'evidence sources' : `${kind}s`} must be unique across the workspace`;
        const more = others.length > shown.length ? ` and ${others.length - shown.length} more` : '';
        accept('error', `Duplicate ${kind} '${name}': also declared ${shown.join(', ')}${more}. ${rule}; rename or remove one.`,
            { node, property: 'name', code: DiagnosticCode.DuplicateName });
    }

    private isReferenced(description: AstNodeDescription): boolean {
        return description.node !== undefined && !this.index.findAllReferences(description.node, description.path).isEmpty();
    }
}

function fileName(uri: string): string {
    return decodeURIComponent(uri.split('/').pop() ?? uri);
}
