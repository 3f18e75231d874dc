import type { AstNode, LangiumDocument, LeafCstNode, MaybePromise } from 'langium';
import { AstUtils, CstUtils, GrammarUtils, isOperationCancelled } from 'langium';
import type { CodeActionProvider } from 'langium/lsp';
import type { CodeAction, CodeActionParams, Command, Diagnostic, TextEdit } from 'vscode-languageserver';
import { CodeActionKind } from 'vscode-languageserver';
import type { BuiltinLibrary } from '../builtins/builtin-library.js';
import type { CjmServices } from '../cjm-module.js';
import type { EmotionsBlock, Model, Pain } from '../generated/ast.js';
import { isEmotion, isEmotionsBlock, isFeeling, isModel, isPain, isPersona, Source } from '../generated/ast.js';
import { MAX_SCORE, MIN_SCORE } from '../model/emotion-score.js';
import { diagnosticCode } from '../validation/diagnostic-codes.js';
import { nearestNames } from './did-you-mean.js';
import { referenceAt } from './reference-at.js';
import { markReviewedAction, reviewedTodayFix } from './reviewed-today.js';

/** Reference types whose missing target a quick fix declares, with the keyword that declares them. */
const DECLARING_KEYWORD: Record<string, string> = { Persona: 'persona', Team: 'team', Channel: 'channel', Source: 'source', Insight: 'insight', Journey: 'journey' };

/**
 * Quick fixes for CJM's diagnostics, matched on the diagnostic's code (spec §5). Each fix recomputes
 * what it needs from the AST at the diagnostic's range, so it depends on nothing but the code and range.
 */
export class CjmCodeActionProvider implements CodeActionProvider {
    protected readonly library: BuiltinLibrary;

    constructor(protected readonly services: CjmServices) {
        this.library = services.builtins.Library;
    }

    getCodeActions(document: LangiumDocument, params: CodeActionParams): MaybePromise<Array<Command | CodeAction> | undefined> {
        const actions = [
            ...params.context.diagnostics.flatMap(diagnostic => this.fixesIsolated(document, diagnostic)),
            ...markReviewedAction(document, params.range)
        ];
        // A client that asks for some kinds only (`quickfix` for the lightbulb's fixes) gets those:
        // a kind matches its own name and every kind below it (`refactor` takes `refactor.rewrite`).
        const only = params.context.only;
        return only ? actions.filter(action => only.some(kind => action.kind === kind || action.kind?.startsWith(`${kind}.`))) : actions;
    }

    /**
     * The fixes of one diagnostic. A fix that fails (a half-typed text no builder foresaw) is logged
     * and left out: it must not take the other diagnostics' fixes down with the whole request.
     */
    private fixesIsolated(document: LangiumDocument, diagnostic: Diagnostic): CodeAction[] {
        try {
            return this.fixes(document, diagnostic);
        } catch (error) {
            if (isOperationCancelled(error)) {
                throw error;
            }
            console.error(`A quick fix for ${diagnosticCode(diagnostic)} failed:`, error);
            return [];
        }
    }

    protected fixes(document: LangiumDocument, diagnostic: Diagnostic): CodeAction[] {
        const leaf = this.leafAt(document, diagnostic);
        if (!leaf) {
            return [];
        }
        switch (diagnosticCode(diagnostic)) {
            case 'linking-error':
                return [...this.changeToNearest(document, diagnostic, leaf), ...this.declareMissing(document, diagnostic, leaf)];
            case 'pain-without-evidence':
                return this.addSource(document, diagnostic, leaf);
            case 'score-out-of-range':
                return this.clampScore(document, diagnostic, leaf);
            case 'stale-map':
                return reviewedTodayFix(document, diagnostic, leaf);
            default:
                return [];
        }
    }

    private leafAt(document: LangiumDocument, diagnostic: Diagnostic): LeafCstNode | undefined {
        const root = document.parseResult.value.$cstNode;
        return root && CstUtils.findLeafNodeAtOffset(root, document.textDocument.offsetAt(diagnostic.range.start));
    }

    /** `linking-error` → change the name to one of the nearest names of the right kind in scope, the nearest preferred. */
    private changeToNearest(document: LangiumDocument, diagnostic: Diagnostic, leaf: LeafCstNode): CodeAction[] {
        const found = referenceAt(leaf, this.services.shared.AstReflection);
        if (!found?.reference.$refText || !found.reference.$refNode) {
            return [];
        }
        const scope = this.services.references.ScopeProvider.getScope(found);
        const names = nearestNames(found.reference.$refText, scope.getAllElements().map(description => description.name));
        const range = found.reference.$refNode.range;
        return names.map((name, i) => ({
            ...this.quickFix(`Change to '${name}'`, diagnostic, { [document.uri.toString()]: [{ range, newText: name }] }),
            isPreferred: i === 0
        }));
    }

    /** `linking-error` → declare the missing persona, team, channel, source or emotion. */
    private declareMissing(document: LangiumDocument, diagnostic: Diagnostic, leaf: LeafCstNode): CodeAction[] {
        const found = referenceAt(leaf, this.services.shared.AstReflection);
        if (!found?.reference.$refText) {
            return [];
        }
        const { reference, type } = found;
        const name = reference.$refText;
        if (type === 'Emotion') {
            const changes = this.declareEmotion(document, name);
            return changes ? [this.quickFix(`Declare emotion '${name}' with score 0`, diagnostic, changes)] : [];
        }
        const keyword = DECLARING_KEYWORD[type];
        if (!keyword) {
            return [];
        }
        // A missing journey goes beside the journey that names it; everything else into the library.
        const own = isModel(document.parseResult.value) ? document as LangiumDocument<Model> : undefined;
        const target = (type === 'Journey' ? undefined : this.libraryDocument(type)) ?? own;
        if (!target) {
            return [];
        }
        const declaration = `${keyword} ${name} ${JSON.stringify(titleOf(name))}${type === 'Journey' ? ' {\n}' : ''}`;
        const where = target === document ? 'this file' : fileName(target);
        return [this.quickFix(`Declare ${keyword} '${name}' in ${where}`, diagnostic, { [target.uri.toString()]: [insertDeclaration(target, type, declaration)] })];
    }

    /**
     * The library: the workspace file (other than the built-ins) that declares personas, preferring
     * one that already declares elements of this type; for an insight, the file that declares
     * insights (an insight library) comes first.
     */
    private libraryDocument(type: string): LangiumDocument<Model> | undefined {
        const documents = this.services.shared.workspace.LangiumDocuments.all
            .filter(candidate => !this.library.isBuiltin(candidate.uri) && isModel(candidate.parseResult.value))
            .map(candidate => candidate as LangiumDocument<Model>)
            .toArray();
        const declares = (candidate: LangiumDocument<Model>, test: (element: AstNode) => boolean) => candidate.parseResult.value.elements.some(test);
        const libraries = documents.filter(candidate => declares(candidate, isPersona));
        const sameType = (type === 'Insight' ? documents : libraries).filter(candidate => declares(candidate, element => element.$type === type));
        return sameType[0] ?? libraries[0];
    }

    private declareEmotion(document: LangiumDocument, name: string): Record<string, TextEdit[]> | undefined {
        const block = this.emotionsBlockFor(document);
        if (!block) {
            const text = document.textDocument.getText();
            const separator = text.length === 0 ? '' : text.endsWith('\n') ? '\n' : '\n\n';
            const end = document.textDocument.positionAt(text.length);
            return { [document.uri.toString()]: [{ range: { start: end, end }, newText: `${separator}emotions {\n  ${name} 0\n}\n` }] };
        }
        const blockDocument = AstUtils.getDocument(block);
        if (!block.$cstNode) {
            return undefined;
        }
        const close = GrammarUtils.findNodeForKeyword(block.$cstNode, '}');
        if (!close) {
            // A block still being typed (`emotions {` and no `}` yet): the new line goes after its last line.
            const end = block.$cstNode.range.end;
            return { [blockDocument.uri.toString()]: [{ range: { start: end, end }, newText: `\n  ${name} 0` }] };
        }
        const lineStart = { line: close.range.start.line, character: 0 };
        const beforeClose = blockDocument.textDocument.getText({ start: lineStart, end: close.range.start });
        const edit: TextEdit = beforeClose.trim() === ''
            ? { range: { start: lineStart, end: lineStart }, newText: `${beforeClose}  ${name} 0\n` }
            : { range: { start: close.range.start, end: close.range.start }, newText: `${name} 0 ` };
        return { [blockDocument.uri.toString()]: [edit] };
    }

    /** The `emotions` block to extend: this file's, else one in another workspace file. */
    private emotionsBlockFor(document: LangiumDocument): EmotionsBlock | undefined {
        const own = findEmotionsBlock(document);
        if (own) {
            return own;
        }
        return this.services.shared.workspace.LangiumDocuments.all
            .filter(other => !this.library.isBuiltin(other.uri))
            .map(findEmotionsBlock)
            .find(block => block !== undefined);
    }

    /** `pain-without-evidence` → one fix per evidence source in scope, built-ins first. */
    private addSource(document: LangiumDocument, diagnostic: Diagnostic, leaf: LeafCstNode): CodeAction[] {
        const pain = AstUtils.getContainerOfType<Pain>(leaf.astNode, isPain);
        const text = pain && GrammarUtils.findNodeForProperty(pain.$cstNode, 'text');
        if (!pain || pain.source || !text) {
            return [];
        }
        const sources = this.services.shared.workspace.IndexManager.allElements(Source.$type).toArray();
        const ordered = [...sources.filter(s => this.library.isBuiltin(s.documentUri)), ...sources.filter(s => !this.library.isBuiltin(s.documentUri))];
        const names = [...new Set(ordered.map(source => source.name))];
        return names.map((name, i) => ({
            ...this.quickFix(`Add evidence: source ${name}`, diagnostic, {
                [document.uri.toString()]: [{ range: { start: text.range.end, end: text.range.end }, newText: ` source ${name}` }]
            }),
            isPreferred: i === 0
        }));
    }

    /** `score-out-of-range` → clamp the score to −2 or +2. */
    private clampScore(document: LangiumDocument, diagnostic: Diagnostic, leaf: LeafCstNode): CodeAction[] {
        const scored: AstNode | undefined = AstUtils.getContainerOfType(leaf.astNode, node => isEmotion(node) || isFeeling(node));
        const score = scored && (isEmotion(scored) || isFeeling(scored)) ? scored.score : undefined;
        const number = scored && GrammarUtils.findNodeForProperty(scored.$cstNode, 'score');
        if (score === undefined || !number || (score >= MIN_SCORE && score <= MAX_SCORE)) {
            return [];
        }
        const clamped = score > MAX_SCORE ? MAX_SCORE : MIN_SCORE;
        return [{
            ...this.quickFix(`Clamp the score to ${clamped > 0 ? '+' : ''}${clamped}`, diagnostic, {
                [document.uri.toString()]: [{ range: number.range, newText: String(clamped) }]
            }),
            isPreferred: true
        }];
    }

    private quickFix(title: string, diagnostic: Diagnostic, changes: Record<string, TextEdit[]>): CodeAction {
        return { title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: { changes } };
    }
}

function findEmotionsBlock(document: LangiumDocument): EmotionsBlock | undefined {
    const root = document.parseResult.value;
    return isModel(root) ? root.elements.find(isEmotionsBlock) : undefined;
}

/**
 * Inserts a one-line declaration on the line after the last top-level element of its type (after any
 * comment ending that line), else at the end of the file.
 */
function insertDeclaration(document: LangiumDocument<Model>, type: string, declaration: string): TextEdit {
    const sameType = document.parseResult.value.elements.filter(element => element.$type === type);
    const last = sameType[sameType.length - 1]?.$cstNode;
    if (last) {
        const line = last.range.end.line;
        const lineText = document.textDocument.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } });
        const position = { line, character: lineText.replace(/\r?\n$/, '').length };
        return { range: { start: position, end: position }, newText: `\n${declaration}` };
    }
    const text = document.textDocument.getText();
    const end = document.textDocument.positionAt(text.length);
    const separator = text.trim().length === 0 ? '' : text.endsWith('\n') ? '\n' : '\n\n';
    return { range: { start: end, end }, newText: `${separator}${declaration}\n` };
}

/** A readable default title for a declared name: `word-of-mouth` → `Word of mouth`. */
function titleOf(name: string): string {
    const words = name.replace(/[-_]+/g, ' ').trim();
    return words.charAt(0).toUpperCase() + words.slice(1);
}

function fileName(document: LangiumDocument): string {
    return document.uri.path.split('/').pop() ?? document.uri.toString();
}
