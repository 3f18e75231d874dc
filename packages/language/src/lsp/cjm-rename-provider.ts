import type { AstNode, LangiumDocument, MaybePromise } from 'langium';
import { AstUtils, CstUtils } from 'langium';
import { DefaultRenameProvider } from 'langium/lsp';
import type { CancellationToken, Range, RenameParams, TextDocumentPositionParams, WorkspaceEdit } from 'vscode-languageserver';
import { ErrorCodes, ResponseError } from 'vscode-languageserver';
import type { BuiltinLibrary } from '../builtins/builtin-library.js';
import type { CjmServices } from '../cjm-module.js';

/** What a CJM name may be: the grammar's `ID` terminal (keywords are allowed by the `Id` rule too). */
const NAME = /^[_a-zA-Z]\w*(-\w+)*$/;

/**
 * Langium's workspace-wide rename, with CJM's limits: a built-in (emotion, channel, source) is part
 * of the language and is never renamed; the new name must be a valid identifier; and a top-level
 * element cannot take a name another one of its kind already has (that would be a `duplicate-name`).
 */
export class CjmRenameProvider extends DefaultRenameProvider {
    protected readonly builtins: BuiltinLibrary;

    constructor(protected readonly services: CjmServices) {
        super(services);
        this.builtins = services.builtins.Library;
    }

    override async rename(document: LangiumDocument, params: RenameParams, cancelToken?: CancellationToken): Promise<WorkspaceEdit | undefined> {
        const target = this.targetAt(document, params);
        if (!target) {
            return undefined;
        }
        const name = this.services.references.NameProvider.getName(target);
        if (this.builtins.isBuiltin(AstUtils.getDocument(target).uri)) {
            throw new ResponseError(ErrorCodes.InvalidRequest, `'${name}' is built into CJM and cannot be renamed; declare your own ${target.$type.toLowerCase()} instead.`);
        }
        if (!NAME.test(params.newName)) {
            throw new ResponseError(ErrorCodes.InvalidParams, `'${params.newName}' is not a valid name: use a letter or '_', then letters, digits, '_' or '-'.`);
        }
        if (params.newName !== name && this.isTakenAtTopLevel(target, params.newName)) {
            throw new ResponseError(ErrorCodes.InvalidRequest, `A ${target.$type.toLowerCase()} named '${params.newName}' already exists in the workspace.`);
        }
        return super.rename(document, params, cancelToken);
    }

    override prepareRename(document: LangiumDocument, params: TextDocumentPositionParams, cancelToken?: CancellationToken): MaybePromise<Range | undefined> {
        const target = this.targetAt(document, params);
        if (!target || this.builtins.isBuiltin(AstUtils.getDocument(target).uri)) {
            return undefined;
        }
        return super.prepareRename(document, params, cancelToken);
    }

    /** The declaration named, or referred to, at the position. */
    protected targetAt(document: LangiumDocument, params: TextDocumentPositionParams): AstNode | undefined {
        const root = document.parseResult.value.$cstNode;
        const leaf = root && CstUtils.findDeclarationNodeAtOffset(root, document.textDocument.offsetAt(params.position), this.grammarConfig.nameRegexp);
        return leaf ? this.references.findDeclarations(leaf)[0] : undefined;
    }

    private isTakenAtTopLevel(target: AstNode, newName: string): boolean {
        return this.services.shared.workspace.IndexManager.allElements(target.$type)
            .some(element => element.name === newName && !this.builtins.isBuiltin(element.documentUri));
    }
}
