import { DocumentValidator } from 'langium';

/** The stable diagnostic codes of the language reference (§5): the LSP `code` of every CJM diagnostic. */
export const DiagnosticCode = {
    ParseError: 'parse-error',
    LinkingError: 'linking-error',
    DuplicateName: 'duplicate-name',
    ScoreOutOfRange: 'score-out-of-range',
    MetricMissingInput: 'metric-missing-input',
    MetricInvalid: 'metric-invalid',
    MetricInconsistent: 'metric-inconsistent',
    EmptyStage: 'empty-stage',
    JourneyWithoutPersona: 'journey-without-persona',
    UnexplainedGap: 'unexplained-gap',
    NegativeWithoutPain: 'negative-without-pain',
    PainWithoutEvidence: 'pain-without-evidence',
    UnusedPersona: 'unused-persona',
    MissingEmotion: 'missing-emotion',
    UnownedPain: 'unowned-pain',
    PersonaNotInJourney: 'persona-not-in-journey'
} as const;

export type DiagnosticCode = typeof DiagnosticCode[keyof typeof DiagnosticCode];

/** What {@link diagnosticCode} reads: an LSP diagnostic's `code` and `data`. */
export interface CodedDiagnostic {
    code?: number | string;
    data?: unknown;
}

/**
 * A diagnostic's code: CJM's checks set `code`; Langium's linker, lexer and parser put theirs only
 * in `data.code`.
 */
export function diagnosticCode(diagnostic: CodedDiagnostic): string | undefined {
    const code = diagnostic.code ?? (diagnostic.data as { code?: string | number } | undefined)?.code;
    return code === undefined ? undefined : String(code);
}

/**
 * A lexer or parser error: the text does not parse, so the AST is error recovery's guess. CJM's
 * validator reports them as `parse-error`; Langium's `lexing-error` and `parsing-error` show where
 * CJM's validator is not registered.
 */
export function isSyntaxError(diagnostic: CodedDiagnostic): boolean {
    const code = diagnosticCode(diagnostic);
    return code === DiagnosticCode.ParseError || code === DocumentValidator.LexingError || code === DocumentValidator.ParsingError;
}
