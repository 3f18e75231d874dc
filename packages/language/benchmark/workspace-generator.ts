/**
 * Generates benchmark workspaces: one persona library plus journey files, written both as `.cjm`
 * and as equivalent JSON (the alternative a team would otherwise pick: JSON with a JSON Schema).
 * Both texts are produced from one in-memory model, so they hold exactly the same content.
 */

/** One generated file in both notations. */
export interface GeneratedFile {
    name: string;
    cjm: string;
    json: string;
}

/** A generated workspace: the persona library first, then the journey files. */
export interface GeneratedWorkspace {
    touchpoints: number;
    files: GeneratedFile[];
    /** Id of a touchpoint in the middle of the middle journey file, used for completion and hover. */
    probeTouchpoint: { file: string; id: string };
}

interface LibraryModel {
    personas: Array<{ id: string; title: string; role: string; age: number; location: string; goals: string[]; needs: string[]; frustrations: string[]; quote: string; segment: string; validated: string }>;
    channels: Array<{ id: string; title: string }>;
    teams: Array<{ id: string; title: string }>;
    emotions: Array<{ id: string; score: number }>;
}

type Feeling = string[] | number;

interface TouchpointModel {
    id: string;
    title: string;
    channels: string[];
    personas?: string[];
    does: string;
    thinks: string;
    feels?: Feeling;
    expected?: Feeling;
    gap?: string;
    owner: string;
    pains: Array<{ text: string; source: string; severity: string }>;
    opportunities: Array<{ text: string; outcome: string; owner: string; status: string }>;
    support: string[];
    momentOfTruth: boolean;
    metrics: MetricModel[];
}

interface MetricModel {
    id: string;
    title: string;
    type: string;
    value?: number;
    target?: number;
    start?: number;
    end?: number;
    percent: boolean;
}

interface JourneyModel {
    id: string;
    title: string;
    personas: string[];
    description: string;
    stages: Array<{ id: string; title: string; expectations: string[]; touchpoints: TouchpointModel[] }>;
    scenarios: Array<{ id: string; title: string; path: string[] }>;
    metrics: MetricModel[];
}

/** Journeys hold at most this many touchpoints (five stages of ten), as real maps do; bigger files hold several journeys. */
const TOUCHPOINTS_PER_JOURNEY = 50;
const STAGES_PER_JOURNEY = 5;
const PERSONAS = 24;

const STAGE_NAMES = ['awareness', 'consideration', 'purchase', 'onboarding', 'service', 'loyalty', 'renewal', 'advocacy'];
const ACTIONS = ['Taps the ad while scrolling', 'Compares delivery options', 'Reads the returns policy', 'Enters card details', 'Asks a question in the chat', 'Opens the welcome email', 'Searches for the order status', 'Leaves a review after delivery'];
const THOUGHTS = ['Is this cheaper than the supermarket?', 'Will it arrive before Monday?', 'Why do they need my phone number?', 'Can I trust this shop with my card?', 'Where is my parcel right now?'];
const PAINS = ['Delivery cost appears only at the last step', 'The form forgets what I typed after an error', 'No answer in the chat for twenty minutes', 'Tracking link shows nothing for two days', 'Coupon field rejects a valid code'];
const OPPORTUNITIES = ['Show the delivery cost on the product page', 'Keep form input after a validation error', 'Route chats to the next free agent', 'Send a tracking update as soon as the parcel ships'];
const BUILTIN_CHANNELS = ['web', 'app', 'email', 'phone', 'chat', 'social', 'store', 'search'];
const SOURCES = ['interviews', 'survey', 'reviews', 'analytics', 'support-tickets', 'usability-test'];
const EMOTIONS = ['delighted', 'happy', 'interested', 'curious', 'confident', 'neutral', 'hesitant', 'confused', 'anxious', 'frustrated', 'annoyed', 'rushed', 'reassured'];
const SEVERITIES = ['low', 'medium', 'high'];
const STATUSES = ['idea', 'planned', 'in-progress', 'done'];
const TEAM_IDS = ['support', 'marketing', 'product', 'logistics', 'payments', 'design', 'research', 'sales'];

/** Deterministic pseudo-random numbers (mulberry32), so every run measures the same texts. */
function random(seed: number): () => number {
    let state = seed >>> 0;
    return () => {
        state = (state + 0x6d2b79f5) >>> 0;
        let t = state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

/** A workspace of `touchpoints` touchpoints spread evenly over `journeyFiles` journey files, plus a persona library. */
export function generateWorkspace(touchpoints: number, journeyFiles: number, seed = 42): GeneratedWorkspace {
    const next = random(seed);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
    const library = libraryModel();
    const files: GeneratedFile[] = [{ name: 'personas', cjm: libraryCjm(library), json: JSON.stringify(libraryJson(library), null, 2) }];
    let made = 0;
    for (let f = 0; f < journeyFiles; f++) {
        const inFile = Math.floor(touchpoints * (f + 1) / journeyFiles) - Math.floor(touchpoints * f / journeyFiles);
        const journeys: JourneyModel[] = [];
        for (let left = inFile, j = 0; left > 0; j++) {
            const size = Math.min(TOUCHPOINTS_PER_JOURNEY, left);
            journeys.push(journeyModel(`j${f}-${j}`, size, made, pick, next));
            made += size;
            left -= size;
        }
        files.push({ name: `journey-${f}`, cjm: journeys.map(journeyCjm).join('\n'), json: JSON.stringify({ journeys: journeys.map(journeyJson) }, null, 2) });
    }
    const middle = files[1 + Math.floor(journeyFiles / 2)];
    const ids = [...middle.cjm.matchAll(/touchpoint (\S+) /g)].map(m => m[1]);
    return { touchpoints, files, probeTouchpoint: { file: middle.name, id: ids[Math.floor(ids.length / 2)] } };
}

/**
 * A persona library and one file with one journey of `touchpoints` touchpoints over `stages`
 * stages: a map as large as one journey gets, for the preview's benchmark.
 */
export function generateJourneyMap(touchpoints: number, stages: number, seed = 42): GeneratedFile[] {
    const next = random(seed);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
    const library = libraryModel();
    const journey = journeyModel('bench', touchpoints, 0, pick, next, stages);
    return [
        { name: 'personas', cjm: libraryCjm(library), json: JSON.stringify(libraryJson(library), null, 2) },
        { name: 'journey', cjm: journeyCjm(journey), json: JSON.stringify({ journeys: [journeyJson(journey)] }, null, 2) }
    ];
}

function libraryModel(): LibraryModel {
    const cities = ['Leeds, UK', 'Lyon, France', 'Porto, Portugal', 'Graz, Austria', 'Utrecht, Netherlands', 'Cork, Ireland'];
    const roles = ['Parent of two, works full time', 'Student on a budget', 'Small business owner', 'Retired teacher', 'Nurse on night shifts', 'Freelance designer'];
    return {
        personas: Array.from({ length: PERSONAS }, (_, i) => ({
            id: `persona-${i}`,
            title: `${['Maya', 'Jon', 'Ines', 'Karl', 'Noor', 'Theo'][i % 6]}, ${roles[i % roles.length].toLowerCase()}`,
            role: roles[i % roles.length],
            age: 22 + (i * 7) % 50,
            location: cities[i % cities.length],
            goals: ['Buy what she needs in under ten minutes', 'Know exactly when the order arrives'],
            needs: ['Clear delivery dates', 'A price that does not change at checkout'],
            frustrations: ['Hidden delivery costs', 'Creating yet another account'],
            quote: 'I do my shopping on the bus.',
            segment: ['Value seekers', 'Convenience first', 'Loyal regulars'][i % 3],
            validated: `Interviews, wave ${1 + (i % 4)}, 2026`
        })),
        channels: [{ id: 'kiosk', title: 'In-store kiosk' }, { id: 'whatsapp', title: 'WhatsApp' }],
        teams: TEAM_IDS.map(id => ({ id, title: id[0].toUpperCase() + id.slice(1) })),
        emotions: [{ id: 'rushed', score: -1 }, { id: 'reassured', score: 1 }]
    };
}

function journeyModel(id: string, size: number, offset: number, pick: <T>(items: readonly T[]) => T, next: () => number, maxStages = STAGES_PER_JOURNEY): JourneyModel {
    const stageCount = Math.min(maxStages, size);
    const personas = [`persona-${offset % PERSONAS}`, `persona-${(offset + 7) % PERSONAS}`];
    const stages: JourneyModel['stages'] = [];
    let index = 0;
    for (let s = 0; s < stageCount; s++) {
        const count = Math.floor(size * (s + 1) / stageCount) - Math.floor(size * s / stageCount);
        const touchpoints: TouchpointModel[] = [];
        for (let t = 0; t < count; t++, index++) {
            touchpoints.push(touchpointModel(`tp${offset + index}`, offset + index, personas, pick, next));
        }
        stages.push({ id: `${STAGE_NAMES[s % STAGE_NAMES.length]}${s >= STAGE_NAMES.length ? s : ''}`, title: `Stage ${s + 1}: ${STAGE_NAMES[s % STAGE_NAMES.length]}`, expectations: ['Clear information about what we sell'], touchpoints });
    }
    const all = stages.flatMap(s => s.touchpoints.map(t => t.id));
    const scenarios = all.length >= 3
        ? [{ id: 'referral', title: 'Recommended by a friend', path: [all[0], all[Math.floor(all.length / 2)], all[all.length - 1]] }]
        : [];
    return {
        id,
        title: `Journey ${id}: online checkout`,
        personas,
        description: 'How first-time buyers find us and buy school supplies',
        stages,
        scenarios,
        metrics: [
            { id: 'retention', title: 'Quarterly retention', type: 'retention', start: 1000, end: 950, value: 95, target: 96, percent: true },
            { id: 'nps', title: 'Net Promoter Score', type: 'nps', value: Math.round(next() * 80 - 20), target: 50, percent: false }
        ]
    };
}

function touchpointModel(id: string, n: number, journeyPersonas: string[], pick: <T>(items: readonly T[]) => T, next: () => number): TouchpointModel {
    const feels: Feeling | undefined = n % 10 === 9 ? undefined : n % 7 === 3 ? Math.round((next() * 4 - 2) * 2) / 2 : [pick(EMOTIONS), ...(next() < 0.3 ? [pick(EMOTIONS)] : [])];
    const hasPain = n % 3 !== 0;
    return {
        id,
        title: `${pick(ACTIONS)} (${n})`,
        channels: [n % 11 === 0 ? 'kiosk' : pick(BUILTIN_CHANNELS)],
        ...(n % 5 === 0 ? { personas: [journeyPersonas[0]] } : {}),
        does: pick(ACTIONS),
        thinks: pick(THOUGHTS),
        ...(feels !== undefined ? { feels } : {}),
        ...(n % 2 === 0 ? { expected: [pick(['interested', 'confident', 'happy', 'reassured'])] } : {}),
        ...(n % 4 === 0 ? { gap: 'Navigation hides the delivery information' } : {}),
        owner: pick(TEAM_IDS),
        pains: hasPain ? [{ text: pick(PAINS), source: pick(SOURCES), severity: pick(SEVERITIES) }] : [],
        opportunities: n % 4 === 1 ? [{ text: pick(OPPORTUNITIES), outcome: 'Fewer abandoned checkouts', owner: pick(TEAM_IDS), status: pick(STATUSES) }] : [],
        support: n % 3 === 1 ? [pick(TEAM_IDS), pick(TEAM_IDS)] : [],
        momentOfTruth: n % 17 === 0,
        metrics: n % 6 === 0 ? [{ id: `conversion${n}`, title: 'Step conversion', type: 'conversion', value: Math.round(next() * 900) / 10, target: 90, percent: true }] : []
    };
}

// ---------------------------------------------------------------- CJM text

function q(text: string): string {
    return JSON.stringify(text);
}

function libraryCjm(library: LibraryModel): string {
    const lines = ['// The persona library shared by every journey of the workspace.'];
    for (const p of library.personas) {
        lines.push(`persona ${p.id} ${q(p.title)} {`, `  role ${q(p.role)}`, `  age ${p.age}`, `  location ${q(p.location)}`);
        lines.push(...p.goals.map(g => `  goal ${q(g)}`), ...p.needs.map(n => `  need ${q(n)}`), ...p.frustrations.map(f => `  frustration ${q(f)}`));
        lines.push(`  quote ${q(p.quote)}`, `  segment ${q(p.segment)}`, `  validated ${q(p.validated)}`, '}', '');
    }
    lines.push(...library.channels.map(c => `channel ${c.id} ${q(c.title)}`), ...library.teams.map(t => `team ${t.id} ${q(t.title)}`));
    lines.push('', 'emotions {', ...library.emotions.map(e => `  ${e.id} ${e.score}`), '}', '');
    return lines.join('\n');
}

function feelingCjm(feeling: Feeling): string {
    return typeof feeling === 'number' ? String(feeling) : feeling.join(' ');
}

function metricCjm(m: MetricModel, indent: string): string {
    const pct = m.percent ? '%' : '';
    const fields = [`type ${m.type}`];
    for (const key of ['start', 'end'] as const) {
        if (m[key] !== undefined) fields.push(`${key} ${m[key]}`);
    }
    for (const key of ['value', 'target'] as const) {
        if (m[key] !== undefined) fields.push(`${key} ${m[key]}${pct}`);
    }
    return `${indent}metric ${m.id} ${q(m.title)} { ${fields.join(' ')} }`;
}

function journeyCjm(j: JourneyModel): string {
    const lines = [`journey ${j.id} ${q(j.title)} {`, `  persona ${j.personas.join(', ')}`, `  description ${q(j.description)}`];
    for (const stage of j.stages) {
        lines.push('', `  stage ${stage.id} ${q(stage.title)} {`, ...stage.expectations.map(e => `    expectation ${q(e)}`));
        for (const t of stage.touchpoints) {
            lines.push(`    touchpoint ${t.id} ${q(t.title)} {`, ...t.channels.map(c => `      channel ${c}`));
            if (t.personas) lines.push(`      persona ${t.personas.join(', ')}`);
            lines.push(`      does ${q(t.does)}`, `      thinks ${q(t.thinks)}`);
            if (t.feels !== undefined) lines.push(`      feels ${feelingCjm(t.feels)}`);
            if (t.expected !== undefined) lines.push(`      expected ${feelingCjm(t.expected)}`);
            if (t.gap !== undefined) lines.push(`      gap ${q(t.gap)}`);
            lines.push(`      owner ${t.owner}`);
            lines.push(...t.pains.map(p => `      pain ${q(p.text)} source ${p.source} severity ${p.severity}`));
            for (const o of t.opportunities) {
                lines.push(`      opportunity ${q(o.text)} {`, `        outcome ${q(o.outcome)}`, `        owner ${o.owner}`, `        status ${o.status}`, '      }');
            }
            if (t.support.length > 0) lines.push(`      support ${t.support.join(', ')}`);
            if (t.momentOfTruth) lines.push('      moment-of-truth');
            lines.push(...t.metrics.map(m => metricCjm(m, '      ')), '    }');
        }
        lines.push('  }');
    }
    for (const s of j.scenarios) {
        lines.push('', `  scenario ${s.id} ${q(s.title)} {`, `    path ${s.path.join(' -> ')}`, '  }');
    }
    lines.push('', ...j.metrics.map(m => metricCjm(m, '  ')), '}', '');
    return lines.join('\n');
}

// ---------------------------------------------------------------- JSON

function libraryJson(library: LibraryModel): object {
    return library;
}

function metricJson(m: MetricModel): object {
    const { percent, ...rest } = m;
    return { ...rest, unit: percent ? 'percent' : 'number' };
}

function journeyJson(j: JourneyModel): object {
    return {
        ...j,
        stages: j.stages.map(stage => ({
            ...stage,
            // The touchpoint's own `owner` comes before its opportunities' owners, as in the CJM text.
            touchpoints: stage.touchpoints.map(t => ({ ...t, metrics: t.metrics.map(metricJson) }))
        })),
        metrics: j.metrics.map(metricJson)
    };
}
