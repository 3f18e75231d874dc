import type { RenderJourney, RenderMetric, RenderModel, RenderOpportunity, RenderTouchpoint } from '@cjm/language';

/** What changed in one journey between two versions of a map, as a reviewer thinks of it. */
export interface JourneyDiff {
    id: string;
    title: string;
    status: 'added' | 'removed' | 'changed';
    average?: { before?: number; after?: number };
    stages: ElementChange[];
    touchpoints: ElementChange[];
    emotions: EmotionChange[];
    pains: TextChange[];
    opportunities: TextChange[];
    owners: OwnerChange[];
    metrics: MetricChange[];
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

/** A pain point or opportunity that appeared, went away, or (opportunities) changed status. */
export interface TextChange {
    kind: 'new' | 'resolved' | 'removed' | 'status';
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

export interface MetricChange {
    where: string;
    title: string;
    kind: 'added' | 'removed' | 'changed';
    before?: RenderMetric;
    after?: RenderMetric;
}

/** Compares two render models journey by journey; a journey present on one side only is added or removed. */
export function diffModels(base: RenderModel | undefined, head: RenderModel | undefined): JourneyDiff[] {
    const before = new Map((base?.journeys ?? []).map(j => [j.id, j]));
    const after = new Map((head?.journeys ?? []).map(j => [j.id, j]));
    const ids = [...new Set([...after.keys(), ...before.keys()])];
    return ids.map(id => diffJourney(before.get(id), after.get(id))).filter(d => d.status !== 'changed' || hasChanges(d));
}

/** Whether a journey diff has anything to report. */
export function hasChanges(diff: JourneyDiff): boolean {
    return diff.status !== 'changed' || diff.stages.length + diff.touchpoints.length + diff.emotions.length + diff.pains.length
        + diff.opportunities.length + diff.owners.length + diff.metrics.length > 0;
}

function diffJourney(base: RenderJourney | undefined, head: RenderJourney | undefined): JourneyDiff {
    const journey = (head ?? base)!;
    const empty: RenderJourney = { ...journey, stages: [], metrics: [], scenarios: [], averageScore: undefined };
    const b = base ?? empty;
    const h = head ?? empty;
    const diff: JourneyDiff = {
        id: journey.id,
        title: journey.title,
        status: !base ? 'added' : !head ? 'removed' : 'changed',
        stages: diffStages(b, h),
        touchpoints: diffTouchpoints(b, h),
        emotions: [],
        pains: [],
        opportunities: [],
        owners: [],
        metrics: diffMetrics(allMetrics(b), allMetrics(h))
    };
    if (b.averageScore !== h.averageScore) {
        diff.average = { before: b.averageScore, after: h.averageScore };
    }
    const beforeTouchpoints = touchpointsById(b);
    const afterTouchpoints = touchpointsById(h);
    for (const id of new Set([...afterTouchpoints.keys(), ...beforeTouchpoints.keys()])) {
        const old = beforeTouchpoints.get(id);
        const now = afterTouchpoints.get(id);
        const title = (now ?? old)!.title;
        if (old?.feels?.score !== now?.feels?.score) {
            diff.emotions.push({ touchpoint: title, before: old?.feels?.score, after: now?.feels?.score });
        }
        diff.pains.push(...diffTexts(old?.pains.map(p => p.text) ?? [], now?.pains.map(p => p.text) ?? [], title, 'resolved'));
        diff.opportunities.push(...diffOpportunities(old?.opportunities ?? [], now?.opportunities ?? [], title));
        if (old?.owner !== now?.owner && old && now) {
            diff.owners.push({ touchpoint: title, before: old.owner, after: now.owner });
        }
    }
    return diff;
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

function diffTexts(before: string[], after: string[], touchpoint: string, gone: 'resolved' | 'removed'): TextChange[] {
    return [
        ...after.filter(text => !before.includes(text)).map(text => ({ kind: 'new' as const, touchpoint, text })),
        ...before.filter(text => !after.includes(text)).map(text => ({ kind: gone, touchpoint, text }))
    ];
}

function diffOpportunities(before: RenderOpportunity[], after: RenderOpportunity[], touchpoint: string): TextChange[] {
    const changes = diffTexts(before.map(o => o.text), after.map(o => o.text), touchpoint, 'removed');
    for (const now of after) {
        const old = before.find(o => o.text === now.text);
        if (old && old.status !== now.status) {
            changes.push({ kind: 'status', touchpoint, text: now.text, before: old.status, after: now.status });
        }
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
        } else if (o.metric.value !== m.metric.value || o.metric.target !== m.metric.target || o.metric.unit !== m.metric.unit) {
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
