import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { RenderJourney, RenderModel } from '../../src/render/render-model.types.js';
import { buildRenderModel } from '../../src/render/render-model.js';
import { emotionCurve } from '../../src/render/mermaid/emotion-curve.js';
import { journeyDiagram, NO_FEELS_NOTE } from '../../src/render/mermaid/journey-diagram.js';
import { BLUEPRINT_LANES, hasBlueprint, LINE_OF_VISIBILITY_TEXT, serviceBlueprint } from '../../src/render/mermaid/service-blueprint.js';
import { stageFlow } from '../../src/render/mermaid/stage-flow.js';
import { FIXTURES, loadFiles } from '../test-workspace.js';

/** The repository's `examples` folder. */
export const EXAMPLES = fileURLToPath(new URL('../../../../examples/', import.meta.url));

/** A map of the corpus: where it comes from, its text and its render model. */
export interface CorpusMap {
    name: string;
    text: string;
    model: RenderModel;
}

/** `.cjm` files of a folder (name → text); empty when the folder does not exist yet. */
export function cjmFiles(folder: string): Record<string, string> {
    let names: string[];
    try {
        names = readdirSync(folder).filter(name => name.endsWith('.cjm')).sort();
    } catch {
        return {};
    }
    return Object.fromEntries(names.map(name => [name, readFileSync(folder + name, 'utf8')]));
}

/** Loads files into one workspace and returns the models of those that hold journeys. */
export async function modelsOf(group: string, files: Record<string, string>): Promise<CorpusMap[]> {
    if (Object.keys(files).length === 0) {
        return [];
    }
    const { documents } = await loadFiles(files);
    return Object.keys(files)
        .map(name => ({ name: `${group}/${name}`, text: files[name], model: buildRenderModel(documents[name]) }))
        .filter(map => map.model.journeys.length > 0);
}

/** The spec's example (both files in one workspace). */
export async function specMaps(): Promise<CorpusMap[]> {
    return modelsOf('spec', cjmFiles(FIXTURES + 'spec/'));
}

/** The examples folder (one workspace), when present. */
export async function exampleMaps(): Promise<CorpusMap[]> {
    return modelsOf('examples', cjmFiles(EXAMPLES));
}

/** Each hostile fixture in a workspace of its own. */
export async function hostileMaps(): Promise<CorpusMap[]> {
    const files = cjmFiles(FIXTURES + 'hostile/');
    const maps = await Promise.all(Object.entries(files).map(([name, text]) => modelsOf('hostile', { [name]: text })));
    return maps.flat();
}

/** One Mermaid diagram of a journey, with the user strings it must draw. */
export interface CorpusDiagram {
    label: string;
    kind: 'journey' | 'emotion' | 'flow' | 'blueprint';
    text: string;
    /** User text (titles) that must appear in the drawing. */
    strings: string[];
}

/** The diagrams of every journey of the maps: three, and the service blueprint where it has one. */
export function diagramsOf(maps: CorpusMap[]): CorpusDiagram[] {
    return maps.flatMap(map => map.model.journeys.flatMap(journey => journeyDiagrams(`${map.name}#${journey.id}`, journey)));
}

function journeyDiagrams(label: string, journey: RenderJourney): CorpusDiagram[] {
    const shown = (title: string, id: string) => title.trim() || id;
    const touchpoints = journey.stages.flatMap(s => s.touchpoints);
    const stages = journey.stages.map(s => shown(s.title, s.id));
    const tasks = touchpoints.map(t => shown(t.title, t.id) + (t.feels ? '' : ` ${NO_FEELS_NOTE}`));
    return [
        // Mermaid draws a journey section only through its tasks: an empty stage (a warning) has no picture there.
        {
            label: `${label} journey`, kind: 'journey', text: journeyDiagram(journey),
            strings: [shown(journey.title, journey.id), ...journey.stages.filter(s => s.touchpoints.length > 0).map(s => shown(s.title, s.id)), ...tasks]
        },
        { label: `${label} emotion`, kind: 'emotion', text: emotionCurve(journey), strings: touchpoints.map(t => shown(t.title, t.id)) },
        {
            label: `${label} flow`, kind: 'flow', text: stageFlow(journey),
            strings: [...stages, ...touchpoints.map(t => shown(t.title, t.id)), ...journey.scenarios.filter(s => s.path.length > 1).map(s => shown(s.title, s.id))]
        },
        ...(hasBlueprint(journey) ? [blueprintDiagram(label, journey)] : [])
    ];
}

/** The service blueprint, with every lane's title and every line of its lanes. */
function blueprintDiagram(label: string, journey: RenderJourney): CorpusDiagram {
    const touchpoints = journey.stages.flatMap(s => s.touchpoints);
    return {
        label: `${label} blueprint`, kind: 'blueprint', text: serviceBlueprint(journey),
        strings: [
            ...Object.values(BLUEPRINT_LANES), ...LINE_OF_VISIBILITY_TEXT,
            ...journey.stages.filter(s => s.touchpoints.length > 0).map(s => s.title.trim() || s.id),
            ...journey.personas.map(p => p.title?.trim() || p.id),
            ...touchpoints.flatMap(t => [
                ...(t.does.length > 0 ? t.does : [t.title.trim() || t.id]), ...t.artifacts, ...t.frontstage, ...t.backstage, ...t.tools,
                ...(t.support.length > 0 ? [`Support: ${t.support.join(', ')}`] : [])
            ])
        ].filter(text => text.trim().length > 0)
    };
}

/**
 * The documented look-alikes of escape.ts, read back as the characters they stand for; the word
 * joiner is invisible and whitespace is layout (Mermaid wraps text into lines), so both go.
 */
export function normaliseDrawn(text: string): string {
    const ascii: Record<string, string> = { '\u2236': ':', '\uFF1B': ';', '\uFF03': '#', '\uFF02': '"', '\uFF1C': '<', '\uFF1E': '>', '\uFF06': '&', '\u201A': ',' };
    return text.replace(/\u2060/g, '').replace(/[\u2236\uFF1B\uFF03\uFF02\uFF1C\uFF1E\uFF06\u201A]/g, c => ascii[c]).replace(/\s+/g, '');
}

/**
 * Source text compared with drawn text: whitespace is layout, and a look-alike the author typed
 * reads as the character it looks like, as the drawn one does.
 */
export function normaliseSource(text: string): string {
    return normaliseDrawn(text);
}

/**
 * A map whose journey has `touchpoints` touchpoints in stages of eight, each with a different mix
 * of blueprint lanes: some skip lanes between two they have, some have two lines in a lane, some
 * have none below their action. The mix that put Mermaid's swimlane layout out of column order
 * before the junctions (a touchpoint with every lane next to one with only support processes) is
 * among them.
 */
export function blueprintMapText(touchpoints: number): string {
    const lines = ['persona sam "Sam"', 'team ops "Operations"', '', 'journey many "Many touchpoints" {', '  persona sam'];
    for (let i = 0; i < touchpoints; i++) {
        if (i % 8 === 0) {
            lines.push(...(i > 0 ? ['  }'] : []), `  stage st${i / 8 + 1} "Stage ${i / 8 + 1}" {`);
        }
        const n = i + 1;
        lines.push(`    touchpoint t${n} "Touchpoint ${n}" {`, `      does "Customer step ${n}"`, '      feels neutral');
        if (i % 3 === 0) {
            lines.push(`      artifact "Receipt ${n}"`);
        }
        if (i % 2 === 0) {
            lines.push(`      frontstage "Agent helps ${n}"`, `      backstage "System records ${n}"`);
        }
        if (i % 6 === 0) {
            lines.push(`      backstage "Audit log ${n}"`);
        }
        if (i % 5 !== 4) {
            lines.push(`      tool "CRM ${n}"`);
        }
        if (i % 7 === 0) {
            lines.push('      support ops');
        }
        lines.push('    }');
    }
    lines.push(...(touchpoints > 0 ? ['  }'] : []), '}', '');
    return lines.join('\n');
}
