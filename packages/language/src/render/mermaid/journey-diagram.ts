import type { RenderJourney, RenderTouchpoint } from '../render-model.types.js';
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
    const lines = ['journey', `    title ${escapeJourneyText(textOr(journey.title, journey.id))}`];
    for (const stage of journey.stages) {
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
