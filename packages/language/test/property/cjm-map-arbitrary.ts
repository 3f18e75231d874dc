/**
 * A fast-check arbitrary of valid CJM maps covering the whole grammar, and a printer that writes
 * them with random (but legal) whitespace and comments.
 *
 * A generated map is a plain object shaped like the AST Langium builds (`$type` plus the grammar's
 * properties, references as `{ ref: name }`), so a test can compare it with what the parser reads
 * back (see `astContent`). Keys starting with `$` other than `$type` carry what only the printer
 * needs (a number's spelling, whether an optional block is written) and are not AST content.
 *
 * "Valid" means: no syntax errors, every reference names something declared (in the map or the
 * built-in library), names are unique where the language requires it, scores lie in −2…+2 and
 * metrics are consistent, so the map validates without errors.
 */
import fc from 'fast-check';
import type { AstNode, Reference } from 'langium';
import { isReference } from 'langium';

// ------------------------------------------------------------------ the grammar's words

/** Keywords that can never be names (cjm.langium's `Id` rule leaves them out). */
export const RESERVED_WORDS = [
    'persona', 'channel', 'team', 'emotions', 'journey', 'stage', 'touchpoint', 'feels', 'expected', 'pain',
    'opportunity', 'owner', 'moment-of-truth', 'scenario', 'metric'
];
/** Keywords that are also names anywhere (`EmotionId`), including in `feels`/`expected`. */
export const EMOTION_ID_WORDS = [
    'retention', 'churn', 'nps', 'csat', 'ces', 'conversion', 'custom', 'low', 'medium', 'high', 'idea', 'planned',
    'in-progress', 'done', 'source', 'type', 'period', 'value', 'target', 'start', 'end', 'new', 'lost', 'role', 'age',
    'location', 'goal', 'need', 'frustration', 'motivation', 'behavior', 'quote', 'segment', 'validated', 'outcome',
    'status', 'severity', 'description', 'expectation', 'path'
];
/** Keywords that are names everywhere except in an emotion list (they start a touchpoint line, or `for` follows the list). */
export const TOUCHPOINT_LINE_WORDS = ['support', 'does', 'thinks', 'wants', 'obstacle', 'gap', 'observed', 'tool', 'unknown', 'asks', 'frontstage', 'backstage', 'artifact', 'for'];

const PERSONA_TEXT_KINDS = ['role', 'location', 'goal', 'need', 'frustration', 'motivation', 'behavior', 'quote', 'segment', 'validated'] as const;
const TEXT_PROPERTY_KINDS = ['does', 'thinks', 'wants', 'obstacle', 'gap', 'observed', 'tool', 'unknown'] as const;
const BLUEPRINT_KINDS = ['frontstage', 'backstage', 'artifact'] as const;
const METRIC_TYPES = ['retention', 'churn', 'nps', 'csat', 'ces', 'conversion', 'custom'] as const;

const BUILTIN_EMOTIONS = [
    'delighted', 'excited', 'accomplished', 'grateful', 'happy', 'interested', 'curious', 'confident', 'relieved',
    'satisfied', 'hopeful', 'neutral', 'indifferent', 'hesitant', 'confused', 'anxious', 'impatient', 'disappointed',
    'skeptical', 'frustrated', 'angry', 'annoyed', 'overwhelmed'
];
const BUILTIN_CHANNELS = ['web', 'app', 'email', 'phone', 'chat', 'social', 'store', 'ads', 'search', 'word-of-mouth', 'mail', 'events', 'partner'];
const BUILTIN_SOURCES = ['interviews', 'survey', 'reviews', 'analytics', 'support-tickets', 'observation', 'focus-group', 'social-listening', 'sales', 'usability-test'];

// ------------------------------------------------------------------ the generated AST

/** A generated AST node: `$type`, the grammar's properties, and printer hints under other `$` keys. */
export interface Node {
    $type: string;
    [property: string]: unknown;
}

const ref = (name: string) => ({ ref: name });
const pick = <T>(values: T[]) => fc.constantFrom(...values);
/** The items in any order. */
const permutation = <T>(items: T[]) => fc.shuffledSubarray(items, { minLength: items.length, maxLength: items.length });

/**
 * The AST content of a parsed node, comparable with a generated `Node`: `$type` and the grammar's
 * properties; references as `{ ref: text }`; absent, empty and false properties left out.
 */
export function astContent(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(astContent);
    }
    if (isReference(value)) {
        return { ref: (value as Reference).$refText };
    }
    if (value && typeof value === 'object') {
        const content: Record<string, unknown> = {};
        for (const [key, property] of Object.entries(value as AstNode)) {
            const empty = property === undefined || property === false || (Array.isArray(property) && property.length === 0);
            if ((key.startsWith('$') && key !== '$type') || empty) {
                continue;
            }
            content[key] = astContent(property);
        }
        return content;
    }
    return value;
}

// ------------------------------------------------------------------ lexical arbitraries

/** Names: the keyword-like names the grammar allows, look-alikes of keywords, and random identifiers. */
const randomId = fc.stringMatching(/^[_a-zA-Z]\w{0,6}(-\w{1,3}){0,2}$/).filter(name => !RESERVED_WORDS.includes(name));
const nameArb = fc.oneof(
    { weight: 3, arbitrary: randomId },
    { weight: 2, arbitrary: fc.constantFrom(...EMOTION_ID_WORDS, ...TOUCHPOINT_LINE_WORDS) },
    { weight: 1, arbitrary: fc.constantFrom('personas', 'Journey', 'stage2', 'feelsy', 'metric-x', 'does-not', 'a', '_', 'word-of-mouth', 'web', 'survey', 'happy') }
);

/** Prose: any Unicode (astral, combining, right-to-left), quotes, backslashes, line breaks, markup. */
const proseChar = fc.oneof(
    { weight: 4, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }).filter(c => c !== '\r') },
    { weight: 3, arbitrary: fc.constantFrom('"', '\\', '\n', '\t', ' ', '<', '>', '&', ':', ';', '#', '%', '{', '}', '//', '/*', '*/', '->') },
    { weight: 2, arbitrary: fc.constantFrom('é', 'ß', '→', '−', '😀', '👩‍👧', 'עברית', '中文', 'e\u0301', '\u200b', '\u2028', '\u00a0') }
);
const proseArb = fc.string({ unit: proseChar, maxLength: 12 });
const optionalTitle = fc.option(proseArb, { nil: undefined });

/** Writes a string literal: the three escapes the language defines. */
export function quote(value: string): string {
    return '"' + value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n') + '"';
}

/** A number in [min, max] with up to two decimals, spelled in any of the language's ways (`+2`, `2.50`, `-0.5`). */
function decimalArb(min: number, max: number, decimals = 2): fc.Arbitrary<{ value: number; $text: string }> {
    const scale = 10 ** decimals;
    return fc.record({
        hundredths: fc.integer({ min: Math.ceil(min * scale), max: Math.floor(max * scale) }),
        plus: fc.boolean(),
        padding: fc.constantFrom('', '0', '00')
    }).map(({ hundredths, plus, padding }) => {
        const magnitude = Math.abs(hundredths) / scale;
        let text = String(magnitude);
        if (padding && !text.includes('e')) {
            text += text.includes('.') ? padding : '.' + padding;
        }
        text = (hundredths < 0 ? '-' : plus ? '+' : '') + text;
        return { value: Number(text), $text: text };
    });
}
const integerArb = (min: number, max: number) => decimalArb(min, max, 0);
const scoreArb = decimalArb(-2, 2);

// ------------------------------------------------------------------ declarations

const personaFieldArb: fc.Arbitrary<Node> = fc.oneof(
    fc.record({ $type: fc.constant('PersonaText'), kind: fc.constantFrom(...PERSONA_TEXT_KINDS), value: proseArb }),
    integerArb(0, 120).map(age => ({ $type: 'PersonaAge', kind: 'age', ...age }))
);

const personasArb = fc.uniqueArray(fc.record({
    $type: fc.constant('Persona'),
    name: nameArb,
    title: optionalTitle,
    fields: fc.array(personaFieldArb, { maxLength: 12 }),
    $block: fc.boolean()
}).map(p => ({ ...p, $block: p.$block || p.fields.length > 0 })), { selector: p => p.name, maxLength: 3 });

const titled = (type: string) => fc.uniqueArray(fc.record({ $type: fc.constant(type), name: nameArb, title: optionalTitle }), { selector: d => d.name, maxLength: 3 });

const emotionsArb = fc.uniqueArray(fc.record({ name: nameArb, score: scoreArb }), { selector: e => e.name, maxLength: 5 });

/** What journeys may refer to. */
interface Declarations {
    personas: string[];
    teams: string[];
    channels: string[];
    sources: string[];
    emotions: string[];
}

// ------------------------------------------------------------------ metrics

/** Metrics whose inputs agree with their type, so none of the metric checks fires. */
const metricFieldsArb: fc.Arbitrary<Node[]> = fc.oneof(
    fc.record({ start: fc.integer({ min: 1, max: 5000 }), kept: fc.nat(), added: fc.nat({ max: 500 }), withNew: fc.boolean(), withValue: fc.boolean(), percent: fc.boolean() })
        .map(({ start, kept, added, withNew, withValue, percent }) => {
            const retained = kept % (start + 1);
            const fresh = withNew ? added : 0;
            const fields = [type('retention'), count('start', start), count('end', retained + fresh)];
            if (withNew) {
                fields.push(count('new', fresh));
            }
            if (withValue) {
                fields.push(number('value', (retained / start * 100).toFixed(1), percent));
            }
            return fields;
        }),
    fc.record({ start: fc.integer({ min: 1, max: 5000 }), part: fc.nat(), byEnd: fc.boolean(), withValue: fc.boolean() })
        .map(({ start, part, byEnd, withValue }) => {
            const lost = part % (start + 1);
            const fields = [type('churn'), count('start', start), byEnd ? count('end', start - lost) : count('lost', lost)];
            if (withValue) {
                fields.push(number('value', (lost / start * 100).toFixed(1), true));
            }
            return fields;
        }),
    fc.record({ value: fc.option(integerArb(-100, 100), { nil: undefined }) })
        .map(({ value }) => [type('nps'), ...(value ? [{ $type: 'MetricNumber', kind: 'value', ...value }] : [])]),
    fc.record({
        type: fc.option(fc.constantFrom('csat', 'ces', 'conversion', 'custom'), { nil: undefined }),
        value: fc.option(decimalArb(-1000, 1000), { nil: undefined }),
        percent: fc.boolean()
    }).map(({ type: kind, value, percent }) => [
        ...(kind ? [type(kind)] : []),
        ...(value ? [{ $type: 'MetricNumber', kind: 'value', ...value, percent }] : [])
    ])
);

function type(value: typeof METRIC_TYPES[number]): Node {
    return { $type: 'MetricType', value };
}
function count(kind: string, value: number): Node {
    return { $type: 'MetricNumber', kind, value, $text: String(value) };
}
function number(kind: string, text: string, percent: boolean): Node {
    return { $type: 'MetricNumber', kind, value: Number(text), $text: text, percent };
}

const metricArb: fc.Arbitrary<Node> = fc.record({
    name: nameArb,
    title: optionalTitle,
    fields: metricFieldsArb,
    period: fc.option(proseArb, { nil: undefined }),
    target: fc.option(fc.record({ number: decimalArb(0, 100), percent: fc.boolean() }), { nil: undefined }),
    oneLine: fc.boolean(),
    block: fc.boolean()
}).chain(m => {
    const fields = [...m.fields];
    if (m.period !== undefined) {
        fields.push({ $type: 'MetricPeriod', value: m.period });
    }
    if (m.target) {
        fields.push({ $type: 'MetricNumber', kind: 'target', ...m.target.number, percent: m.target.percent });
    }
    return permutation(fields).map(shuffled => ({
        $type: 'Metric', name: m.name, title: m.title, fields: shuffled, $block: m.block || shuffled.length > 0, $oneLine: m.oneLine
    }));
});

// ------------------------------------------------------------------ journeys

const nonEmptyList = (names: string[], max = 3) => fc.array(pick(names), { minLength: 1, maxLength: max }).map(list => list.map(ref));

function touchpointMemberArb(d: Declarations): fc.Arbitrary<Node> {
    const members: fc.Arbitrary<Node>[] = [
        pick(d.channels).map(channel => ({ $type: 'ChannelUse', channel: ref(channel) })),
        fc.record({ $type: fc.constant('TextProperty'), kind: fc.constantFrom(...TEXT_PROPERTY_KINDS), value: proseArb }),
        fc.record({ $type: fc.constant('Question'), value: proseArb }),
        fc.record({ $type: fc.constant('BlueprintLine'), kind: fc.constantFrom(...BLUEPRINT_KINDS), value: proseArb }),
        fc.record({
            $type: fc.constant('Feeling'),
            kind: fc.constantFrom('feels', 'expected'),
            feeling: fc.oneof(scoreArb, nonEmptyList(d.emotions)),
            // `feels … for P` names one persona (any declared one: a persona outside the journey is a warning, not an error).
            persona: d.personas.length ? fc.option(pick(d.personas), { nil: undefined }) : fc.constant(undefined)
        }).map(({ feeling, persona, ...rest }) => ({
            ...rest,
            ...(Array.isArray(feeling) ? { emotions: feeling } : { score: feeling.value, $text: feeling.$text }),
            ...(persona !== undefined && rest.kind === 'feels' ? { persona: ref(persona) } : {})
        })),
        fc.record({
            $type: fc.constant('Pain'),
            text: proseArb,
            source: fc.option(fc.oneof(
                pick(d.sources).map(source => ({ $type: 'EvidenceSource', ref: ref(source) })),
                proseArb.map(text => ({ $type: 'EvidenceSource', text }))
            ), { nil: undefined }),
            severity: fc.option(fc.constantFrom('low', 'medium', 'high'), { nil: undefined })
        }),
        fc.record({
            $type: fc.constant('Opportunity'),
            text: proseArb,
            members: fc.array(fc.oneof(
                proseArb.map(value => ({ $type: 'Outcome', value })),
                fc.constantFrom('idea', 'planned', 'in-progress', 'done').map(value => ({ $type: 'Status', value })),
                ...(d.teams.length ? [pick(d.teams).map(team => ({ $type: 'Owner', team: ref(team) }))] : [])
            ), { maxLength: 4 }),
            $block: fc.boolean()
        }).map(o => ({ ...o, $block: o.$block || o.members.length > 0 })),
        fc.constant({ $type: 'MomentOfTruth' }),
        metricArb
    ];
    if (d.personas.length) {
        members.push(nonEmptyList(d.personas).map(personas => ({ $type: 'PersonaList', personas })));
    }
    if (d.teams.length) {
        members.push(pick(d.teams).map(team => ({ $type: 'Owner', team: ref(team) })));
        members.push(nonEmptyList(d.teams).map(teams => ({ $type: 'Support', teams })));
    }
    return fc.oneof(...members);
}

function journeyArb(d: Declarations, name: string): fc.Arbitrary<Node> {
    return fc.record({
        title: optionalTitle,
        stageNames: fc.uniqueArray(nameArb, { minLength: 0, maxLength: 4 }),
        touchpointNames: fc.uniqueArray(nameArb, { maxLength: 7 })
    }).chain(({ title, stageNames, touchpointNames: named }) => {
        // Without stages there is nowhere to put touchpoints.
        const touchpointNames = stageNames.length ? named : [];
        const touchpoints = fc.tuple(...touchpointNames.map(tp => fc.record({
            name: fc.constant(tp),
            title: optionalTitle,
            members: fc.array(touchpointMemberArb(d), { maxLength: 8 }),
            stage: fc.nat({ max: Math.max(stageNames.length - 1, 0) })
        })));
        const stages = fc.tuple(...stageNames.map(stage => fc.record({
            name: fc.constant(stage),
            title: optionalTitle,
            expectations: fc.array(proseArb.map(value => ({ $type: 'Expectation', value })), { maxLength: 2 }),
            metrics: fc.array(metricArb, { maxLength: 2 })
        })));
        const scenarios = touchpointNames.length === 0 ? fc.constant([]) : fc.uniqueArray(fc.record({
            $type: fc.constant('Scenario'),
            name: nameArb,
            title: optionalTitle,
            persona: d.personas.length ? fc.option(pick(d.personas).map(p => ({ $type: 'PersonaList', personas: [ref(p)] })), { nil: undefined }) : fc.constant(undefined),
            path: fc.array(pick(touchpointNames), { minLength: 2, maxLength: 5 }).map(steps => ({ $type: 'ScenarioPath', steps: steps.map(ref) }))
        }), { selector: s => s.name, maxLength: 2 });
        const header = fc.array(fc.oneof(
            proseArb.map(value => ({ $type: 'Description', value })),
            ...(d.personas.length ? [nonEmptyList(d.personas).map(personas => ({ $type: 'PersonaList', personas }))] : [])
        ), { maxLength: 3 });
        return fc.record({ touchpoints, stages, scenarios, header, metrics: fc.array(metricArb, { maxLength: 2 }) }).chain(parts => {
            // Touchpoints whose stage does not exist (a journey without stages) are dropped.
            const stageNodes = parts.stages.map((stage, i) => permutation<Node>([
                ...stage.expectations,
                ...stage.metrics,
                ...parts.touchpoints.filter(tp => tp.stage === i).map(tp => ({ $type: 'Touchpoint', name: tp.name, title: tp.title, members: tp.members }))
            ]).map(members => ({ $type: 'Stage', name: stage.name, title: stage.title, members })));
            return fc.tuple(...stageNodes).chain(stageList => {
                const members: Node[] = [...parts.header, ...stageList, ...parts.scenarios, ...parts.metrics];
                return permutation(members).map(order => ({ $type: 'Journey', name, title, members: order }));
            });
        });
    });
}

/** Maps that validate without errors, over the whole grammar. */
export const cjmMapArb: fc.Arbitrary<Node> = fc.record({
    personas: personasArb,
    channels: titled('Channel'),
    teams: titled('Team'),
    sources: titled('Source'),
    emotionBlocks: fc.array(fc.nat({ max: 4 }), { maxLength: 2 }),
    emotions: emotionsArb,
    journeyNames: fc.uniqueArray(nameArb, { minLength: 1, maxLength: 3 })
}).chain(generated => {
    // Emotions are declared only where there is an `emotions` block to hold them.
    const top = { ...generated, emotions: generated.emotionBlocks.length ? generated.emotions : [] };
    const declarations: Declarations = {
        personas: top.personas.map(p => p.name),
        teams: top.teams.map(t => t.name),
        channels: [...BUILTIN_CHANNELS, ...top.channels.map(c => c.name)],
        sources: [...BUILTIN_SOURCES, ...top.sources.map(s => s.name)],
        emotions: [...BUILTIN_EMOTIONS, ...top.emotions.map(e => e.name).filter(name => !TOUCHPOINT_LINE_WORDS.includes(name))]
    };
    // The declared emotions, split over the `emotions` blocks (each emotion declared once).
    const blocks: Node[] = top.emotionBlocks.map((_, i) => ({
        $type: 'EmotionsBlock',
        emotions: top.emotions.filter((__, e) => e % top.emotionBlocks.length === i)
            .map(e => ({ $type: 'Emotion', name: e.name, score: e.score.value, $text: e.score.$text }))
    }));
    const elements: Node[] = [...top.personas, ...top.channels, ...top.teams, ...top.sources, ...blocks];
    return fc.tuple(...top.journeyNames.map(name => journeyArb(declarations, name))).chain(journeys => {
        const all = [...elements, ...journeys];
        return permutation(all).map(order => ({ $type: 'Model', elements: order }));
    });
});

// ------------------------------------------------------------------ printing

/** A token: its text, and whether it may touch its neighbour with no space between them. */
interface Token {
    text: string;
    punctuation: boolean;
    /** Inside a metric written on one line: only spaces around it. */
    oneLine?: boolean;
}

const word = (text: string): Token => ({ text, punctuation: false });
const punct = (text: string): Token => ({ text, punctuation: true });

function tokensOf(node: Node): Token[] {
    const str = (value: unknown) => word(quote(value as string));
    const num = (n: Node, key = 'value') => word((n.$text as string | undefined) ?? String(n[key]));
    const refText = (r: unknown) => word((r as { ref: string }).ref);
    const named = (keyword: string) => [word(keyword), word(node.name as string), ...(node.title !== undefined ? [str(node.title)] : [])];
    const block = (members: unknown) => [punct('{'), ...(members as Node[]).flatMap(tokensOf), punct('}')];
    const list = (refs: unknown) => (refs as unknown[]).flatMap((r, i) => i === 0 ? [refText(r)] : [punct(','), refText(r)]);
    switch (node.$type) {
        case 'Model': return (node.elements as Node[]).flatMap(tokensOf);
        case 'Persona': return [...named('persona'), ...(node.$block ? block(node.fields) : [])];
        case 'PersonaText': case 'TextProperty': case 'BlueprintLine': return [word(node.kind as string), str(node.value)];
        case 'Question': return [word('asks'), str(node.value)];
        case 'PersonaAge': return [word('age'), num(node)];
        case 'Channel': return named('channel');
        case 'Team': return named('team');
        case 'Source': return named('source');
        case 'EmotionsBlock': return [word('emotions'), ...block(node.emotions)];
        case 'Emotion': return [word(node.name as string), num(node, 'score')];
        case 'Journey': return [...named('journey'), ...block(node.members)];
        case 'PersonaList': return [word('persona'), ...list(node.personas)];
        case 'Description': return [word('description'), str(node.value)];
        case 'Stage': return [...named('stage'), ...block(node.members)];
        case 'Expectation': return [word('expectation'), str(node.value)];
        case 'Touchpoint': return [...named('touchpoint'), ...block(node.members)];
        case 'ChannelUse': return [word('channel'), refText(node.channel)];
        case 'Feeling': return [
            word(node.kind as string),
            ...(node.emotions ? (node.emotions as unknown[]).map(refText) : [num(node, 'score')]),
            ...(node.persona ? [word('for'), refText(node.persona)] : [])
        ];
        case 'Pain': {
            const source = node.source as Node | undefined;
            return [
                word('pain'), str(node.text),
                ...(source ? [word('source'), source.ref ? refText(source.ref) : str(source.text)] : []),
                ...(node.severity ? [word('severity'), word(node.severity as string)] : [])
            ];
        }
        case 'Opportunity': return [word('opportunity'), str(node.text), ...(node.$block ? block(node.members) : [])];
        case 'Outcome': return [word('outcome'), str(node.value)];
        case 'Status': return [word('status'), word(node.value as string)];
        case 'Owner': return [word('owner'), refText(node.team)];
        case 'Support': return [word('support'), ...list(node.teams)];
        case 'MomentOfTruth': return [word('moment-of-truth')];
        case 'Scenario': {
            const path = node.path as Node;
            const steps = (path.steps as unknown[]).flatMap((s, i) => i === 0 ? [refText(s)] : [punct('->'), refText(s)]);
            return [...named('scenario'), punct('{'), ...(node.persona ? tokensOf(node.persona as Node) : []), word('path'), ...steps, punct('}')];
        }
        case 'Metric': {
            if (!node.$block) {
                return named('metric');
            }
            const inner = (node.fields as Node[]).flatMap(tokensOf);
            const tokens = [...named('metric'), punct('{'), ...inner, punct('}')];
            return node.$oneLine ? tokens.map((t, i) => i >= tokens.length - inner.length - 2 ? { ...t, oneLine: true } : t) : tokens;
        }
        case 'MetricType': return [word('type'), word(node.value as string)];
        case 'MetricPeriod': return [word('period'), str(node.value)];
        case 'MetricNumber': return [word(node.kind as string), num(node), ...(node.percent ? [punct('%')] : [])];
        default: throw new Error(`cannot print ${node.$type}`);
    }
}

/** Gaps between tokens, from plain to odd: tabs, CRLF, no-break spaces, blank lines; then comments. */
const SPACES = [' ', '\n', '\n    ', '\n\n', '\t', '   ', '\r\n', '\u00a0', ''];
const COMMENTS = [' // a comment ✓\n', ' /* inline */ ', '\n// on its own line\n', '/**/', '\n/* two\n   lines */\n'];
const GAPS = [...SPACES, ...COMMENTS];
const ONE_LINE_GAPS = [' ', '  ', ''];

/** Random gap choices for `printMap` (indices into GAPS, mostly whitespace), used in turn. */
export const layoutArb = fc.array(fc.oneof(
    { weight: 5, arbitrary: fc.nat({ max: SPACES.length - 1 }) },
    { weight: 1, arbitrary: fc.integer({ min: SPACES.length, max: GAPS.length - 1 }) }
), { minLength: 1, maxLength: 40 });

/** Writes a map as CJM text, with the gaps between tokens taken in turn from `layout`. */
export function printMap(map: Node, layout: number[]): string {
    const tokens = tokensOf(map);
    let text = '';
    tokens.forEach((token, i) => {
        const previous = tokens[i - 1];
        const choice = layout[i % layout.length];
        let gap = previous?.oneLine && token.oneLine ? ONE_LINE_GAPS[choice % ONE_LINE_GAPS.length] : GAPS[choice];
        // Two words need something between them; `%` belongs right after its number.
        if (gap === '' && !(token.punctuation || previous?.punctuation)) {
            gap = ' ';
        }
        text += (previous ? gap : gap.trimStart()) + token.text;
    });
    return text + GAPS[layout[tokens.length % layout.length]].replace(/^$/, '\n');
}

/** The number of touchpoints in each stage of each journey, as the map declares them. */
export function touchpointCounts(map: Node): number[][] {
    return (map.elements as Node[]).filter(e => e.$type === 'Journey').map(journey =>
        (journey.members as Node[]).filter(m => m.$type === 'Stage').map(stage => (stage.members as Node[]).filter(m => m.$type === 'Touchpoint').length));
}
