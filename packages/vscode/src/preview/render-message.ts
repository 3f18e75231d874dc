import type { RenderJourney, RenderModel } from '@cjm/language';
import { emotionCurve, emotionCurveLines, gridHtml, hasBlueprint, journeyDiagram, serviceBlueprint, stageFlow } from '@cjm/language';
import type { DiagramKind, PreviewElement, PreviewTheme, Range, RenderMessage } from '../protocol.js';
import { elementKey } from '../protocol.js';

/** What the user chose in the settings, the picker and the lock. */
export interface RenderChoice {
    journeyId?: string;
    diagrams: DiagramKind[];
    theme: PreviewTheme;
    locked: boolean;
}

/**
 * Turns a render model into the message the webview draws: the Mermaid texts and the grid come
 * from the language package, so the preview draws exactly what `cjm render` draws.
 *
 * While the text has syntax errors the picture comes from `lastGood`, the newest model of the
 * same document without any (when there is one): the banner still counts the current errors,
 * and the elements keep their ranges in the current text so a click reveals the right lines.
 * Other errors (an unknown name, a bad metric) do not stop the picture from following the text.
 */
export function buildRenderMessage(model: RenderModel, fileName: string, choice: RenderChoice, lastGood?: RenderModel): RenderMessage {
    const lastGoodPicture = model.syntaxErrorCount > 0 && lastGood !== undefined && lastGood.uri === model.uri && lastGood.syntaxErrorCount === 0;
    const pictured = lastGoodPicture ? lastGood : model;
    const journey = pictured.journeys.find((candidate) => candidate.id === choice.journeyId) ?? pictured.journeys[0];
    const wants = (kind: DiagramKind) => journey !== undefined && choice.diagrams.includes(kind);
    const current = lastGoodPicture ? model.journeys.find((candidate) => candidate.id === journey?.id) : journey;
    const firstError = model.firstSyntaxError ?? model.firstError;
    return {
        type: 'render',
        uri: model.uri,
        fileName,
        journeys: pictured.journeys.map(({ id, title }) => ({ id, title })),
        journeyId: journey?.id,
        mermaid: {
            ...(wants('journey') ? { journey: journeyDiagram(journey!) } : {}),
            ...(wants('emotion') ? { emotion: emotionCurve(journey!) } : {}),
            ...(wants('flow') ? { flow: stageFlow(journey!) } : {}),
            ...(wants('blueprint') && hasBlueprint(journey!) ? { blueprint: serviceBlueprint(journey!) } : {})
        },
        emotionLegend: wants('emotion') ? emotionCurveLines(journey!).lines.map(({ colour, colourName, label }) => ({ colour, colourName, label })) : [],
        gridHtml: wants('grid') ? gridHtml(journey!) : undefined,
        elements: journey ? withCurrentRanges(previewElements(journey), current ? previewElements(current) : []) : [],
        errorCount: model.errorCount,
        syntaxErrorCount: model.syntaxErrorCount,
        firstError: firstError ? { message: firstError.message, range: firstError.range } : undefined,
        lastGoodPicture,
        diagrams: choice.diagrams,
        theme: choice.theme,
        locked: choice.locked
    };
}

/** The journey's stages, then its touchpoints, each with the range the editor reveals. */
export function previewElements(journey: RenderJourney): PreviewElement[] {
    const stages: PreviewElement[] = journey.stages.map((stage) => ({ kind: 'stage', id: stage.id, title: stage.title, range: stage.range }));
    const touchpoints: PreviewElement[] = journey.stages.flatMap((stage) =>
        stage.touchpoints.map((touchpoint) => ({
            kind: 'touchpoint' as const,
            id: touchpoint.id,
            title: touchpoint.title,
            stageId: stage.id,
            range: touchpoint.range
        }))
    );
    return [...stages, ...touchpoints];
}

/** The drawn elements, each with its range in the current text where it still exists there. */
function withCurrentRanges(drawn: PreviewElement[], current: PreviewElement[]): PreviewElement[] {
    const ranges = new Map(current.map((element) => [elementKey(element), element.range]));
    return drawn.map((element) => ({ ...element, range: ranges.get(elementKey(element)) ?? element.range }));
}

/** The innermost element (a touchpoint before its stage) whose range holds the position. */
export function elementAt(elements: readonly PreviewElement[], line: number, character: number): PreviewElement | undefined {
    const holds = (range: Range) =>
        compare(range.start, line, character) <= 0 && compare(range.end, line, character) >= 0;
    return elements.find((element) => element.kind === 'touchpoint' && holds(element.range)) ?? elements.find((element) => holds(element.range));
}

function compare(position: { line: number; character: number }, line: number, character: number): number {
    return position.line === line ? position.character - character : position.line - line;
}
