/**
 * The render model: everything the preview and the CLI draw, computed once from a parsed and
 * validated document. Plain JSON (it crosses LSP and the webview boundary); every element keeps
 * its source range so the preview can reveal it in the editor.
 */

/** A zero-based LSP range. */
export interface SourceRange {
    start: { line: number; character: number };
    end: { line: number; character: number };
}

export interface RenderModel {
    /** The document's URI. */
    uri: string;
    /** The document's version when the model was computed, when known. */
    version?: number;
    journeys: RenderJourney[];
    /** Number of errors in the document (parser, linking, validation). */
    errorCount: number;
    /**
     * How many of them are syntax errors (lexer or parser): while there are any, the journeys are
     * error recovery's reading of half-typed text, and the preview keeps its last good picture.
     */
    syntaxErrorCount: number;
    /** The first error, for the preview's banner. */
    firstError?: RenderError;
    /** The first syntax error, the one to fix before the picture can follow the text again. */
    firstSyntaxError?: RenderError;
    /** The day stale marks were computed for (`YYYY-MM-DD`, from `CJM_TODAY` or the clock). */
    today: string;
}

/** One error of the document: its message, where it is, and its diagnostic code. */
export interface RenderError {
    message: string;
    range: SourceRange;
    code?: string;
}

export interface RenderPersona {
    id: string;
    title?: string;
    role?: string;
}

export interface RenderJourney {
    id: string;
    title: string;
    description?: string;
    personas: RenderPersona[];
    stages: RenderStage[];
    scenarios: RenderScenario[];
    metrics: RenderMetric[];
    /**
     * The personas with `feels … for` lines of their own (§8.2), in the order they first appear (the
     * journey's personas first): the emotion curve draws a line for each. Absent when there are none.
     */
    emotionPersonas?: RenderPersona[];
    /** Mean actual emotion over the touchpoints that have one. */
    averageScore?: number;
    averageExpected?: number;
    /** The team accountable for the whole journey. */
    owner?: string;
    /** When the map was last checked against reality (a real date only: an invalid one is an error, and not shown). */
    reviewed?: string;
    /** True when `reviewed` is more than six months before today. */
    reviewedStale?: boolean;
    range: SourceRange;
}

/** A `subjourney` link: the journey that details a stage or touchpoint. */
export interface RenderSubjourney {
    /** The journey's name as written. */
    id: string;
    /** Its title (its name while the link does not resolve). */
    title: string;
    /** The document that declares the journey, when the link resolves. */
    uri?: string;
    /** The range of the `subjourney` line. */
    range: SourceRange;
}

/** An insight named by `evidence`, with what a reader needs beside the name. */
export interface RenderEvidence {
    /** The insight's name as written. */
    id: string;
    /** Its title (its name while the name does not resolve). */
    title: string;
    /** Its source: a built-in or declared source's name, or the quoted text. */
    source?: string;
    /** Its date, when it is a real one. */
    date?: string;
    /** True when the date is more than twelve months before today. */
    stale?: boolean;
}

export interface RenderStage {
    id: string;
    title: string;
    expectations: string[];
    subjourneys: RenderSubjourney[];
    touchpoints: RenderTouchpoint[];
    metrics: RenderMetric[];
    range: SourceRange;
}

export interface RenderEmotion {
    /** Emotion names as written (`curious hesitant`), empty when written as a number. */
    names: string[];
    /** The score in −2…+2: the number, or the mean of the named emotions. */
    score: number;
}

/** One persona's `feels` line at a touchpoint, or (without `persona`) the plain line for everyone else. */
export interface RenderPersonaFeeling extends RenderEmotion {
    persona?: string;
}

export interface RenderPain {
    text: string;
    source?: string;
    /** The insights behind the pain. */
    evidence: RenderEvidence[];
    severity?: 'low' | 'medium' | 'high';
    range: SourceRange;
}

export interface RenderOpportunity {
    text: string;
    outcome?: string;
    owner?: string;
    status?: 'idea' | 'planned' | 'in-progress' | 'done';
    impact?: RenderLevel;
    effort?: RenderLevel;
    /** The work item: an id such as `CX-142`, or a URL (shown as text, never as a link). */
    ticket?: string;
    /** When it should be done, when that is a real date. */
    due?: string;
    /** True when `due` has passed and the opportunity is not done. */
    overdue?: boolean;
    range: SourceRange;
}

export type RenderLevel = 'low' | 'medium' | 'high';

export interface RenderTouchpoint {
    id: string;
    title: string;
    stageId: string;
    channels: string[];
    /** The touchpoint's personas, or the journey's when it names none. */
    personas: string[];
    does: string[];
    thinks: string[];
    wants: string[];
    obstacles: string[];
    gaps: string[];
    observed: string[];
    tools: string[];
    unknowns: string[];
    /** Questions the customer has here (`asks`). */
    asks: string[];
    /** The service blueprint's lines (§8.1): visible work, work behind the line of visibility, physical evidence. */
    frontstage: string[];
    backstage: string[];
    artifacts: string[];
    /**
     * The actual emotion: the one `feels` line, or with several personas' lines the mean of their
     * scores (and no names).
     */
    feels?: RenderEmotion;
    /**
     * With any `feels … for` line: every line that counts (one per persona, the plain one without
     * `persona`), and the lowest of their scores. Absent otherwise.
     */
    personaFeelings?: RenderPersonaFeeling[];
    lowest?: number;
    expected?: RenderEmotion;
    pains: RenderPain[];
    opportunities: RenderOpportunity[];
    owner?: string;
    support: string[];
    momentOfTruth: boolean;
    metrics: RenderMetric[];
    /** The insights behind what the touchpoint records (its own `evidence` lines, not its pains'). */
    evidence: RenderEvidence[];
    subjourneys: RenderSubjourney[];
    range: SourceRange;
}

export interface RenderScenario {
    id: string;
    title: string;
    personas: string[];
    /** Touchpoint IDs in path order (unresolved steps are left out). */
    path: string[];
    range: SourceRange;
}

export interface RenderMetric {
    id: string;
    title: string;
    type: 'retention' | 'churn' | 'nps' | 'csat' | 'ces' | 'conversion' | 'custom';
    period?: string;
    /** Computed value for retention/churn, else the declared value. */
    value?: number;
    unit: '%' | '';
    /** True when `value` was computed from counts. */
    computed: boolean;
    target?: number;
    targetUnit: '%' | '';
    range: SourceRange;
}

/** The LSP request that returns a document's render model. */
export const RENDER_MODEL_REQUEST = 'cjm/renderModel';

export interface RenderModelParams {
    uri: string;
    /** The document version the client has sent: the answer waits until that text is validated. */
    version?: number;
}

/**
 * The render model of a map that is no file of the workspace (a ```cjm fence in a Markdown
 * document), linked against the workspace's declarations without joining it.
 */
export const DETACHED_RENDER_MODEL_REQUEST = 'cjm/detachedRenderModel';

export interface DetachedRenderModelParams {
    text: string;
}
