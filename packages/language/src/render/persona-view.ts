import { mean } from './render-model.js';
import type { RenderJourney } from './render-model.types.js';

/** Every persona a journey draws: its own, then those only its touchpoints name, each id once. */
export function journeyPersonaIds(journey: RenderJourney): string[] {
    const ids = new Set(journey.personas.map(p => p.id));
    for (const touchpoint of journey.stages.flatMap(stage => stage.touchpoints)) {
        touchpoint.personas.forEach(id => ids.add(id));
    }
    return [...ids];
}

/**
 * The journey as one persona lives it: only the touchpoints that persona takes part in (a
 * touchpoint's personas, or the journey's when it names none), every stage kept so the columns of
 * the grid stay where they were, and the averages taken over what is left. A persona the journey
 * does not know leaves no touchpoint. This is the one place that decides what a touchpoint is in
 * one persona's view, so a persona's own `feels … for PERSONA` line (spec §8.2) belongs here too:
 * every diagram, the grid and the Markdown export take the journey it returns.
 */
export function journeyForPersona(journey: RenderJourney, personaId: string): RenderJourney {
    const stages = journey.stages.map(stage => ({ ...stage, touchpoints: stage.touchpoints.filter(t => t.personas.includes(personaId)) }));
    const touchpoints = stages.flatMap(stage => stage.touchpoints);
    const { averageScore: _score, averageExpected: _expected, ...rest } = journey;
    const averageScore = mean(touchpoints.map(t => t.feels?.score));
    const averageExpected = mean(touchpoints.map(t => t.expected?.score));
    return {
        ...rest,
        personas: journey.personas.filter(p => p.id === personaId),
        stages,
        ...(averageScore === undefined ? {} : { averageScore }),
        ...(averageExpected === undefined ? {} : { averageExpected })
    };
}
