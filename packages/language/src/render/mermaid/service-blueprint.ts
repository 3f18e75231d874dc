import type { RenderJourney, RenderTouchpoint } from '../render-model.types.js';
import { escapeBlueprintLabel } from '../escape.js';

/** The lanes of the service blueprint, top to bottom (§8.1), with the stage header row above them. */
export const BLUEPRINT_LANES = {
    stage: 'Stage',
    evidence: 'Physical evidence',
    actions: 'Customer actions',
    frontstage: 'Frontstage',
    visibility: 'Line of visibility',
    backstage: 'Backstage',
    support: 'Support processes'
} as const;

/** The text of the line of visibility's band: what lies above it and what below. */
export const LINE_OF_VISIBILITY_TEXT = ['▲ seen by the customer', '▼ not seen by the customer'];

/** Whether a journey has a service blueprint to draw: any `frontstage`, `backstage` or `artifact` line. */
export function hasBlueprint(journey: RenderJourney): boolean {
    return journey.stages.some(stage => stage.touchpoints.some(t => t.frontstage.length > 0 || t.backstage.length > 0 || t.artifacts.length > 0));
}

/** The lanes below the customer's actions, top to bottom, each touchpoint's nodes linked down through them. */
const LOWER_LANES = [
    { key: 'front', lane: 'frontstage', lines: (t: RenderTouchpoint) => t.frontstage },
    { key: 'back', lane: 'backstage', lines: (t: RenderTouchpoint) => t.backstage },
    { key: 'support', lane: 'support', lines: supportLines }
] as const;

/**
 * The service blueprint as a Mermaid `swimlane-beta LR` (checked in Chromium: docs/blueprint.md):
 * one lane per blueprint lane, a column per touchpoint in journey order, the customer's actions
 * linked in that order and each touchpoint's nodes linked down through its lanes, the stages as a
 * header row over their first touchpoint, and the line of visibility as a labelled, dashed band
 * between Frontstage and Backstage.
 *
 * How Mermaid 12.3's swimlane layout is steered into columns: a node at the end of an edge from
 * another lane takes the column of the edge's start, so every node hangs from its touchpoint's
 * action (the physical evidence by an undirected link, since it lies above). Within a lane, nodes
 * are placed in the order the layout reaches them: by the length of the path from the first node,
 * then by id. So the ids carry the column, zero-padded, and a touchpoint that skips a lane between
 * two it has passes through a small junction there, which keeps every node of a lane at the same
 * depth. Column 0 holds the journey's personas (where the customer's actions start) and the line
 * of visibility's label, so no link crosses the label.
 */
export function serviceBlueprint(journey: RenderJourney): string {
    const touchpoints = journey.stages.flatMap(stage => stage.touchpoints);
    const width = Math.max(4, String(touchpoints.length).length);
    const column = (index: number) => `c${String(index + 1).padStart(width, '0')}`;
    const lanes: Record<keyof typeof BLUEPRINT_LANES, string[]> = { stage: [], evidence: [], actions: [], frontstage: [], visibility: [], backstage: [], support: [] };
    const links: string[] = [];
    const junctions: string[] = [];

    const personas = journey.personas.map(p => p.title?.trim() || p.id);
    lanes.actions.push(`start(["${escapeBlueprintLabel(personas.length > 0 ? personas : ['Customer'])}"])`);
    lanes.visibility.push(`visibility["${escapeBlueprintLabel(LINE_OF_VISIBILITY_TEXT)}"]`);
    touchpoints.forEach((touchpoint, index) => {
        const at = column(index);
        const action = `${at}_action`;
        lanes.actions.push(`${action}["${escapeBlueprintLabel(touchpoint.does.length > 0 ? touchpoint.does : [touchpoint.title.trim() || touchpoint.id])}"]`);
        links.push(`${index === 0 ? 'start' : `${column(index - 1)}_action`} --> ${action}`);
        if (touchpoint.artifacts.length > 0) {
            lanes.evidence.push(`${at}_evidence["${escapeBlueprintLabel(touchpoint.artifacts)}"]`);
            links.push(`${action} --- ${at}_evidence`);
        }
        let above = action;
        const deepest = LOWER_LANES.findLastIndex(lane => lane.lines(touchpoint).length > 0);
        LOWER_LANES.forEach((lane, depth) => {
            if (depth > deepest) {
                return;
            }
            const lines = lane.lines(touchpoint);
            const id = `${at}_${lane.key}`;
            if (lines.length > 0) {
                lanes[lane.lane].push(`${id}["${escapeBlueprintLabel(lines)}"]`);
                links.push(`${above} --> ${id}`);
            } else {
                lanes[lane.lane].push(`${id}@{ shape: f-circ }`);
                junctions.push(id);
                links.push(`${above} --- ${id}`);
            }
            above = id;
        });
    });
    let first = 0;
    journey.stages.forEach((stage, index) => {
        if (stage.touchpoints.length === 0) {
            // An empty stage has no column to stand over (as in the journey diagram).
            return;
        }
        const id = `s${String(index + 1).padStart(width, '0')}_stage`;
        lanes.stage.push(`${id}["${escapeBlueprintLabel([stage.title.trim() || stage.id])}"]`);
        // From the topmost node of the stage's first column, so the link runs straight up.
        links.push(`${column(first)}_${touchpoints[first].artifacts.length > 0 ? 'evidence' : 'action'} ~~~ ${id}`);
        first += stage.touchpoints.length;
    });
    links.push('start ~~~ visibility');

    const lines = ['---', 'config:', '  htmlLabels: false', '  flowchart:', '    htmlLabels: false', '---', 'swimlane-beta LR'];
    for (const [key, title] of Object.entries(BLUEPRINT_LANES) as Array<[keyof typeof BLUEPRINT_LANES, string]>) {
        lines.push(`    subgraph lane_${key}["${escapeBlueprintLabel([title])}"]`, ...lanes[key].map(node => `        ${node}`), '    end');
    }
    lines.push(...links.map(link => `    ${link}`));
    lines.push(
        '    style lane_visibility fill:none,stroke-dasharray:8 4,stroke-width:2px',
        '    classDef visibilityLabel fill:none,stroke:none',
        '    class visibility visibilityLabel'
    );
    if (junctions.length > 0) {
        lines.push('    classDef junction fill:#888,stroke:#888', `    class ${junctions.join(',')} junction`);
    }
    return lines.join('\n') + '\n';
}

/** The support processes lane: the tools, then the supporting teams. */
function supportLines(touchpoint: RenderTouchpoint): string[] {
    return [...touchpoint.tools, ...(touchpoint.support.length > 0 ? [`Support: ${touchpoint.support.join(', ')}`] : [])];
}
