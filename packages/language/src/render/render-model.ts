import type { AstNode, LangiumDocument } from 'langium';
import { DocumentValidator } from 'langium';
import type { Diagnostic } from 'vscode-languageserver';
import type { Feeling, Journey, Metric, Model, Opportunity, Pain, PersonaList, Scenario, Stage, Touchpoint } from '../generated/ast.js';
import {
    isChannelUse, isDescription, isExpectation, isJourney, isMetric, isMomentOfTruth, isOpportunity, isOutcome, isOwner,
    isPain, isPersonaList, isPersonaText, isScenario, isStage, isStatus, isSupport, isTextProperty, isTouchpoint
} from '../generated/ast.js';
import { feelingScore, findFeeling } from '../model/emotion-score.js';
import { evaluateMetric, metricInputs } from '../model/metrics.js';
import { DiagnosticCode } from '../validation/diagnostic-codes.js';
import type {
    RenderEmotion, RenderError, RenderJourney, RenderMetric, RenderModel, RenderOpportunity, RenderPain, RenderPersona, RenderScenario,
    RenderStage, RenderTouchpoint, SourceRange
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

/** Langium's own diagnostics carry their code in `data`, validator diagnostics in `code`. */
function codeOf(diagnostic: Diagnostic): string | undefined {
    const code = diagnostic.code ?? (diagnostic.data as { code?: string | number } | undefined)?.code;
    return code === undefined ? undefined : String(code);
}

/** A lexer or parser error: the text does not parse, so the AST is error recovery's guess. */
function isSyntaxError(diagnostic: Diagnostic): boolean {
    const langiumCode = (diagnostic.data as { code?: unknown } | undefined)?.code;
    return diagnostic.code === DiagnosticCode.ParseError || langiumCode === DocumentValidator.LexingError || langiumCode === DocumentValidator.ParsingError;
}

function errorSummary(diagnostic: Diagnostic): RenderError {
    const code = codeOf(diagnostic);
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
    const description = journey.members.filter(isDescription).map(d => d.value).pop();
    return {
        id: journey.name,
        title: journey.title ?? journey.name,
        ...(description !== undefined ? { description } : {}),
        personas,
        stages,
        scenarios: journey.members.filter(isScenario).map(scenario => toScenario(scenario, personaIds)),
        metrics: journey.members.filter(isMetric).map(toMetric),
        ...optional('averageScore', mean(touchpoints.map(t => t.feels?.score))),
        ...optional('averageExpected', mean(touchpoints.map(t => t.expected?.score))),
        range: rangeOf(journey)
    };
}

function toPersonas(list: PersonaList): RenderPersona[] {
    return list.personas.map(ref => {
        const persona = ref.ref;
        const role = persona?.fields.filter(isPersonaText).filter(f => f.kind === 'role').map(f => f.value).pop();
        return {
            id: ref.$refText,
            ...(persona?.title !== undefined ? { title: persona.title } : {}),
            ...(role !== undefined ? { role } : {})
        };
    });
}

function toStage(stage: Stage, journeyPersonas: string[]): RenderStage {
    return {
        id: stage.name,
        title: stage.title ?? stage.name,
        expectations: stage.members.filter(isExpectation).map(e => e.value),
        touchpoints: stage.members.filter(isTouchpoint).map(t => toTouchpoint(t, stage.name, journeyPersonas)),
        metrics: stage.members.filter(isMetric).map(toMetric),
        range: rangeOf(stage)
    };
}

function toTouchpoint(touchpoint: Touchpoint, stageId: string, journeyPersonas: string[]): RenderTouchpoint {
    const members = touchpoint.members;
    const texts = (kind: string) => members.filter(isTextProperty).filter(p => p.kind === kind).map(p => p.value);
    const own = members.filter(isPersonaList).flatMap(list => list.personas.map(ref => ref.$refText));
    const feels = toEmotion(findFeeling(touchpoint, 'feels'));
    const expected = toEmotion(findFeeling(touchpoint, 'expected'));
    const owner = members.filter(isOwner).map(o => o.team.$refText).pop();
    return {
        id: touchpoint.name,
        title: touchpoint.title ?? touchpoint.name,
        stageId,
        channels: members.filter(isChannelUse).map(c => c.channel.$refText),
        personas: own.length > 0 ? own : [...journeyPersonas],
        does: texts('does'),
        thinks: texts('thinks'),
        wants: texts('wants'),
        obstacles: texts('obstacle'),
        gaps: texts('gap'),
        observed: texts('observed'),
        tools: texts('tool'),
        unknowns: texts('unknown'),
        ...(feels ? { feels } : {}),
        ...(expected ? { expected } : {}),
        pains: members.filter(isPain).map(toPain),
        opportunities: members.filter(isOpportunity).map(toOpportunity),
        ...(owner !== undefined ? { owner } : {}),
        support: members.filter(isSupport).flatMap(s => s.teams.map(t => t.$refText)),
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
    return { names: feeling.emotions.map(e => e.$refText), score };
}

function toPain(pain: Pain): RenderPain {
    const source = pain.source?.ref?.$refText ?? pain.source?.text;
    return {
        text: pain.text,
        ...(source !== undefined ? { source } : {}),
        ...(pain.severity ? { severity: pain.severity as RenderPain['severity'] } : {}),
        range: rangeOf(pain)
    };
}

function toOpportunity(opportunity: Opportunity): RenderOpportunity {
    const members = opportunity.members;
    const outcome = members.filter(isOutcome).map(o => o.value).pop();
    const owner = members.filter(isOwner).map(o => o.team.$refText).pop();
    const status = members.filter(isStatus).map(s => s.value).pop();
    return {
        text: opportunity.text,
        ...(outcome !== undefined ? { outcome } : {}),
        ...(owner !== undefined ? { owner } : {}),
        ...(status !== undefined ? { status: status as RenderOpportunity['status'] } : {}),
        range: rangeOf(opportunity)
    };
}

function toScenario(scenario: Scenario, journeyPersonas: string[]): RenderScenario {
    const own = scenario.persona?.personas.map(ref => ref.$refText) ?? [];
    return {
        id: scenario.name,
        title: scenario.title ?? scenario.name,
        personas: own.length > 0 ? own : [...journeyPersonas],
        path: (scenario.path?.steps ?? []).filter(step => step.ref !== undefined).map(step => step.ref!.name),
        range: rangeOf(scenario)
    };
}

function toMetric(metric: Metric): RenderMetric {
    const evaluation = evaluateMetric(metric);
    const period = metricInputs(metric).period;
    return {
        id: metric.name,
        title: metric.title ?? metric.name,
        type: evaluation.type,
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
