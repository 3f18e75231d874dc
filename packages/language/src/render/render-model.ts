import type { AstNode, LangiumDocument, Reference } from 'langium';
import type { Diagnostic } from 'vscode-languageserver';
import type { Feeling, Journey, Metric, Model, Opportunity, Pain, Persona, PersonaList, Scenario, Stage, Touchpoint } from '../generated/ast.js';
import {
    isBlueprintLine, isChannelUse, isDescription, isExpectation, isFeeling, isJourney, isMetric, isMomentOfTruth, isOpportunity, isOutcome, isOwner,
    isPain, isPersonaList, isPersonaText, isQuestion, isScenario, isStage, isStatus, isSupport, isTextProperty, isTouchpoint
} from '../generated/ast.js';
import { feelingScore, findFeeling } from '../model/emotion-score.js';
import { touchpointFeelings } from '../model/touchpoint-feelings.js';
import { evaluateMetric, metricInputs } from '../model/metrics.js';
import { diagnosticCode, isSyntaxError } from '../validation/diagnostic-codes.js';
import type {
    RenderEmotion, RenderError, RenderJourney, RenderMetric, RenderModel, RenderOpportunity, RenderPain, RenderPersona, RenderPersonaFeeling,
    RenderScenario, RenderStage, RenderTouchpoint, SourceRange
} from './render-model.types.js';

const EMPTY_RANGE: SourceRange = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** Computes the render model of a built document. */
export function buildRenderModel(document: LangiumDocument<Model>): RenderModel {
    const journeys = document.parseResult.value.elements.filter(isJourney).map(toJourney);
    // Diagnostics arrive grouped by validator, not by position: the banner names the error nearest the top.
    const errors = (document.diagnostics ?? []).filter(d => d.severity === 1)
        .sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
    const syntaxErrors = errors.filter(isSyntaxError);
    return {
        uri: document.uri.toString(),
        version: document.textDocument.version,
        journeys,
        errorCount: errors.length,
        syntaxErrorCount: syntaxErrors.length,
        ...(errors[0] ? { firstError: errorSummary(errors[0]) } : {}),
        ...(syntaxErrors[0] ? { firstSyntaxError: errorSummary(syntaxErrors[0]) } : {})
    };
}

function errorSummary(diagnostic: Diagnostic): RenderError {
    const code = diagnosticCode(diagnostic);
    return {
        message: typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value,
        range: diagnostic.range,
        ...(code !== undefined ? { code } : {})
    };
}

function toJourney(journey: Journey): RenderJourney {
    const personas = journey.members.filter(isPersonaList).flatMap(toPersonas);
    const personaIds = personas.map(p => p.id);
    const stages = journey.members.filter(isStage).map(stage => toStage(stage, personaIds));
    const touchpoints = stages.flatMap(s => s.touchpoints);
    const description = presentTexts(journey.members.filter(isDescription).map(d => d.value)).pop();
    const emotionPersonas = feelingPersonas(journey, personas);
    return {
        id: journey.name ?? '',
        title: displayTitle(journey, 'journey'),
        ...(description !== undefined ? { description } : {}),
        personas,
        ...(emotionPersonas.length > 0 ? { emotionPersonas } : {}),
        stages,
        scenarios: journey.members.filter(isScenario).map(scenario => toScenario(scenario, personaIds)),
        metrics: journey.members.filter(isMetric).map(toMetric),
        ...optional('averageScore', mean(touchpoints.map(t => t.feels?.score))),
        ...optional('averageExpected', mean(touchpoints.map(t => t.expected?.score))),
        range: rangeOf(journey)
    };
}

function toPersonas(list: PersonaList): RenderPersona[] {
    return namedReferences(list.personas).map(toPersona);
}

function toPersona(ref: Reference<Persona>): RenderPersona {
    const persona = ref.ref;
    const role = presentTexts(persona?.fields.filter(isPersonaText).filter(f => f.kind === 'role').map(f => f.value) ?? []).pop();
    return {
        id: ref.$refText,
        ...(persona?.title !== undefined ? { title: persona.title } : {}),
        ...(role !== undefined ? { role } : {})
    };
}

/** The personas named by `feels … for` lines of the journey: the journey's own in its order, then the others as they appear. */
function feelingPersonas(journey: Journey, journeyPersonas: RenderPersona[]): RenderPersona[] {
    const named = new Map<string, RenderPersona>();
    for (const stage of journey.members.filter(isStage)) {
        for (const touchpoint of stage.members.filter(isTouchpoint)) {
            for (const feeling of touchpoint.members.filter(isFeeling)) {
                if (feeling.persona && isWritten(feeling.persona.$refText) && feeling.persona.$refText && !named.has(feeling.persona.$refText)) {
                    named.set(feeling.persona.$refText, toPersona(feeling.persona));
                }
            }
        }
    }
    const own = journeyPersonas.filter(p => named.has(p.id));
    return [...own, ...[...named.values()].filter(p => !own.some(o => o.id === p.id))];
}

function toStage(stage: Stage, journeyPersonas: string[]): RenderStage {
    const id = stage.name ?? '';
    return {
        id,
        title: displayTitle(stage, 'stage'),
        expectations: presentTexts(stage.members.filter(isExpectation).map(e => e.value)),
        touchpoints: stage.members.filter(isTouchpoint).map(t => toTouchpoint(t, id, journeyPersonas)),
        metrics: stage.members.filter(isMetric).map(toMetric),
        range: rangeOf(stage)
    };
}

function toTouchpoint(touchpoint: Touchpoint, stageId: string, journeyPersonas: string[]): RenderTouchpoint {
    const members = touchpoint.members;
    const texts = (kind: string) => presentTexts(members.filter(isTextProperty).filter(p => p.kind === kind).map(p => p.value));
    const own = members.filter(isPersonaList).flatMap(list => refTexts(list.personas));
    const blueprint = (kind: string) => presentTexts(members.filter(isBlueprintLine).filter(line => line.kind === kind).map(line => line.value));
    const counted = touchpointFeelings(touchpoint);
    // One line is drawn as it is written; several personas' lines by their mean (§8.2).
    const feels = counted.lines.length === 1 ? toEmotion(counted.lines[0].feeling)
        : counted.actual !== undefined ? { names: [], score: counted.actual } : undefined;
    const personaFeelings: RenderPersonaFeeling[] = counted.lines.some(line => line.persona !== undefined)
        ? counted.lines.flatMap(line => {
            const emotion = toEmotion(line.feeling);
            return emotion ? [{ ...(line.persona !== undefined ? { persona: line.persona } : {}), ...emotion }] : [];
        })
        : [];
    const expected = toEmotion(findFeeling(touchpoint, 'expected'));
    const owner = refTexts(members.filter(isOwner).map(o => o.team)).pop();
    return {
        id: touchpoint.name ?? '',
        title: displayTitle(touchpoint, 'touchpoint'),
        stageId,
        channels: refTexts(members.filter(isChannelUse).map(c => c.channel)),
        personas: own.length > 0 ? own : [...journeyPersonas],
        does: texts('does'),
        thinks: texts('thinks'),
        wants: texts('wants'),
        obstacles: texts('obstacle'),
        gaps: texts('gap'),
        observed: texts('observed'),
        tools: texts('tool'),
        unknowns: texts('unknown'),
        asks: presentTexts(members.filter(isQuestion).map(q => q.value)),
        frontstage: blueprint('frontstage'),
        backstage: blueprint('backstage'),
        artifacts: blueprint('artifact'),
        ...(feels ? { feels } : {}),
        ...(personaFeelings.length > 0 ? { personaFeelings, ...optional('lowest', counted.lowest?.score) } : {}),
        ...(expected ? { expected } : {}),
        pains: members.filter(isPain).map(toPain),
        opportunities: members.filter(isOpportunity).map(toOpportunity),
        ...(owner !== undefined ? { owner } : {}),
        support: members.filter(isSupport).flatMap(s => refTexts(s.teams)),
        momentOfTruth: members.some(isMomentOfTruth),
        metrics: members.filter(isMetric).map(toMetric),
        range: rangeOf(touchpoint)
    };
}

/** An emotion line whose names do not resolve has no score: the model leaves it out rather than guess. */
function toEmotion(feeling: Feeling | undefined): RenderEmotion | undefined {
    const score = feelingScore(feeling);
    if (!feeling || score === undefined) {
        return undefined;
    }
    return { names: refTexts(feeling.emotions), score };
}

function toPain(pain: Pain): RenderPain {
    const source = presentTexts([pain.source?.ref?.$refText ?? pain.source?.text]).pop();
    return {
        text: displayText(pain.text),
        ...(source !== undefined ? { source } : {}),
        ...(pain.severity ? { severity: pain.severity as RenderPain['severity'] } : {}),
        range: rangeOf(pain)
    };
}

function toOpportunity(opportunity: Opportunity): RenderOpportunity {
    const members = opportunity.members;
    const outcome = presentTexts(members.filter(isOutcome).map(o => o.value)).pop();
    const owner = refTexts(members.filter(isOwner).map(o => o.team)).pop();
    const status = presentTexts(members.filter(isStatus).map(s => s.value)).pop();
    return {
        text: displayText(opportunity.text),
        ...(outcome !== undefined ? { outcome } : {}),
        ...(owner !== undefined ? { owner } : {}),
        ...(status !== undefined ? { status: status as RenderOpportunity['status'] } : {}),
        range: rangeOf(opportunity)
    };
}

function toScenario(scenario: Scenario, journeyPersonas: string[]): RenderScenario {
    const own = refTexts(scenario.persona?.personas ?? []);
    return {
        id: scenario.name ?? '',
        title: displayTitle(scenario, 'scenario'),
        personas: own.length > 0 ? own : [...journeyPersonas],
        path: presentTexts((scenario.path?.steps ?? []).map(step => step.ref?.name)),
        range: rangeOf(scenario)
    };
}

function toMetric(metric: Metric): RenderMetric {
    const evaluation = evaluateMetric(metric);
    const period = metricInputs(metric).period;
    return {
        id: metric.name ?? '',
        title: displayTitle(metric, 'metric'),
        // `type` without its word reads as no type: the default.
        type: evaluation.type ?? 'custom',
        ...(period !== undefined ? { period } : {}),
        ...optional('value', evaluation.value),
        unit: evaluation.unit,
        computed: evaluation.computed !== undefined,
        ...optional('target', evaluation.target),
        targetUnit: evaluation.targetUnit,
        range: rangeOf(metric)
    };
}

function rangeOf(node: AstNode): SourceRange {
    const range = node.$cstNode?.range;
    return range ? { start: { ...range.start }, end: { ...range.end } } : EMPTY_RANGE;
}

function mean(values: Array<number | undefined>): number | undefined {
    const present = values.filter((v): v is number => v !== undefined);
    return present.length === 0 ? undefined : present.reduce((a, b) => a + b, 0) / present.length;
}

/** `{ key: value }` when the value is defined, else `{}`: the model is JSON, so absent fields stay absent. */
function optional<K extends string>(key: K, value: number | undefined): { [P in K]?: number } {
    return (value === undefined ? {} : { [key]: value }) as { [P in K]?: number };
}

/*
 * Error recovery leaves half-typed lines in the AST without the name, text or reference they are
 * still missing (`owner }`, `pain }`, `touchpoint { … }`), whatever the generated types say. The
 * model stays total and the picture as a user expects it: every element with a source range is
 * kept (so counts and the preview's positions follow the text), showing a placeholder for a
 * missing name or text; a missing value or reference is left out.
 */

/** What an element is shown as: its title unless blank, else its name, else `(unnamed stage)`. */
function displayTitle(node: { name?: string; title?: string }, kind: string): string {
    return [node.title, node.name].find(text => isWritten(text) && text.trim().length > 0) ?? `(unnamed ${kind})`;
}

/** The placeholder of a pain or opportunity whose text is not typed yet. */
export const MISSING_TEXT = '(no text)';

function displayText(text: string | undefined): string {
    return isWritten(text) ? text : MISSING_TEXT;
}

/** The texts that were written (a keyword without its string has none). */
function presentTexts(texts: Array<string | undefined>): string[] {
    return texts.filter(isWritten);
}

/** The names written in references, leaving out references that have none yet. */
function refTexts(references: ReadonlyArray<Reference | undefined>): string[] {
    return namedReferences(references).map(ref => ref.$refText);
}

function namedReferences<T extends Reference>(references: ReadonlyArray<T | undefined>): T[] {
    return references.filter((ref): ref is T => ref !== undefined && isWritten(ref.$refText) && ref.$refText.length > 0);
}

function isWritten(text: string | undefined): text is string {
    return typeof text === 'string';
}
