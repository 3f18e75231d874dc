// Mirrors Langium 4.4's `DefaultDocumentValidator.validateAstNodes` (the walk; the wording is CJM's); equality: test/workspace/langium-equality.test.ts.
import type { AstNode, AstReflection, LangiumDocument, ParseResult, ValidationAcceptor, ValidationCheck, ValidationOptions } from 'langium';
import { AstUtils, Cancellation, CstUtils, DefaultDocumentValidator, DocumentValidator, interruptAndCheck } from 'langium';
import type { Diagnostic, Range } from 'vscode-languageserver';
import { DiagnosticSeverity } from 'vscode-languageserver';
import type { CjmServices } from '../cjm-module.js';
import { isJourney } from '../generated/ast.js';
import type { CjmAstContents } from '../parser/ast-contents.js';
import { CANCELLATION_STRIDE } from '../parser/ast-contents.js';
import { DiagnosticCode } from './diagnostic-codes.js';
import { describeLexingError, describeParserError } from './syntax-error-messages.js';

/**
 * Langium's document validator with CJM's wording: syntax errors say in plain words what was
 * expected (code `parse-error`), unresolved references say what kind of element is missing and how
 * to declare it (code `linking-error`), and every range lies inside the document, whatever the text.
 */
export class CjmDocumentValidator extends DefaultDocumentValidator {
    protected readonly reflection: AstReflection;
    protected readonly astContents: CjmAstContents;

    constructor(services: CjmServices) {
        super(services);
        this.reflection = services.shared.AstReflection;
        this.astContents = services.parser.AstContents;
    }

    override async validateDocument(document: LangiumDocument, options: ValidationOptions = {}, cancelToken = Cancellation.CancellationToken.None): Promise<Diagnostic[]> {
        const syntax = !options.categories || options.categories.includes('built-in') ? this.syntaxDiagnostics(document) : [];
        const checks = await super.validateDocument(document, options, cancelToken);
        // Syntax errors point at tokens (error recovery's have no position); the others at the
        // syntax tree of this very text, so a cheap look suffices for them.
        const lineCount = this.astContents.lineCount(document);
        const inside = (diagnostic: Diagnostic) => isPlainPosition(diagnostic.range.start, lineCount) && isPlainPosition(diagnostic.range.end, lineCount);
        return [
            ...syntax.map(diagnostic => ({ ...diagnostic, range: clampRange(document, diagnostic.range) })),
            ...withoutAdviceOnBrokenElements(document, checks, syntax).map(diagnostic => inside(diagnostic) ? diagnostic : { ...diagnostic, range: clampRange(document, diagnostic.range) })
        ];
    }

    /**
     * Runs the checks over the document's list of nodes (see `CjmAstContents`), awaiting only checks
     * that return a promise and checking for cancellation every few hundred nodes; Langium's version
     * streams the tree and awaits every check on every node.
     */
    protected override async validateAstNodes(rootNode: AstNode, options: ValidationOptions, acceptor: ValidationAcceptor, cancelToken = Cancellation.CancellationToken.None): Promise<void> {
        const nodes = this.astContents.of(rootNode).nodes;
        const checksByType = new Map<string, ValidationCheck[]>();
        for (let i = 0; i < nodes.length; i++) {
            if (i % CANCELLATION_STRIDE === 0) {
                await interruptAndCheck(cancelToken);
            }
            const node = nodes[i];
            let checks = checksByType.get(node.$type);
            if (!checks) {
                checks = this.validationRegistry.getChecks(node.$type, options.categories).toArray();
                checksByType.set(node.$type, checks);
            }
            for (const check of checks) {
                const result = check(node, acceptor, cancelToken);
                if (result) {
                    await result;
                }
            }
        }
    }

    // The syntax errors are reported by `syntaxDiagnostics`, which has the document's text.
    protected override processLexingErrors(): void {
        return;
    }

    protected override processParsingErrors(): void {
        return;
    }

    /** Lexer and parser errors, with readable messages and a position even for virtual tokens. */
    protected syntaxDiagnostics(document: LangiumDocument): Diagnostic[] {
        const parseResult: ParseResult = document.parseResult;
        const text = document.textDocument.getText();
        const diagnostics: Diagnostic[] = [];
        const lexing = [...parseResult.lexerErrors, ...parseResult.lexerReport?.diagnostics ?? []];
        for (const error of lexing) {
            const start = document.textDocument.positionAt(error.offset);
            const end = document.textDocument.positionAt(error.offset + Math.max(error.length, 1));
            diagnostics.push(this.syntaxDiagnostic({ start, end }, describeLexingError(error, text), DocumentValidator.LexingError));
        }
        for (const error of parseResult.parserErrors) {
            diagnostics.push(this.syntaxDiagnostic(this.parserErrorRange(document, error), describeParserError(error), DocumentValidator.ParsingError));
        }
        return diagnostics;
    }

    private syntaxDiagnostic(range: Range, message: string, langiumCode: string): Diagnostic {
        return {
            severity: DiagnosticSeverity.Error,
            range,
            message,
            code: DiagnosticCode.ParseError,
            data: { code: langiumCode },
            source: this.getSource()
        };
    }

    private parserErrorRange(document: LangiumDocument, error: ParseResult['parserErrors'][number]): Range {
        const token = error.token;
        const positionAt = (offset: number) => document.textDocument.positionAt(offset);
        if (Number.isFinite(token.startOffset) && token.startOffset >= 0 && token.image.length > 0) {
            return { start: positionAt(token.startOffset), end: positionAt(token.startOffset + token.image.length) };
        }
        // Error recovery inserts virtual tokens at no position: point just after the last real token.
        const previous = (error as { previousToken?: typeof token }).previousToken;
        const offset = previous && Number.isFinite(previous.endOffset) && previous.endOffset! >= 0
            ? previous.endOffset! + 1
            : document.textDocument.getText().length;
        const position = positionAt(offset);
        return { start: position, end: position };
    }

    protected override processLinkingErrors(document: LangiumDocument, diagnostics: Diagnostic[]): void {
        for (const reference of document.references) {
            const error = reference.error;
            // An empty name comes from error recovery; the syntax error already says what is missing.
            if (!error || !reference.$refText) {
                continue;
            }
            const { container, property } = error.info;
            const type = this.reflection.getReferenceType(error.info);
            diagnostics.push(this.toDiagnostic('error', linkingMessage(type, reference.$refText, container), {
                node: container,
                range: reference.$refNode?.range,
                property,
                index: error.info.index,
                code: DiagnosticCode.LinkingError,
                data: { code: DocumentValidator.LinkingError, containerType: container.$type, property, refText: reference.$refText }
            }));
        }
    }
}

/** What is missing and how to fix it, by the kind of element the reference names. */
function linkingMessage(type: string, name: string, container: AstNode): string {
    switch (type) {
        case 'Persona':
            return `No persona named '${name}' in the workspace. Declare it with \`persona ${name} "…"\` in any .cjm file, or correct the name.`;
        case 'Team':
            return `No team named '${name}' in the workspace. Declare it with \`team ${name} "…"\` in any .cjm file, or correct the name.`;
        case 'Channel':
            return `No channel named '${name}'. Use a built-in channel (web, app, email, phone, chat, social, store, …), declare it with \`channel ${name} "…"\`, or correct the name.`;
        case 'Source':
            return `No evidence source named '${name}'. Use a built-in source (interviews, survey, reviews, analytics, …), write it as quoted text (\`source "${name}"\`), or declare it with \`source ${name} "…"\`.`;
        case 'Emotion':
            return `No emotion named '${name}'. Use a built-in emotion (happy, curious, neutral, confused, frustrated, …), declare it with \`emotions { ${name} 0 }\`, or write a score from -2 to +2.`;
        case 'Touchpoint': {
            const journey = AstUtils.getContainerOfType(container, isJourney);
            const where = journey?.name ? `journey '${journey.name}'` : 'this journey';
            return `No touchpoint named '${name}' in ${where}. A scenario path names touchpoints of its own journey; correct the name or add the touchpoint.`;
        }
        default:
            return `Cannot resolve '${name}'. Correct the name or declare it.`;
    }
}

/**
 * Drops warnings and hints about an element whose own text holds a syntax error: while a stage or
 * touchpoint is half typed, "has no touchpoints" or "no feels" describe the error recovery, not
 * the map. Errors (unresolved names, out-of-range scores) and advice on intact elements stay.
 */
function withoutAdviceOnBrokenElements(document: LangiumDocument, diagnostics: Diagnostic[], syntax: Diagnostic[]): Diagnostic[] {
    const root = document.parseResult.value.$cstNode;
    if (syntax.length === 0 || !root) {
        return diagnostics;
    }
    const text = document.textDocument;
    const errorOffsets = syntax.map(diagnostic => text.offsetAt(diagnostic.range.start));
    return diagnostics.filter(diagnostic => {
        if (diagnostic.severity === DiagnosticSeverity.Error) {
            return true;
        }
        const element = CstUtils.findLeafNodeAtOffset(root, text.offsetAt(diagnostic.range.start))?.astNode.$cstNode;
        return !element || !errorOffsets.some(offset => offset >= element.offset && offset <= element.end);
    });
}

/** Whole, non-negative numbers on one of the document's lines. */
function isPlainPosition(position: Range['start'], lineCount: number): boolean {
    return Number.isInteger(position.line) && Number.isInteger(position.character) && position.line >= 0 && position.character >= 0 && position.line < lineCount;
}

/** The range moved inside the document (positions past a line's end or the text's end are pulled back). */
function clampRange(document: LangiumDocument, range: Range): Range {
    const text = document.textDocument;
    const clamp = (position: Range['start']) => {
        const line = Number.isFinite(position.line) ? Math.max(0, position.line) : 0;
        const character = Number.isFinite(position.character) ? Math.max(0, position.character) : 0;
        return text.positionAt(text.offsetAt({ line, character }));
    };
    const start = clamp(range.start);
    const end = clamp(range.end);
    return text.offsetAt(end) < text.offsetAt(start) ? { start, end: start } : { start, end };
}
