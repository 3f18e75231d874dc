import type { AstNode, DiagnosticInfo, ValidationAcceptor, ValidationChecks } from 'langium';
import { AstUtils } from 'langium';
import type { CjmServices } from '../cjm-module.js';
import type { CjmAstType, Emotion, Journey, Metric } from '../generated/ast.js';
import { Feeling, isJourney, isPersonaList, isStage, isTouchpoint, Opportunity, Owner, Pain, PersonaList, Scenario, Stage, TextProperty, Touchpoint } from '../generated/ast.js';
import { feelingScore, formatScore, MAX_SCORE, MIN_SCORE } from '../model/emotion-score.js';
import type { CountedFeeling } from '../model/touchpoint-feelings.js';
import { touchpointFeelings } from '../model/touchpoint-feelings.js';
import { evaluateMetric, isComputedType, METRIC_TOLERANCE, round } from '../model/metrics.js';
import { DiagnosticCode } from './diagnostic-codes.js';
import { DuplicatePlaces, WorkspaceNameChecks } from './workspace-name-checks.js';

/** Registers CJM's checks with Langium's validation registry. */
export function registerValidationChecks(services: CjmServices): void {
    const registry = services.validation.ValidationRegistry;
    const validator = services.validation.CjmValidator;
    const workspace = new WorkspaceNameChecks(services);
    const checks: ValidationChecks<CjmAstType> = {
        Model: (model, accept) => workspace.check(model, accept),
        Emotion: validator.checkEmotionScore,
        Journey: validator.checkJourney,
        Stage: validator.checkStage,
        Touchpoint: validator.checkTouchpoint,
        Feeling: validator.checkFeelingScore,
        Pain: validator.checkPainEvidence,
        Metric: validator.checkMetric
    };
    registry.register(checks, validator);
}

/** How far `expected` may exceed `feels` before the touchpoint must explain the gap. */
const GAP_THRESHOLD = 2;
/** Scores at or below this need a recorded pain. */
const NEGATIVE_THRESHOLD = -1;
/** Float noise in means of several emotions (e.g. (1 + 1 + 1) / 3). */
const EPSILON = 1e-9;

/** The checks behind the diagnostic codes of the language reference (§5) that look at one file. */
export class CjmValidator {
    constructor(protected readonly services: CjmServices) {}

    /** `score-out-of-range` on a user's `emotions` declaration. */
    checkEmotionScore(emotion: Emotion, accept: ValidationAcceptor): void {
        if (typeof emotion.score === 'number' && outOfRange(emotion.score)) {
            accept('error', `Emotion '${emotion.name}' has score ${emotion.score}, outside the scale. Use a score from -2 (very negative) to +2 (very positive).`,
                { node: emotion, property: 'score', code: DiagnosticCode.ScoreOutOfRange });
        }
    }

    /** `score-out-of-range` on a numeric `feels` or `expected`. */
    checkFeelingScore(feeling: Feeling, accept: ValidationAcceptor): void {
        if (typeof feeling.score === 'number' && outOfRange(feeling.score)) {
            accept('error', `\`${feeling.kind} ${feeling.score}\` in touchpoint '${touchpointName(feeling)}' is outside the scale. Use a score from -2 (very negative) to +2 (very positive), or emotion names.`,
                { node: feeling, property: 'score', code: DiagnosticCode.ScoreOutOfRange });
        }
    }

    /** `journey-without-persona`, and `duplicate-name` for stages and touchpoints (unique per journey). */
    checkJourney(journey: Journey, accept: ValidationAcceptor): void {
        // The grammar puts persona lists on the journey, its touchpoints and its scenarios.
        const names = (list: PersonaList | undefined) => list !== undefined && list.personas.length > 0;
        const personas = journey.members.some(member => (member.$type === PersonaList.$type && names(member))
            || (member.$type === Scenario.$type && names(member.persona))
            || (member.$type === Stage.$type && member.members.some(touchpoint => touchpoint.$type === Touchpoint.$type
                && touchpoint.members.some(line => line.$type === PersonaList.$type && names(line)))));
        if (!personas && journey.name) {
            accept('warning', `Journey '${journey.name}' names no persona. Add \`persona <name>\` to say whose journey it is.`,
                { node: journey, property: 'name', code: DiagnosticCode.JourneyWithoutPersona });
        }
        const stages = journey.members.filter(isStage);
        reportDuplicates(stages, 'stage', `journey '${journey.name}'`, accept);
        reportDuplicates(stages.flatMap(stage => stage.members.filter(isTouchpoint)), 'touchpoint', `journey '${journey.name}' (touchpoint names are unique across all its stages, so scenarios can name them)`, accept);
    }

    /** `empty-stage`. */
    checkStage(stage: Stage, accept: ValidationAcceptor): void {
        if (!stage.members.some(isTouchpoint)) {
            accept('warning', `Stage '${stage.name ?? ''}' has no touchpoints. Add a \`touchpoint\` or remove the stage.`,
                { node: stage, property: stage.name ? 'name' : undefined, keyword: stage.name ? undefined : 'stage', code: DiagnosticCode.EmptyStage });
        }
    }

    /**
     * `missing-emotion`, `negative-without-pain`, `unexplained-gap`, `unowned-pain` and
     * `persona-not-in-journey`. With several personas' `feels` lines (§8.2), the two emotion checks
     * look at the lowest of them: one unhappy persona is enough to need a pain or an explanation.
     */
    checkTouchpoint(touchpoint: Touchpoint, accept: ValidationAcceptor): void {
        const name = touchpoint.name ?? '';
        const at = touchpoint.name ? { property: 'name' as const } : { keyword: 'touchpoint' };
        // One pass over the members (this runs for every touchpoint of the workspace).
        let feels = false;
        let feelsFor = false;
        let expected: Feeling | undefined;
        let firstPain: Pain | undefined;
        let explained = false;
        let owned = false;
        for (const member of touchpoint.members) {
            switch (member.$type) {
                case Feeling.$type:
                    // The last `expected` counts (see findFeeling); `feels` lines are counted by touchpointFeelings.
                    if (member.kind === 'feels') {
                        feels = true;
                        feelsFor ||= member.persona !== undefined;
                    } else {
                        expected = member;
                    }
                    break;
                case Pain.$type:
                    firstPain ??= member;
                    explained = true;
                    break;
                case Opportunity.$type:
                    explained = true;
                    break;
                case TextProperty.$type:
                    explained ||= member.kind === 'gap';
                    break;
                case Owner.$type:
                    owned = true;
                    break;
            }
        }
        if (!feels) {
            accept('info', `Touchpoint '${name}' has no \`feels\`: the emotion curve has a hole here. Add \`feels <emotion>\` or \`feels <score>\`.`,
                { node: touchpoint, ...at, code: DiagnosticCode.MissingEmotion });
        }
        const lowest = feels ? touchpointFeelings(touchpoint).lowest : undefined;
        const intended = feelingScore(expected);
        if (lowest && lowest.score <= NEGATIVE_THRESHOLD + EPSILON && !firstPain) {
            accept('warning', `Touchpoint '${name}' feels ${formatScore(lowest.score)}${forWhom(lowest)} but records no pain. Add \`pain "…" source …\` to say what hurts.`,
                { node: lowest.feeling, code: DiagnosticCode.NegativeWithoutPain });
        }
        if (expected && lowest && intended !== undefined && intended - lowest.score >= GAP_THRESHOLD - EPSILON) {
            if (!explained) {
                accept('warning', `Touchpoint '${name}' is expected to feel ${formatScore(intended)} but feels ${formatScore(lowest.score)}${forWhom(lowest)}, and nothing explains the gap. Add a \`gap "…"\`, a \`pain\` or an \`opportunity\`.`,
                    { node: expected, code: DiagnosticCode.UnexplainedGap });
            }
        }
        if (feelsFor) {
            checkFeelingPersonas(touchpoint, accept);
        }
        if (firstPain && !owned) {
            accept('info', `Touchpoint '${name}' has pain points but no owner. Add \`owner <team>\` to say who is accountable.`,
                { node: firstPain, code: DiagnosticCode.UnownedPain });
        }
    }

    /** `pain-without-evidence`. */
    checkPainEvidence(pain: Pain, accept: ValidationAcceptor): void {
        if (!pain.source) {
            accept('warning', `Pain "${pain.text ?? ''}" has no evidence. Add \`source <interviews|survey|reviews|…>\` or \`source "…"\` after it.`,
                { node: pain, code: DiagnosticCode.PainWithoutEvidence });
        }
    }

    /** `metric-missing-input`, `metric-invalid` and `metric-inconsistent`, from the shared metric computation. */
    checkMetric(metric: Metric, accept: ValidationAcceptor): void {
        const evaluation = evaluateMetric(metric);
        const name = metric.name ?? '';
        const fieldNode = (field: string | undefined) => metric.fields.find(f => 'kind' in f && f.kind === field && typeof f.value === 'number');
        const typeNode = metric.fields.find(f => f.$type === 'MetricType');
        // The offending field when there is one, else the metric's name.
        const place = (node: AstNode | undefined): DiagnosticInfo<AstNode> => node ? { node } : metric.name ? { node: metric, property: 'name' } : { node: metric };
        if (isComputedType(evaluation.type) && evaluation.missing.length > 0) {
            const missing = evaluation.missing.map(input => `\`${input}\``).join(' and ');
            accept('error', `Metric '${name}' of type ${evaluation.type} needs ${missing}: ${FORMULAS[evaluation.type]}. Add ${evaluation.missing.map(input => `\`${input} <number>\``).join(' and ')}.`,
                { ...place(typeNode), code: DiagnosticCode.MetricMissingInput });
        }
        for (const problem of evaluation.invalid) {
            accept('error', `Metric '${name}': ${problem.message}`, { ...place(fieldNode(problem.field)), code: DiagnosticCode.MetricInvalid });
        }
        if (evaluation.inconsistent && evaluation.invalid.length === 0) {
            const { declared, computed } = evaluation.inconsistent;
            accept('error', `Metric '${name}' declares value ${round(declared)}% but its inputs give ${round(computed)}% (${FORMULAS[evaluation.type]}); they may differ by at most ${METRIC_TOLERANCE} points. Correct \`value\` or the counts.`,
                { ...place(fieldNode('value')), code: DiagnosticCode.MetricInconsistent });
        }
    }
}

const FORMULAS: Record<string, string> = {
    retention: 'retention is (end − new) ÷ start × 100 %',
    churn: 'churn is lost ÷ start × 100 %, with lost = start − end when only `end` is given'
};

/** ` for tom` when the lowest line is one persona's (the plain line is everyone's). */
function forWhom(line: CountedFeeling): string {
    return line.persona === undefined ? '' : ` for ${line.persona}`;
}

/** `persona-not-in-journey`: a `feels … for P` whose P is neither the journey's nor the touchpoint's persona. */
function checkFeelingPersonas(touchpoint: Touchpoint, accept: ValidationAcceptor): void {
    const journey = AstUtils.getContainerOfType(touchpoint, isJourney);
    const listed = new Set([...(journey?.members ?? []), ...touchpoint.members].filter(isPersonaList).flatMap(list => list.personas.map(p => p.$refText)));
    for (const member of touchpoint.members) {
        if (member.$type !== Feeling.$type || !member.persona?.$refText) {
            continue;
        }
        const persona = member.persona;
        // An unknown name is a linking error already; this check is about a persona that exists.
        if (!listed.has(persona.$refText) && persona.ref) {
            const whose = journey?.name ? `journey '${journey.name}'` : 'the journey';
            accept('warning', `\`feels … for ${persona.$refText}\` in touchpoint '${touchpoint.name ?? ''}': ${persona.$refText} is not a persona of ${whose} or of this touchpoint. Add \`persona ${persona.$refText}\` to the journey or the touchpoint, or name one of its personas.`,
                { node: member, property: 'persona', code: DiagnosticCode.PersonaNotInJourney });
        }
    }
}

function outOfRange(score: number): boolean {
    return score < MIN_SCORE || score > MAX_SCORE;
}

function touchpointName(node: AstNode): string {
    return AstUtils.getContainerOfType(node, isTouchpoint)?.name ?? '';
}

/** Flags every element whose name another element of the list shares, in time linear in the list. */
function reportDuplicates(nodes: Array<Stage | Touchpoint>, kind: 'stage' | 'touchpoint', where: string, accept: ValidationAcceptor): void {
    const byName = new Map<string, Array<Stage | Touchpoint>>();
    for (const node of nodes) {
        if (node.name) {
            const same = byName.get(node.name);
            if (same) {
                same.push(node);
            } else {
                byName.set(node.name, [node]);
            }
        }
    }
    for (const [name, same] of byName) {
        if (same.length > 1) {
            const places = new DuplicatePlaces();
            for (const node of same) {
                places.add(`line ${(node.$cstNode?.range.start.line ?? 0) + 1}`, node);
            }
            for (const node of same) {
                accept('error', `Duplicate ${kind} '${name}' in ${where}: also declared on ${places.othersThan(node)}. Rename one of them.`,
                    { node, property: 'name', code: DiagnosticCode.DuplicateName });
            }
        }
    }
}
