import type { RenderJourney, RenderMetric, RenderOpportunity, RenderPain, RenderScenario, RenderTouchpoint } from '@cjm/language';

/** What changed in one journey between two versions of a map, as a reviewer thinks of it. */
export interface JourneyDiff {
    id: string;
    title: string;
    status: 'added' | 'removed' | 'changed';
    /** The file the journey was in before, when it moved to another file. */
    movedFrom?: string;
    titleChange?: { before: string; after: string };
    personas?: { before: string[]; after: string[] };
    description?: { before?: string; after?: string };
    average?: { before?: number; after?: number };
    averageExpected?: { before?: number; after?: number };
    stages: ElementChange[];
    touchpoints: ElementChange[];
    emotions: EmotionChange[];
    /** One persona's `feels … for` line at a touchpoint that changed, appeared or went (§8.2). */
    personaEmotions: PersonaEmotionChange[];
    expected: EmotionChange[];
    pains: PainChange[];
    opportunities: OpportunityChange[];
    owners: OwnerChange[];
    details: DetailChange[];
    scenarios: ScenarioChange[];
    metrics: MetricChange[];
    /** The journey's text changed in ways none of the above describes (a wording this diff does not list). */
    otherEdits: boolean;
}

/** A stage or touchpoint added, removed, renamed (same id, new title) or moved. */
export interface ElementChange {
    kind: 'added' | 'removed' | 'renamed' | 'moved' | 'reordered';
    id: string;
    title: string;
    oldTitle?: string;
    /** For touchpoints: the stage title before and after (moved) or where it is (added/removed). */
    fromStage?: string;
    toStage?: string;
}

export interface EmotionChange {
    touchpoint: string;
    before?: number;
    after?: number;
}

export interface PersonaEmotionChange extends EmotionChange {
    /** The persona as a reader knows it: its title, else its name. */
    persona: string;
}

/**
 * A pain point that appeared, was resolved (gone from a touchpoint that is still there), went away
 * with its touchpoint or journey, or changed its severity or evidence.
 */
export interface PainChange {
    kind: 'new' | 'resolved' | 'removed-with-touchpoint' | 'removed-with-journey' | 'severity' | 'source';
    touchpoint: string;
    text: string;
    before?: string;
    after?: string;
}

/** An opportunity that appeared or went away, or whose status, owner or outcome changed. */
export interface OpportunityChange {
    kind: 'new' | 'removed' | 'removed-with-touchpoint' | 'removed-with-journey' | 'status' | 'owner' | 'outcome';
    touchpoint: string;
    text: string;
    before?: string;
    after?: string;
}

export interface OwnerChange {
    touchpoint: string;
    before?: string;
    after?: string;
}

/** What else a reviewer reads at a touchpoint (or a stage): teams, channels, personas, the customer's words. */
export interface DetailChange {
    where: string;
    kind: 'support' | 'channels' | 'personas' | 'moment-of-truth' | 'text' | 'expectations';
    /** For `text`: the lane (`does`, `thinks`, …). */
    lane?: string;
    before: string[];
    after: string[];
}

export interface ScenarioChange {
    kind: 'added' | 'removed' | 'path' | 'renamed' | 'personas';
    id: string;
    title: string;
    oldTitle?: string;
    before: string[];
    after: string[];
}

export interface MetricChange {
    where: string;
    title: string;
    kind: 'added' | 'removed' | 'changed';
    before?: RenderMetric;
    after?: RenderMetric;
}

/** Whether a journey diff has anything to report. */
export function hasChanges(diff: JourneyDiff): boolean {
    return diff.status !== 'changed' || diff.movedFrom !== undefined || diff.otherEdits
        || diff.titleChange !== undefined || diff.personas !== undefined || diff.description !== undefined
        || diff.average !== undefined || diff.averageExpected !== undefined
        || [diff.stages, diff.touchpoints, diff.emotions, diff.personaEmotions, diff.expected, diff.pains, diff.opportunities, diff.owners, diff.details, diff.scenarios, diff.metrics]
            .some(list => list.length > 0);
}

/**
 * The diff of one journey. `fingerprints` are the journey's token fingerprints before and after
 * (see fingerprint.ts): when they differ and nothing else is found, the diff says so instead of
 * claiming the journey is unchanged.
 */
export function diffJourney(base: RenderJourney | undefined, head: RenderJourney | undefined, fingerprints?: { before?: string; after?: string }): JourneyDiff {
    const journey = (head ?? base)!;
    const empty: RenderJourney = { ...journey, title: '', description: undefined, personas: [], stages: [], metrics: [], scenarios: [], averageScore: undefined, averageExpected: undefined };
    const b = base ?? empty;
    const h = head ?? empty;
    const both = base !== undefined && head !== undefined;
    const diff: JourneyDiff = {
        id: journey.id,
        title: journey.title,
        status: !base ? 'added' : !head ? 'removed' : 'changed',
        stages: diffStages(b, h),
        touchpoints: diffTouchpoints(b, h),
        emotions: [],
        personaEmotions: [],
        expected: [],
        pains: [],
        opportunities: [],
        owners: [],
        details: both ? diffStageExpectations(b, h) : [],
        scenarios: [],
        metrics: diffMetrics(allMetrics(b), allMetrics(h)),
        otherEdits: false
    };
    if (b.averageScore !== h.averageScore) {
        diff.average = { before: b.averageScore, after: h.averageScore };
    }
    const personasBefore = b.personas.map(p => p.id);
    const personasAfter = h.personas.map(p => p.id);
    if (both) {
        if (b.title !== h.title) {
            diff.titleChange = { before: b.title, after: h.title };
        }
        if (!sameList(personasBefore, personasAfter)) {
            diff.personas = { before: personasBefore, after: personasAfter };
        }
        if (b.description !== h.description) {
            diff.description = { before: b.description, after: h.description };
        }
        if (b.averageExpected !== h.averageExpected) {
            diff.averageExpected = { before: b.averageExpected, after: h.averageExpected };
        }
    }
    // A scenario without personas of its own shows the journey's; a change there is reported once, for the journey.
    diff.scenarios = diffScenarios(b, h, diff.personas === undefined);
    const beforeTouchpoints = touchpointsById(b);
    const afterTouchpoints = touchpointsById(h);
    for (const id of new Set([...afterTouchpoints.keys(), ...beforeTouchpoints.keys()])) {
        const old = beforeTouchpoints.get(id);
        const now = afterTouchpoints.get(id);
        const title = (now ?? old)!.title;
        const gone = !head ? 'removed-with-journey' : !now ? 'removed-with-touchpoint' : undefined;
        if (old?.feels?.score !== now?.feels?.score) {
            diff.emotions.push({ touchpoint: title, before: old?.feels?.score, after: now?.feels?.score });
        }
        diff.pains.push(...diffPains(old?.pains ?? [], now?.pains ?? [], title, gone));
        diff.opportunities.push(...diffOpportunities(old?.opportunities ?? [], now?.opportunities ?? [], title, gone));
        if (old && now) {
            diff.personaEmotions.push(...diffPersonaEmotions(old, now, title, personaNames(b, h)));
            if (old.expected?.score !== now.expected?.score) {
                diff.expected.push({ touchpoint: title, before: old.expected?.score, after: now.expected?.score });
            }
            if (old.owner !== now.owner) {
                diff.owners.push({ touchpoint: title, before: old.owner, after: now.owner });
            }
            // A touchpoint without personas of its own shows the journey's; a change there is reported once, for the journey.
            diff.details.push(...diffDetails(old, now, diff.personas === undefined));
        }
    }
    if (fingerprints && both && fingerprints.before !== fingerprints.after && !hasChanges(diff)) {
        diff.otherEdits = true;
    }
    return diff;
}

/** Each persona's `feels … for` score before and after, by persona. */
function diffPersonaEmotions(old: RenderTouchpoint, now: RenderTouchpoint, touchpoint: string, names: Map<string, string>): PersonaEmotionChange[] {
    const scores = (t: RenderTouchpoint) => new Map((t.personaFeelings ?? []).flatMap(f => f.persona === undefined ? [] : [[f.persona, f.score] as const]));
    const before = scores(old);
    const after = scores(now);
    return [...new Set([...after.keys(), ...before.keys()])]
        .filter(persona => before.get(persona) !== after.get(persona))
        .map(persona => ({ persona: names.get(persona) ?? persona, touchpoint, before: before.get(persona), after: after.get(persona) }));
}

/** Persona names to their titles, as the journey knows them after the change (else before). */
function personaNames(base: RenderJourney, head: RenderJourney): Map<string, string> {
    const personas = [...base.personas, ...(base.emotionPersonas ?? []), ...head.personas, ...(head.emotionPersonas ?? [])];
    return new Map(personas.map(p => [p.id, p.title?.trim() || p.id]));
}

function diffStages(base: RenderJourney, head: RenderJourney): ElementChange[] {
    const changes: ElementChange[] = [];
    const before = new Map(base.stages.map(s => [s.id, s]));
    const after = new Map(head.stages.map(s => [s.id, s]));
    for (const stage of head.stages) {
        const old = before.get(stage.id);
        if (!old) {
            changes.push({ kind: 'added', id: stage.id, title: stage.title });
        } else if (old.title !== stage.title) {
            changes.push({ kind: 'renamed', id: stage.id, title: stage.title, oldTitle: old.title });
        }
    }
    for (const stage of base.stages.filter(s => !after.has(s.id))) {
        changes.push({ kind: 'removed', id: stage.id, title: stage.title });
    }
    const moved = outOfOrder(base.stages.map(s => s.id), head.stages.map(s => s.id));
    for (const id of moved) {
        changes.push({ kind: 'reordered', id, title: after.get(id)!.title });
    }
    return changes;
}

function diffStageExpectations(base: RenderJourney, head: RenderJourney): DetailChange[] {
    const changes: DetailChange[] = [];
    for (const stage of head.stages) {
        const old = base.stages.find(s => s.id === stage.id);
        if (old && !sameList(old.expectations, stage.expectations)) {
            changes.push({ where: `stage ${stage.title}`, kind: 'expectations', before: old.expectations, after: stage.expectations });
        }
    }
    return changes;
}

function diffTouchpoints(base: RenderJourney, head: RenderJourney): ElementChange[] {
    const changes: ElementChange[] = [];
    const stageTitle = (journey: RenderJourney, stageId: string) => journey.stages.find(s => s.id === stageId)?.title ?? stageId;
    const before = touchpointsById(base);
    const after = touchpointsById(head);
    for (const touchpoint of after.values()) {
        const old = before.get(touchpoint.id);
        if (!old) {
            changes.push({ kind: 'added', id: touchpoint.id, title: touchpoint.title, toStage: stageTitle(head, touchpoint.stageId) });
            continue;
        }
        if (old.title !== touchpoint.title) {
            changes.push({ kind: 'renamed', id: touchpoint.id, title: touchpoint.title, oldTitle: old.title });
        }
        if (old.stageId !== touchpoint.stageId) {
            changes.push({ kind: 'moved', id: touchpoint.id, title: touchpoint.title, fromStage: stageTitle(base, old.stageId), toStage: stageTitle(head, touchpoint.stageId) });
        }
    }
    for (const touchpoint of before.values()) {
        if (!after.has(touchpoint.id)) {
            changes.push({ kind: 'removed', id: touchpoint.id, title: touchpoint.title, fromStage: stageTitle(base, touchpoint.stageId) });
        }
    }
    // Reordered within a stage: among touchpoints that stayed in their stage, those off the longest common order.
    for (const stage of head.stages) {
        const stayed = (journey: RenderJourney) => (journey.stages.find(s => s.id === stage.id)?.touchpoints ?? [])
            .filter(t => before.get(t.id)?.stageId === stage.id && after.get(t.id)?.stageId === stage.id).map(t => t.id);
        for (const id of outOfOrder(stayed(base), stayed(head))) {
            changes.push({ kind: 'reordered', id, title: after.get(id)!.title, toStage: stage.title });
        }
    }
    return changes;
}

function diffPains(before: RenderPain[], after: RenderPain[], touchpoint: string, gone: 'removed-with-touchpoint' | 'removed-with-journey' | undefined): PainChange[] {
    const changes: PainChange[] = [];
    for (const now of after) {
        const old = before.find(p => p.text === now.text);
        if (!old) {
            changes.push({ kind: 'new', touchpoint, text: now.text });
            continue;
        }
        if (old.severity !== now.severity) {
            changes.push({ kind: 'severity', touchpoint, text: now.text, before: old.severity, after: now.severity });
        }
        if (old.source !== now.source) {
            changes.push({ kind: 'source', touchpoint, text: now.text, before: old.source, after: now.source });
        }
    }
    for (const old of before.filter(p => !after.some(now => now.text === p.text))) {
        changes.push({ kind: gone ?? 'resolved', touchpoint, text: old.text });
    }
    return changes;
}

function diffOpportunities(before: RenderOpportunity[], after: RenderOpportunity[], touchpoint: string, gone: 'removed-with-touchpoint' | 'removed-with-journey' | undefined): OpportunityChange[] {
    const changes: OpportunityChange[] = [];
    for (const now of after) {
        const old = before.find(o => o.text === now.text);
        if (!old) {
            changes.push({ kind: 'new', touchpoint, text: now.text });
            continue;
        }
        for (const kind of ['status', 'owner', 'outcome'] as const) {
            if (old[kind] !== now[kind]) {
                changes.push({ kind, touchpoint, text: now.text, before: old[kind], after: now[kind] });
            }
        }
    }
    for (const old of before.filter(o => !after.some(now => now.text === o.text))) {
        changes.push({ kind: gone ?? 'removed', touchpoint, text: old.text });
    }
    return changes;
}

/** The touchpoint's text lanes a reviewer reads, in the order of the journey grid. */
const TEXT_LANES = [
    ['does', 'does'], ['thinks', 'thinks'], ['asks', 'asks'], ['wants', 'wants'], ['obstacles', 'obstacle'], ['gaps', 'gap'], ['observed', 'observed'],
    ['artifacts', 'artifact'], ['frontstage', 'frontstage'], ['backstage', 'backstage'], ['tools', 'tool'], ['unknowns', 'unknown']
] as const;

function diffDetails(old: RenderTouchpoint, now: RenderTouchpoint, comparePersonas: boolean): DetailChange[] {
    const where = now.title;
    const changes: DetailChange[] = [];
    if (!sameList(old.channels, now.channels)) {
        changes.push({ where, kind: 'channels', before: old.channels, after: now.channels });
    }
    if (!sameList(old.support, now.support)) {
        changes.push({ where, kind: 'support', before: old.support, after: now.support });
    }
    if (comparePersonas && !sameList(old.personas, now.personas)) {
        changes.push({ where, kind: 'personas', before: old.personas, after: now.personas });
    }
    if (old.momentOfTruth !== now.momentOfTruth) {
        changes.push({ where, kind: 'moment-of-truth', before: old.momentOfTruth ? ['yes'] : [], after: now.momentOfTruth ? ['yes'] : [] });
    }
    for (const [lane, keyword] of TEXT_LANES) {
        if (!sameList(old[lane], now[lane])) {
            changes.push({ where, kind: 'text', lane: keyword, before: old[lane], after: now[lane] });
        }
    }
    return changes;
}

function diffScenarios(base: RenderJourney, head: RenderJourney, comparePersonas: boolean): ScenarioChange[] {
    const changes: ScenarioChange[] = [];
    const titleOf = (journey: RenderJourney) => (id: string) => touchpointsById(journey).get(id)?.title ?? id;
    const pathBefore = (s: RenderScenario) => s.path.map(titleOf(base));
    const pathAfter = (s: RenderScenario) => s.path.map(titleOf(head));
    for (const now of head.scenarios) {
        const old = base.scenarios.find(s => s.id === now.id);
        if (!old) {
            changes.push({ kind: 'added', id: now.id, title: now.title, before: [], after: pathAfter(now) });
            continue;
        }
        if (old.title !== now.title) {
            changes.push({ kind: 'renamed', id: now.id, title: now.title, oldTitle: old.title, before: [], after: [] });
        }
        if (!sameList(old.path, now.path)) {
            changes.push({ kind: 'path', id: now.id, title: now.title, before: pathBefore(old), after: pathAfter(now) });
        }
        if (comparePersonas && !sameList(old.personas, now.personas)) {
            changes.push({ kind: 'personas', id: now.id, title: now.title, before: old.personas, after: now.personas });
        }
    }
    for (const old of base.scenarios.filter(s => !head.scenarios.some(now => now.id === s.id))) {
        changes.push({ kind: 'removed', id: old.id, title: old.title, before: pathBefore(old), after: [] });
    }
    return changes;
}

interface PlacedMetric {
    key: string;
    where: string;
    metric: RenderMetric;
}

function allMetrics(journey: RenderJourney): PlacedMetric[] {
    return [
        ...journey.metrics.map(metric => ({ key: `journey/${metric.id}`, where: 'journey', metric })),
        ...journey.stages.flatMap(stage => [
            ...stage.metrics.map(metric => ({ key: `stage/${stage.id}/${metric.id}`, where: `stage ${stage.title}`, metric })),
            ...stage.touchpoints.flatMap(t => t.metrics.map(metric => ({ key: `touchpoint/${t.id}/${metric.id}`, where: `touchpoint ${t.title}`, metric })))
        ])
    ];
}

function diffMetrics(before: PlacedMetric[], after: PlacedMetric[]): MetricChange[] {
    const old = new Map(before.map(m => [m.key, m]));
    const now = new Map(after.map(m => [m.key, m]));
    const changes: MetricChange[] = [];
    for (const m of after) {
        const o = old.get(m.key);
        if (!o) {
            changes.push({ where: m.where, title: m.metric.title, kind: 'added', after: m.metric });
        } else if (o.metric.value !== m.metric.value || o.metric.target !== m.metric.target || o.metric.unit !== m.metric.unit
            || o.metric.type !== m.metric.type || o.metric.period !== m.metric.period || o.metric.title !== m.metric.title) {
            changes.push({ where: m.where, title: m.metric.title, kind: 'changed', before: o.metric, after: m.metric });
        }
    }
    for (const m of before.filter(m => !now.has(m.key))) {
        changes.push({ where: m.where, title: m.metric.title, kind: 'removed', before: m.metric });
    }
    return changes;
}

function touchpointsById(journey: RenderJourney): Map<string, RenderTouchpoint> {
    return new Map(journey.stages.flatMap(s => s.touchpoints).map(t => [t.id, t]));
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
    return a.length === b.length && a.every((item, i) => item === b[i]);
}

/** Ids present in both orders that are not on a longest common subsequence: the ones that moved. */
function outOfOrder(before: string[], after: string[]): string[] {
    const common = new Set(before.filter(id => after.includes(id)));
    const a = before.filter(id => common.has(id));
    const b = after.filter(id => common.has(id));
    const lengths = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
    for (let i = a.length - 1; i >= 0; i--) {
        for (let j = b.length - 1; j >= 0; j--) {
            lengths[i][j] = a[i] === b[j] ? lengths[i + 1][j + 1] + 1 : Math.max(lengths[i + 1][j], lengths[i][j + 1]);
        }
    }
    const kept = new Set<string>();
    for (let i = 0, j = 0; i < a.length && j < b.length;) {
        if (a[i] === b[j]) {
            kept.add(a[i]);
            i++;
            j++;
        } else if (lengths[i + 1][j] >= lengths[i][j + 1]) {
            i++;
        } else {
            j++;
        }
    }
    return b.filter(id => !kept.has(id));
}
