import type { RenderJourney, RenderStage, RenderTouchpoint } from '../render-model.types.js';
import { escapeJourneyActor, escapeJourneyText } from '../escape.js';

/** Appended to the task of a touchpoint without `feels`, which is drawn at the neutral score 3. */
export const NO_FEELS_NOTE = '(no feels)';

/**
 * A Mermaid `journey`: one section per stage, one task per touchpoint, score = actual emotion
 * mapped from −2…+2 to 1…5, actors = the touchpoint's personas (by id: titles may hold commas).
 * Mermaid draws no section without tasks, so an empty stage does not appear; no placeholder task
 * is added, because the preview matches the n-th task to the n-th touchpoint.
 */
export function journeyDiagram(journey: RenderJourney): string {
    return journeyText(textOr(journey.title, journey.id), journey.stages);
}

/**
 * How many touchpoints one journey diagram holds before the preview draws the journey in parts:
 * Mermaid lays tasks side by side (about 150 px each) and shrinks nothing, so beyond this a
 * picture of the whole journey is too wide to read at any zoom that shows it whole.
 */
export const JOURNEY_PART_TOUCHPOINTS = 15;

/**
 * The journey as one or more Mermaid journeys, each a run of whole stages holding at most
 * `maxTouchpoints` touchpoints (a larger stage is a part of its own), drawn one under the other.
 * One part is exactly `journeyDiagram`; with several, each title says which part it is.
 */
export function journeyDiagramParts(journey: RenderJourney, maxTouchpoints = JOURNEY_PART_TOUCHPOINTS): string[] {
    const groups: RenderStage[][] = [];
    let count = Infinity;
    for (const stage of journey.stages) {
        if (count + stage.touchpoints.length > maxTouchpoints) {
            groups.push([]);
            count = 0;
        }
        groups[groups.length - 1].push(stage);
        count += stage.touchpoints.length;
    }
    if (groups.length <= 1) {
        return [journeyDiagram(journey)];
    }
    const title = textOr(journey.title, journey.id);
    return groups.map((stages, index) => journeyText(`${title} (${index + 1}/${groups.length})`, stages));
}

function journeyText(title: string, stages: readonly RenderStage[]): string {
    const lines = ['journey', `    title ${escapeJourneyText(title)}`];
    for (const stage of stages) {
        lines.push(`    section ${escapeJourneyText(textOr(stage.title, stage.id))}`);
        for (const touchpoint of stage.touchpoints) {
            lines.push(`        ${taskLine(touchpoint)}`);
        }
    }
    return lines.join('\n') + '\n';
}

/** Mermaid's 1…5 score for a −2…+2 emotion; out-of-range scores (already an error) are clamped. */
export function journeyScore(score: number): number {
    return Math.min(5, Math.max(1, Math.round(score + 3)));
}

function taskLine(touchpoint: RenderTouchpoint): string {
    const title = textOr(touchpoint.title, touchpoint.id);
    const name = touchpoint.feels ? title : `${title} ${NO_FEELS_NOTE}`;
    const score = touchpoint.feels ? journeyScore(touchpoint.feels.score) : 3;
    const actors = touchpoint.personas.map(escapeJourneyActor).filter(a => a.length > 0);
    return `${escapeJourneyText(name)}: ${score}${actors.length > 0 ? `: ${actors.join(', ')}` : ''}`;
}

/** Blank titles would leave an empty task or section, which Mermaid cannot parse. */
function textOr(text: string, fallback: string): string {
    return text.trim().length > 0 ? text : fallback;
}
