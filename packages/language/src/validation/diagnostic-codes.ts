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
    JourneyCycle: 'journey-cycle',
    InvalidDate: 'invalid-date',
    StaleEvidence: 'stale-evidence',
    StaleMap: 'stale-map',
    UnusedInsight: 'unused-insight'
} as const;

export type DiagnosticCode = typeof DiagnosticCode[keyof typeof DiagnosticCode];

/** The lowest and highest emotion scores. */
export const MIN_SCORE = -2;
export const MAX_SCORE = 2;
