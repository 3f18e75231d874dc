import { mean } from './render-model.js';
import type { RenderJourney, RenderTouchpoint } from './render-model.types.js';

/** Every persona a journey draws: its own, then those only its touchpoints name or feel for, each id once. */
export function journeyPersonaIds(journey: RenderJourney): string[] {
    const ids = new Set(journey.personas.map(p => p.id));
    for (const touchpoint of journey.stages.flatMap(stage => stage.touchpoints)) {
        touchpoint.personas.forEach(id => ids.add(id));
        touchpoint.personaFeelings?.forEach(feeling => feeling.persona !== undefined && ids.add(feeling.persona));
    }
    return [...ids];
}

/**
 * The journey as one persona lives it: only the touchpoints that persona takes part in (a
 * touchpoint's personas, or the journey's when it names none, or a `feels … for` line of its own),
 * each feeling what that persona feels there (its own line, else the plain `feels` for everyone
 * else, spec §8.2), every stage kept so the columns of the grid stay where they were, and the
 * averages taken over what is left. A persona the journey does not know leaves no touchpoint.
 * Every diagram, the grid and the Markdown export take the journey this returns.
 */
export function journeyForPersona(journey: RenderJourney, personaId: string): RenderJourney {
    const stages = journey.stages.map(stage => ({
        ...stage,
        touchpoints: stage.touchpoints.filter(t => t.personas.includes(personaId) || ownFeeling(t, personaId) !== undefined).map(t => asFeltBy(t, personaId))
    }));
    const touchpoints = stages.flatMap(stage => stage.touchpoints);
    const { averageScore: _score, averageExpected: _expected, emotionPersonas: _lines, ...rest } = journey;
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

function ownFeeling(touchpoint: RenderTouchpoint, personaId: string) {
    return touchpoint.personaFeelings?.find(feeling => feeling.persona === personaId);
}

/**
 * The touchpoint with one feeling, the persona's (one line of the curve, one score in the journey
 * diagram): its own line, else the plain `feels`, else the touchpoint's actual score, as the curve's
 * persona lines have it.
 */
function asFeltBy(touchpoint: RenderTouchpoint, personaId: string): RenderTouchpoint {
    if (!touchpoint.personaFeelings) {
        return touchpoint;
    }
    const { personaFeelings: _feelings, lowest: _lowest, ...rest } = touchpoint;
    const felt = ownFeeling(touchpoint, personaId) ?? touchpoint.personaFeelings.find(feeling => feeling.persona === undefined);
    return felt ? { ...rest, feels: { names: felt.names, score: felt.score } } : rest;
}
