/**
 * The typed messages between the extension host and the preview webview. Both sides import
 * this file and nothing else from each other; every message crossing the boundary is checked
 * with the guards below before it is used, because a webview is untrusted territory.
 */

/** A zero-based position and range, as LSP and VS Code count. */
export interface Position {
    line: number;
    character: number;
}
export interface Range {
    start: Position;
    end: Position;
}

/** The diagrams the preview can show, in display order. */
export const DIAGRAM_KINDS = ['journey', 'emotion', 'flow', 'blueprint', 'grid'] as const;
export type DiagramKind = (typeof DIAGRAM_KINDS)[number];

/** Each diagram's name, as the preview's sections, the diagram picker and messages show it. */
export const DIAGRAM_LABELS: Record<DiagramKind, string> = { journey: 'Journey', emotion: 'Emotion curve', flow: 'Stage flow', blueprint: 'Service blueprint', grid: 'Journey grid' };

/** Mermaid themes a user can pin; `auto` follows VS Code's light, dark or high-contrast theme. */
export const PREVIEW_THEMES = ['auto', 'default', 'dark', 'neutral', 'forest'] as const;
export type PreviewTheme = (typeof PREVIEW_THEMES)[number];

/** A stage or touchpoint the preview can reveal in the editor and highlight when the cursor is in it. */
export interface PreviewElement {
    kind: 'stage' | 'touchpoint';
    id: string;
    /** The tooltip of the element's point on the emotion curve. */
    title: string;
    /** Touchpoints only: the stage that holds it (the journey diagram draws a stage as the section over its touchpoints). */
    stageId?: string;
    range: Range;
}

/**
 * What the reader chose to see, kept with the preview across reloads and applied to its exports:
 * diagrams and grid lanes hidden (by kind and by lane key), and one persona's view of the journey.
 */
export interface PreviewView {
    hiddenDiagrams: DiagramKind[];
    hiddenLanes: string[];
    persona?: string;
}

/** The view of a new preview: everything shown, every persona. */
export const DEFAULT_VIEW: PreviewView = { hiddenDiagrams: [], hiddenLanes: [] };

/** Everything the webview needs to draw one journey of one document. */
export interface RenderMessage {
    type: 'render';
    uri: string;
    /** A short name for the toolbar (the file's base name). */
    fileName: string;
    /** The document's journeys, for the picker. */
    journeys: { id: string; title: string }[];
    /** The journey drawn, or undefined when the document has none. */
    journeyId?: string;
    /**
     * Mermaid source text per diagram, in parts drawn one under the other (a large journey is
     * drawn per group of stages); only the diagrams shown are present (the blueprint only for a
     * journey that has one).
     */
    mermaid: Partial<Record<Exclude<DiagramKind, 'grid'>, string[]>>;
    /** The emotion curve's lines as its legend in text names them, in drawing order. */
    emotionLegend: LegendEntry[];
    /** The journey grid as escaped HTML, when asked for. */
    gridHtml?: string;
    /** Stages then touchpoints of the journey drawn, in journey order, with their ranges in the current text. */
    elements: PreviewElement[];
    /** Errors of the current text, and how many of them are syntax errors. */
    errorCount: number;
    syntaxErrorCount: number;
    /** The error the banner names and jumps to: the first syntax error when there is one, else the first error. */
    firstError?: { message: string; range: Range };
    /**
     * True when the picture is not of the current text but of the last text without syntax errors:
     * while the text does not parse, error recovery's reading of it is no picture of the map.
     */
    lastGoodPicture: boolean;
    /** The diagrams the settings ask for; `view` may hide some of them. */
    diagrams: DiagramKind[];
    view: PreviewView;
    /** The journey's personas, for the persona picker. */
    personas: { id: string; title: string }[];
    /** The grid's lanes, for showing and hiding them. */
    lanes: { key: string; title: string }[];
    theme: PreviewTheme;
    /** A locked preview stays on its file instead of following the active editor. */
    locked: boolean;
}

/** One line of a chart: its colour (a CSS colour), the colour's name, and what the line stands for. */
export interface LegendEntry {
    colour: string;
    colourName: string;
    label: string;
}

/** The cursor moved: highlight this element (`kind:id`), or none. */
export interface HighlightMessage {
    type: 'highlight';
    elementKey?: string;
}

/** The host asks the webview for an export of what it currently shows. */
export interface RequestExportMessage {
    type: 'requestExport';
    format: 'svg' | 'png';
    diagram?: Exclude<DiagramKind, 'grid'>;
}

export type HostToWebview = RenderMessage | HighlightMessage | RequestExportMessage | OverviewMessage;

/** The workspace overview to show (the overview webview): its escaped HTML and its portfolio chart. */
export interface OverviewMessage {
    type: 'overview';
    /** The overview's tables, escaped by the language package (`overviewHtml`). */
    html: string;
    /** The Mermaid text of the portfolio chart, drawn into the element with id `canvasId`. */
    portfolio?: string;
    canvasId: string;
    theme: PreviewTheme;
}

/** The webview has loaded its script and wants content. */
export interface ReadyMessage {
    type: 'ready';
}
/** Show this range in the editor and select it. */
export interface RevealMessage {
    type: 'reveal';
    uri: string;
    range: Range;
}
/** The user picked another journey of the same document. */
export interface SelectJourneyMessage {
    type: 'selectJourney';
    journeyId: string;
}
/** The reader changed what the preview shows. */
export interface SetViewMessage {
    type: 'setView';
    view: PreviewView;
}
/** The user asked to export: the webview's drawn SVG or PNG (a data URL), or Markdown or a PDF made by the host. */
export interface ExportMessage {
    type: 'export';
    format: 'svg' | 'png' | 'markdown' | 'pdf';
    diagram?: Exclude<DiagramKind, 'grid'>;
    /** SVG text or a `data:image/png;base64,…` URL; absent for Markdown and PDF. */
    data?: string;
}
/**
 * Something went wrong inside the webview: CSP violations and drawing errors go to the output
 * channel; an export that could not be made is also told to the user.
 */
export interface ProblemMessage {
    type: 'cspViolation' | 'renderError' | 'exportFailed';
    message: string;
}

/**
 * Open this journey's map: a subjourney link in the preview, a journey in the overview. `uri` is the
 * document that declares it (absent while the link names no journey: then the host has nothing to open).
 */
export interface OpenJourneyMessage {
    type: 'openJourney';
    journeyId: string;
    uri?: string;
}

export type WebviewToHost = ReadyMessage | RevealMessage | SelectJourneyMessage | SetViewMessage | ExportMessage | ProblemMessage | OpenJourneyMessage;

/** What the overview webview keeps with `setState`: where it was scrolled, for the serializer to restore it after a reload. */
export interface OverviewState {
    kind: 'overview';
    scrollY?: number;
}

/** The state the webview keeps with `setState`, restored by the serializer after a reload. */
export interface PreviewState {
    uri: string;
    journeyId?: string;
    scrollX?: number;
    scrollY?: number;
    /** Restored as a locked preview (on `uri`) rather than one that follows the active editor. */
    locked?: boolean;
    view?: PreviewView;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNonNegativeInteger(value: unknown): value is number {
    return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

function isPosition(value: unknown): value is Position {
    return isObject(value) && isNonNegativeInteger(value.line) && isNonNegativeInteger(value.character);
}

/** True when `value` is a well-formed zero-based range. */
export function isRange(value: unknown): value is Range {
    return isObject(value) && isPosition(value.start) && isPosition(value.end);
}

function isShortString(value: unknown, max = 1_000): value is string {
    return typeof value === 'string' && value.length <= max;
}

const MAX_EXPORT_CHARS = 64 * 1024 * 1024;

/** Checks a message from the webview; anything malformed is rejected (returns undefined). */
export function parseWebviewMessage(value: unknown): WebviewToHost | undefined {
    if (!isObject(value)) {
        return undefined;
    }
    switch (value.type) {
        case 'ready':
            return { type: 'ready' };
        case 'reveal':
            return isShortString(value.uri, 10_000) && isRange(value.range) ? { type: 'reveal', uri: value.uri, range: value.range } : undefined;
        case 'selectJourney':
            return isShortString(value.journeyId) ? { type: 'selectJourney', journeyId: value.journeyId } : undefined;
        case 'setView': {
            const view = parsePreviewView(value.view);
            return view ? { type: 'setView', view } : undefined;
        }
        case 'openJourney':
            if (!isShortString(value.journeyId) || (value.uri !== undefined && !isShortString(value.uri, 10_000))) {
                return undefined;
            }
            return { type: 'openJourney', journeyId: value.journeyId, ...(value.uri !== undefined ? { uri: value.uri } : {}) };
        case 'export': {
            if (value.format !== 'svg' && value.format !== 'png' && value.format !== 'markdown' && value.format !== 'pdf') {
                return undefined;
            }
            if (value.diagram !== undefined && !isDiagramKind(value.diagram)) {
                return undefined;
            }
            // Markdown and PDF are made by the host from the model: nothing the webview sends is used.
            const fromHost = value.format === 'markdown' || value.format === 'pdf';
            if (!fromHost && !isShortString(value.data, MAX_EXPORT_CHARS)) {
                return undefined;
            }
            if (value.format === 'png' && !(value.data as string).startsWith('data:image/png;base64,')) {
                return undefined;
            }
            const diagram = value.diagram === 'grid' ? undefined : value.diagram;
            return { type: 'export', format: value.format, diagram, data: fromHost ? undefined : (value.data as string) };
        }
        case 'cspViolation':
        case 'renderError':
        case 'exportFailed':
            return isShortString(value.message, 10_000) ? { type: value.type, message: value.message } : undefined;
        default:
            return undefined;
    }
}

function isDiagramKind(value: unknown): value is DiagramKind {
    return typeof value === 'string' && (DIAGRAM_KINDS as readonly string[]).includes(value);
}

/**
 * Checks the state VS Code hands back when it restores a preview after a reload. The state was
 * written by the webview, so it is treated like any other untrusted input.
 */
export function parsePreviewState(value: unknown): PreviewState | undefined {
    if (!isObject(value) || !isShortString(value.uri, 10_000) || value.uri === '') {
        return undefined;
    }
    const state: PreviewState = { uri: value.uri };
    if (isShortString(value.journeyId)) {
        state.journeyId = value.journeyId;
    }
    if (typeof value.scrollX === 'number' && Number.isFinite(value.scrollX) && value.scrollX >= 0) {
        state.scrollX = value.scrollX;
    }
    if (typeof value.scrollY === 'number' && Number.isFinite(value.scrollY) && value.scrollY >= 0) {
        state.scrollY = value.scrollY;
    }
    if (typeof value.locked === 'boolean') {
        state.locked = value.locked;
    }
    const view = parsePreviewView(value.view);
    if (view) {
        state.view = view;
    }
    return state;
}

/** Checks a view from the webview or its saved state: known diagram kinds, short lane keys and persona id. */
export function parsePreviewView(value: unknown): PreviewView | undefined {
    if (!isObject(value) || !Array.isArray(value.hiddenDiagrams) || !Array.isArray(value.hiddenLanes) || value.hiddenLanes.length > 100) {
        return undefined;
    }
    const view: PreviewView = {
        hiddenDiagrams: DIAGRAM_KINDS.filter((kind) => (value.hiddenDiagrams as unknown[]).includes(kind)),
        hiddenLanes: [...new Set(value.hiddenLanes.filter((lane): lane is string => isShortString(lane, 100)))]
    };
    if (isShortString(value.persona) && value.persona !== '') {
        view.persona = value.persona;
    }
    return view;
}

/** Checks the state VS Code hands back when it restores the overview after a reload (written by the webview, so untrusted). */
export function parseOverviewState(value: unknown): OverviewState | undefined {
    if (!isObject(value) || value.kind !== 'overview') {
        return undefined;
    }
    return typeof value.scrollY === 'number' && Number.isFinite(value.scrollY) && value.scrollY >= 0 ? { kind: 'overview', scrollY: value.scrollY } : { kind: 'overview' };
}

/** Keeps only the known diagram kinds of a user setting, in display order; falls back to all of them. */
export function parseDiagramSetting(value: unknown): DiagramKind[] {
    const wanted = Array.isArray(value) ? value.filter(isDiagramKind) : [];
    const kinds = DIAGRAM_KINDS.filter((kind) => wanted.includes(kind));
    return kinds.length > 0 ? kinds : [...DIAGRAM_KINDS];
}

/** Reads the theme setting, falling back to `auto`. */
export function parsePreviewTheme(value: unknown): PreviewTheme {
    return typeof value === 'string' && (PREVIEW_THEMES as readonly string[]).includes(value) ? (value as PreviewTheme) : 'auto';
}

/** The key that names an element in highlight messages and data attributes. */
export function elementKey(element: Pick<PreviewElement, 'kind' | 'id'>): string {
    return `${element.kind}:${element.id}`;
}
