/** One diagnostic code of the language reference (spec §5), as SARIF rules and docs describe it. */
export interface RuleDescription {
    code: string;
    severity: 'error' | 'warning' | 'information';
    description: string;
}

/** The stable diagnostic codes of spec §5 (the parser's errors carry `parse-error`). */
export const RULES: readonly RuleDescription[] = [
    { code: 'parse-error', severity: 'error', description: 'A syntax error; the message says what was expected.' },
    { code: 'linking-error', severity: 'error', description: 'A reference names no persona, channel, team, emotion, touchpoint or source in scope.' },
    { code: 'duplicate-name', severity: 'error', description: 'Two elements of one kind share a name where names must be unique.' },
    { code: 'score-out-of-range', severity: 'error', description: 'An emotion score outside -2…+2.' },
    { code: 'metric-missing-input', severity: 'error', description: 'A metric of a computed type lacks what it needs.' },
    { code: 'metric-invalid', severity: 'error', description: 'A metric with impossible inputs (negative counts, lost > start, retention over 100 %, NPS outside -100…100).' },
    { code: 'metric-inconsistent', severity: 'error', description: 'A declared metric value differs from the computed value by more than 0.5 percentage points.' },
    { code: 'empty-stage', severity: 'warning', description: 'A stage with no touchpoints.' },
    { code: 'journey-without-persona', severity: 'warning', description: 'A journey names no persona.' },
    { code: 'unexplained-gap', severity: 'warning', description: 'Expected minus actual emotion is 2 or more and the touchpoint has no gap, pain or opportunity.' },
    { code: 'negative-without-pain', severity: 'warning', description: 'An actual emotion score of -1 or lower with no pain recorded.' },
    { code: 'pain-without-evidence', severity: 'warning', description: 'A pain point with no source.' },
    { code: 'unused-persona', severity: 'warning', description: 'A persona that no journey or touchpoint refers to.' },
    { code: 'persona-not-in-journey', severity: 'warning', description: 'feels … for P where P is neither a persona of the journey nor of the touchpoint.' },
    { code: 'missing-emotion', severity: 'information', description: 'A touchpoint without feels: a hole in the emotion curve.' },
    { code: 'unowned-pain', severity: 'information', description: 'A touchpoint with pain points but no owner.' }
];
