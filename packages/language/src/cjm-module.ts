import type { DeepPartial, LangiumCoreServices, LangiumSharedCoreServices, Module } from 'langium';
import { inject } from 'langium';
import type { DefaultSharedModuleContext, LangiumServices, LangiumSharedServices, PartialLangiumServices, PartialLangiumSharedServices } from 'langium/lsp';
import { createDefaultModule, createDefaultSharedModule } from 'langium/lsp';
import type { BuiltinLibrary } from './builtins/builtin-library.js';
import { CjmLinker } from './references/cjm-linker.js';
import { CjmScopeComputation } from './references/cjm-scope-computation.js';
import { CjmScopeProvider } from './references/cjm-scope-provider.js';
import { CjmWorkspaceManager } from './workspace/cjm-workspace-manager.js';
import { CjmAstContents } from './parser/ast-contents.js';
import { createCjmParser } from './parser/cjm-parser.js';
import type { FastPathRefusalHandling } from './parser/fast-path-refusal.js';
import { CjmValueConverter } from './parser/cjm-value-converter.js';
import { CjmGeneratedModule, CjmGeneratedSharedModule } from './generated/module.js';
import { CjmCodeActionProvider } from './lsp/cjm-code-action-provider.js';
import { CjmCodeLensProvider } from './lsp/cjm-code-lens-provider.js';
import { CjmCompletionProvider } from './lsp/completion/cjm-completion-provider.js';
import { CjmDocumentUpdateHandler } from './lsp/cjm-document-update-handler.js';
import { CjmDocumentSymbolProvider } from './lsp/cjm-document-symbol-provider.js';
import { CjmFormatter } from './lsp/cjm-formatter.js';
import { CjmHoverProvider } from './lsp/cjm-hover-provider.js';
import { CjmInlayHintProvider } from './lsp/cjm-inlay-hint-provider.js';
import { CjmNodeKindProvider } from './lsp/cjm-node-kind-provider.js';
import { CjmRenameProvider } from './lsp/cjm-rename-provider.js';
import { CjmSemanticTokenProvider } from './lsp/cjm-semantic-token-provider.js';
import { CjmDocumentValidator } from './validation/cjm-document-validator.js';
import { CjmValidationRegistry } from './validation/cjm-validation-registry.js';
import { CjmValidator, registerValidationChecks } from './validation/cjm-validator.js';
import { CjmAstNodeDescriptionProvider } from './workspace/cjm-ast-node-description-provider.js';
import { CjmAstNodeLocator } from './workspace/cjm-ast-node-locator.js';
import { CjmDetachedDocuments } from './workspace/detached-documents.js';
import { CjmDocumentBuilder } from './workspace/cjm-document-builder.js';
import { CjmIndexManager } from './workspace/cjm-index-manager.js';
import { CjmReferenceDescriptionProvider } from './workspace/cjm-reference-description-provider.js';
import { WorkspaceOverviewCache } from './workspace-overview/workspace-overview.js';

/** The services CJM adds to Langium's. */
export type CjmAddedServices = {
    builtins: {
        Library: BuiltinLibrary;
    };
    parser: {
        AstContents: CjmAstContents;
    };
    validation: {
        CjmValidator: CjmValidator;
    };
    overview: {
        /** The workspace overview, kept per document (see WorkspaceOverviewCache). */
        WorkspaceOverview: WorkspaceOverviewCache;
    };
    workspace: {
        DetachedDocuments: CjmDetachedDocuments;
    };
};

export type CjmServices = LangiumServices & CjmAddedServices;

/**
 * Every service CJM overrides or adds; reading this tells you every customisation. `fastPathRefusal`:
 * what to do with a grammar the fast parser refuses (see `parser/cjm-parser.ts`).
 */
export function createCjmModule(library: BuiltinLibrary, fastPathRefusal: FastPathRefusalHandling = 'fallback'): Module<CjmServices, PartialLangiumServices & CjmAddedServices> {
    return {
        builtins: {
            Library: () => library
        },
        parser: {
            AstContents: () => new CjmAstContents(),
            LangiumParser: (services) => createCjmParser(services, fastPathRefusal),
            ValueConverter: () => new CjmValueConverter()
        },
        references: {
            Linker: (services) => new CjmLinker(services),
            ScopeComputation: (services) => new CjmScopeComputation(services),
            ScopeProvider: (services) => new CjmScopeProvider(services)
        },
        overview: {
            WorkspaceOverview: () => new WorkspaceOverviewCache()
        },
        validation: {
            CjmValidator: (services) => new CjmValidator(services),
            ValidationRegistry: (services) => new CjmValidationRegistry(services),
            DocumentValidator: (services) => new CjmDocumentValidator(services)
        },
        workspace: {
            AstNodeDescriptionProvider: (services) => new CjmAstNodeDescriptionProvider(services),
            AstNodeLocator: () => new CjmAstNodeLocator(),
            ReferenceDescriptionProvider: (services) => new CjmReferenceDescriptionProvider(services),
            DetachedDocuments: (services) => new CjmDetachedDocuments(services)
        },
        lsp: {
            CompletionProvider: (services) => new CjmCompletionProvider(services),
            HoverProvider: (services) => new CjmHoverProvider(services),
            InlayHintProvider: () => new CjmInlayHintProvider(),
            CodeActionProvider: (services) => new CjmCodeActionProvider(services),
            CodeLensProvider: (services) => new CjmCodeLensProvider(services),
            Formatter: (services) => new CjmFormatter(services),
            DocumentSymbolProvider: (services) => new CjmDocumentSymbolProvider(services),
            RenameProvider: (services) => new CjmRenameProvider(services),
            SemanticTokenProvider: (services) => new CjmSemanticTokenProvider(services)
        }
    };
}

/** The shared services CJM overrides: the built-in library loaded with the workspace, and the index and builder it needs. */
export function createCjmSharedModule(library: BuiltinLibrary): Module<LangiumSharedServices, PartialLangiumSharedServices> {
    return {
        lsp: {
            NodeKindProvider: () => new CjmNodeKindProvider(),
            DocumentUpdateHandler: (services) => new CjmDocumentUpdateHandler(services, library)
        },
        workspace: {
            WorkspaceManager: (services) => new CjmWorkspaceManager(services, library),
            DocumentBuilder: (services) => new CjmDocumentBuilder(services, library),
            IndexManager: (services) => new CjmIndexManager(services)
        }
    };
}

export interface CjmServicesContext extends DefaultSharedModuleContext {
    /** The built-in library (see `builtins/builtins.cjm`). */
    builtins: BuiltinLibrary;
    /** A grammar outside the fast parser's subset: `fallback` (the default) parses with Langium's parser and logs it; `throw` stops (the tests). */
    fastPathRefusal?: FastPathRefusalHandling;
}

/**
 * Creates the shared services and the CJM language services, registered with each other.
 * `platform` overrides shared services for where the server runs (the web worker's workspace).
 */
export function createCjmServices(
    context: CjmServicesContext,
    platform: Module<LangiumSharedServices, PartialLangiumSharedServices> = {}
): { shared: LangiumSharedServices; Cjm: CjmServices } {
    const shared = inject(
        createDefaultSharedModule(context),
        CjmGeneratedSharedModule,
        createCjmSharedModule(context.builtins),
        platform
    );
    const Cjm = inject(
        createDefaultModule({ shared }),
        CjmGeneratedModule,
        createCjmModule(context.builtins, context.fastPathRefusal)
    );
    shared.ServiceRegistry.register(Cjm);
    registerValidationChecks(Cjm);
    if (!context.connection) {
        // Without a language client nobody sends `initialized`; mark the configuration as ready.
        shared.workspace.ConfigurationProvider.initialized({});
    }
    return { shared, Cjm };
}

export type { DeepPartial, LangiumCoreServices, LangiumSharedCoreServices };
export type { FastPathRefusalHandling } from './parser/fast-path-refusal.js';
