import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { RenderJourney, RenderModel } from '../../src/render/render-model.types.js';
import { buildRenderModel } from '../../src/render/render-model.js';
import { emotionCurve } from '../../src/render/mermaid/emotion-curve.js';
import { journeyDiagram, NO_FEELS_NOTE } from '../../src/render/mermaid/journey-diagram.js';
import { stageFlow } from '../../src/render/mermaid/stage-flow.js';
import { placeable, shortenLabel } from '../../src/render/mermaid/portfolio.js';
import { hasPortfolio, journeyPortfolio, portfolioDiagram } from '../../src/render/portfolio.js';
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
    kind: 'journey' | 'emotion' | 'flow' | 'portfolio';
    text: string;
    /** User text (titles) that must appear in the drawing. */
    strings: string[];
}

/** The diagrams of every journey of the maps: three, and the portfolio where a journey has one. */
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
        // A point's label is the opportunity's text, shortened past 40 characters.
        ...(hasPortfolio(journey) ? [{
            label: `${label} portfolio`, kind: 'portfolio' as const, text: portfolioDiagram(journeyPortfolio(journey)),
            strings: placeable(journeyPortfolio(journey)).map(o => shortenLabel(o.text)).filter(text => text.length > 0)
        }] : [])
    ];
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
