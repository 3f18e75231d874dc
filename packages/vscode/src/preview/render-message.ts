import type { RenderJourney, RenderModel } from '@cjm/language';
import { emotionCurve, gridHtml, journeyDiagram, stageFlow } from '@cjm/language';
import type { DiagramKind, PreviewElement, PreviewTheme, Range, RenderMessage } from '../protocol.js';

/** What the user chose in the settings and the picker. */
export interface RenderChoice {
    journeyId?: string;
    diagrams: DiagramKind[];
    theme: PreviewTheme;
}

/**
 * Turns a render model into the message the webview draws: the Mermaid texts and the grid come
 * from the language package, so the preview draws exactly what `cjm render` draws.
 */
export function buildRenderMessage(model: RenderModel, fileName: string, choice: RenderChoice): RenderMessage {
    const journey = model.journeys.find((candidate) => candidate.id === choice.journeyId) ?? model.journeys[0];
    const wants = (kind: DiagramKind) => journey !== undefined && choice.diagrams.includes(kind);
    return {
        type: 'render',
        uri: model.uri,
        fileName,
        version: model.version,
        journeys: model.journeys.map(({ id, title }) => ({ id, title })),
        journeyId: journey?.id,
        mermaid: {
            ...(wants('journey') ? { journey: journeyDiagram(journey!) } : {}),
            ...(wants('emotion') ? { emotion: emotionCurve(journey!) } : {}),
            ...(wants('flow') ? { flow: stageFlow(journey!) } : {})
        },
        gridHtml: wants('grid') ? gridHtml(journey!) : undefined,
        elements: journey ? previewElements(journey) : [],
        errorCount: model.errorCount,
        firstError: model.firstError ? { message: model.firstError.message, range: model.firstError.range } : undefined,
        diagrams: choice.diagrams,
        theme: choice.theme
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

/** The innermost element (a touchpoint before its stage) whose range holds the position. */
export function elementAt(elements: readonly PreviewElement[], line: number, character: number): PreviewElement | undefined {
    const holds = (range: Range) =>
        compare(range.start, line, character) <= 0 && compare(range.end, line, character) >= 0;
    return elements.find((element) => element.kind === 'touchpoint' && holds(element.range)) ?? elements.find((element) => holds(element.range));
}

function compare(position: { line: number; character: number }, line: number, character: number): number {
    return position.line === line ? position.character - character : position.line - line;
}
