import type { AstNode, IndexManager, LangiumDocument, MaybePromise } from 'langium';
import { AstUtils, CstUtils } from 'langium';
import { MultilineCommentHoverProvider } from 'langium/lsp';
import type { Hover, HoverParams } from 'vscode-languageserver';
import type { BuiltinLibrary } from '../builtins/builtin-library.js';
import type { CjmServices } from '../cjm-module.js';
import type { Emotion, Feeling, Metric, Persona, Touchpoint } from '../generated/ast.js';
import {
    isChannel, isChannelUse, isEmotion, isFeeling, isJourney, isMetric, isOwner, isPersona, isPersonaAge, isPersonaText,
    isScenario, isSource, isStage, isTeam, isTouchpoint
} from '../generated/ast.js';
import { displayScore, feelingScore, findFeeling } from '../model/emotion-score.js';
import type { TouchpointFeelings } from '../model/touchpoint-feelings.js';
import { touchpointFeelings } from '../model/touchpoint-feelings.js';
import type { MetricEvaluation } from '../model/metrics.js';
import { evaluateMetric, formatMetricValue, isComputedType, metricInputs, round } from '../model/metrics.js';
import { escapeHoverText } from '../render/escape.js';

/** Hover cards: personas, emotion scores, metric values, touchpoint scores, and titles of everything named. */
export class CjmHoverProvider extends MultilineCommentHoverProvider {
    protected readonly builtins: BuiltinLibrary;
    protected readonly indexManager: IndexManager;

    constructor(services: CjmServices) {
        super(services);
        this.builtins = services.builtins.Library;
        this.indexManager = services.shared.workspace.IndexManager;
    }

    /** On the `feels` or `for` keyword of a `feels` line: every persona's score at the touchpoint (§8.2). */
    override async getHoverContent(document: LangiumDocument, params: HoverParams): Promise<Hover | undefined> {
        const root = document.parseResult?.value?.$cstNode;
        const leaf = root && CstUtils.findLeafNodeAtOffset(root, document.textDocument.offsetAt(params.position));
        const feeling = leaf?.astNode;
        if (leaf && isFeeling(feeling) && feeling.kind === 'feels' && (leaf.text === 'feels' || leaf.text === 'for') && isTouchpoint(feeling.$container)) {
            return { contents: { kind: 'markdown', value: feelingsCard(feeling.$container) } };
        }
        return super.getHoverContent(document, params);
    }

    protected override getAstNodeHoverContent(node: AstNode): MaybePromise<string | undefined> {
        if (isPersona(node)) {
            return personaCard(node);
        }
        if (isEmotion(node)) {
            return this.emotionCard(node);
        }
        if (isMetric(node)) {
            return metricCard(node);
        }
        if (isTouchpoint(node)) {
            return touchpointCard(node);
        }
        if (isChannel(node) || isTeam(node) || isSource(node) || isJourney(node) || isStage(node) || isScenario(node)) {
            const kind = node.$type.toLowerCase();
            return `${heading(node.title, node.name)}\n\n*${kind}* \`${node.name}\`${this.origin(node)}`;
        }
        return super.getAstNodeHoverContent(node);
    }

    protected emotionCard(emotion: Emotion): string {
        const lines = [`**${escapeHoverText(emotion.name)}** · emotion · score **${displayScore(emotion.score)}**`];
        const uri = AstUtils.getDocument(emotion).uri;
        if (this.builtins.isBuiltin(uri)) {
            lines.push('Built-in emotion (the standard scale from −2 to +2).');
        } else {
            lines.push(`Declared in \`${fileName(uri.path)}\`.`);
            const builtin = this.indexManager.allElements('Emotion')
                .find(d => d.name === emotion.name && this.builtins.isBuiltin(d.documentUri))?.node;
            if (isEmotion(builtin) && builtin.score !== emotion.score) {
                lines.push(`Overrides the built-in score ${displayScore(builtin.score)}.`);
            }
        }
        return lines.join('\n\n');
    }

    /** ` (built-in)` for elements of the built-in library, so users know where a name comes from. */
    protected origin(node: AstNode): string {
        return this.builtins.isBuiltin(AstUtils.getDocument(node).uri) ? ' (built-in)' : '';
    }
}

function personaCard(persona: Persona): string {
    // In text being typed a field may lack its value (`goal` alone on a line): such fields are skipped.
    const all = (kind: string) => persona.fields.filter(isPersonaText).filter(f => f.kind === kind)
        .map(f => f.value).filter((value): value is string => typeof value === 'string');
    const single = (kind: string) => all(kind).pop();
    const age = persona.fields.filter(isPersonaAge).map(f => f.value).filter(value => typeof value === 'number').pop();
    const sections = [`${heading(persona.title, persona.name)}\n\n*persona* \`${persona.name}\``];
    const facts = [
        fact('Role', single('role')),
        fact('Age', age === undefined ? undefined : String(age)),
        fact('Location', single('location')),
        fact('Segment', single('segment'))
    ].filter((line): line is string => line !== undefined);
    if (facts.length > 0) {
        sections.push(facts.join('  \n'));
    }
    for (const [label, kind] of [['Goals', 'goal'], ['Needs', 'need'], ['Frustrations', 'frustration'], ['Motivations', 'motivation'], ['Behaviours', 'behavior']]) {
        const items = all(kind);
        if (items.length > 0) {
            sections.push(`**${label}**\n\n${items.map(item => `- ${escapeHoverText(item)}`).join('\n')}`);
        }
    }
    for (const quote of all('quote')) {
        sections.push(`> ${escapeHoverText(quote)}`);
    }
    const validated = single('validated');
    sections.push(validated === undefined ? '*Not validated with real customers yet.*' : `**Validated:** ${escapeHoverText(validated)}`);
    return sections.join('\n\n');
}

function metricCard(metric: Metric): string {
    const evaluation = evaluateMetric(metric);
    const inputs = metricInputs(metric);
    const header = [`*metric* \`${metric.name}\``, `type ${evaluation.type}`];
    if (inputs.period !== undefined) {
        header.push(`period ${escapeHoverText(inputs.period)}`);
    }
    const sections = [heading(metric.title, metric.name), header.join(' · ')];
    const facts: string[] = [];
    if (evaluation.value !== undefined) {
        const how = evaluation.computed !== undefined ? 'computed' : 'declared';
        facts.push(`**Value:** ${formatMetricValue(evaluation.value, evaluation.unit)} (${how})`);
    } else {
        facts.push('**Value:** —');
    }
    const formula = formulaOf(evaluation, inputs.numbers);
    if (formula) {
        facts.push(`**Formula:** ${formula}`);
    }
    if (evaluation.target !== undefined) {
        facts.push(`**Target:** ${formatMetricValue(evaluation.target, evaluation.targetUnit)}`);
    }
    sections.push(facts.join('  \n'));
    if (evaluation.missing.length > 0) {
        sections.push(`Needs ${evaluation.missing.map(m => `\`${m}\``).join(' and ')} to compute its value.`);
    }
    if (evaluation.inconsistent) {
        sections.push(`Declared ${round(evaluation.inconsistent.declared)}% differs from the computed ${round(evaluation.inconsistent.computed)}%.`);
    }
    return sections.join('\n\n');
}

/** The language reference's formula for computed types, with the metric's own numbers filled in. */
function formulaOf(evaluation: MetricEvaluation, numbers: ReturnType<typeof metricInputs>['numbers']): string | undefined {
    if (!isComputedType(evaluation.type)) {
        return undefined;
    }
    const n = (key: 'start' | 'end' | 'new' | 'lost') => numbers[key]?.value;
    if (evaluation.type === 'retention') {
        const filled = evaluation.computed !== undefined ? ` = (${n('end')} − ${n('new') ?? 0}) ÷ ${n('start')} × 100 %` : '';
        return `(end − new) ÷ start × 100 %${filled}`;
    }
    if (n('lost') === undefined && n('end') !== undefined) {
        const filled = evaluation.computed !== undefined ? ` = (${n('start')} − ${n('end')}) ÷ ${n('start')} × 100 %` : '';
        return `(start − end) ÷ start × 100 %${filled}`;
    }
    const filled = evaluation.computed !== undefined ? ` = ${n('lost')} ÷ ${n('start')} × 100 %` : '';
    return `lost ÷ start × 100 %${filled}`;
}

function touchpointCard(touchpoint: Touchpoint): string {
    const stage = AstUtils.getContainerOfType(touchpoint, isStage);
    const where = stage ? ` in stage ${escapeHoverText(stage.title ?? stage.name)}` : '';
    const sections = [heading(touchpoint.title, touchpoint.name), `*touchpoint* \`${touchpoint.name}\`${where}`];
    const counted = touchpointFeelings(touchpoint);
    const expected = findFeeling(touchpoint, 'expected');
    const actualScore = counted.actual;
    const expectedScore = feelingScore(expected);
    const facts = [
        counted.lines.length > 1
            ? `**Actual:** ${displayScore(actualScore)} (mean of ${counted.lines.length} lines; lowest ${lowestText(counted)})`
            : `**Actual:** ${describeFeeling(counted.lines[0]?.feeling, actualScore)}`,
        `**Expected:** ${describeFeeling(expected, expectedScore)}`
    ];
    if (actualScore !== undefined && expectedScore !== undefined) {
        facts.push(`**Gap:** ${displayScore(expectedScore - actualScore)} (expected − actual)`);
    }
    const channels = touchpoint.members.filter(isChannelUse).map(c => c.channel?.$refText).filter((name): name is string => Boolean(name));
    if (channels.length > 0) {
        facts.push(`**Channels:** ${channels.map(escapeHoverText).join(', ')}`);
    }
    const owner = touchpoint.members.filter(isOwner).map(o => o.team?.ref?.title ?? o.team?.$refText).filter(Boolean).pop();
    if (owner) {
        facts.push(`**Owner:** ${escapeHoverText(owner)}`);
    }
    sections.push(facts.join('  \n'));
    return sections.join('\n\n');
}

/** Every `feels` line that counts at a touchpoint, persona by persona, with the mean and the lowest. */
function feelingsCard(touchpoint: Touchpoint): string {
    const counted = touchpointFeelings(touchpoint);
    const lines = counted.lines.map(line => `- ${line.persona === undefined ? 'Everyone else' : personaName(line.feeling)}: ${describeFeeling(line.feeling, line.score)}`);
    const summary = counted.actual === undefined ? '**Actual:** ?' : `**Actual:** ${displayScore(counted.actual)}${counted.lines.length > 1 ? ` (mean) · **Lowest:** ${lowestText(counted)}` : ''}`;
    return [`${heading(touchpoint.title, touchpoint.name)} · feels`, lines.join('\n'), summary].join('\n\n');
}

/** `Tom (\`tom\`)`: the persona's title when it has one, and its name. */
function personaName(feeling: Feeling): string {
    const persona = feeling.persona;
    const title = persona?.ref?.title;
    return title ? `${escapeHoverText(title)} (\`${persona!.$refText}\`)` : `\`${persona?.$refText ?? ''}\``;
}

function lowestText(counted: TouchpointFeelings): string {
    const lowest = counted.lowest;
    if (!lowest) {
        return '?';
    }
    return `${displayScore(lowest.score)} (${lowest.persona === undefined ? 'everyone else' : personaName(lowest.feeling)})`;
}

function describeFeeling(feeling: Feeling | undefined, score: number | undefined): string {
    if (!feeling) {
        return '—';
    }
    if (score === undefined) {
        return 'unknown (no emotion resolves)';
    }
    if (feeling.emotions.length === 0) {
        return displayScore(score);
    }
    return `${displayScore(score)} (${feeling.emotions.map(e => escapeHoverText(e.$refText)).join(', ')})`;
}

function heading(title: string | undefined, name: string): string {
    return `**${escapeHoverText(title ?? name)}**`;
}

function fact(label: string, value: string | undefined): string | undefined {
    return value === undefined ? undefined : `**${label}:** ${escapeHoverText(value)}`;
}

function fileName(path: string): string {
    return path.split('/').pop() ?? path;
}
