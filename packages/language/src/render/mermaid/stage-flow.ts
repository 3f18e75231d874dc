import type { RenderJourney } from '../render-model.types.js';
import { escapeFlowchartLabel } from '../escape.js';

/**
 * A Mermaid `flowchart LR`: stages in order as subgraphs holding their touchpoints, stage-order
 * edges between the subgraphs, and each scenario's path as its own dotted, labelled edges.
 * Labels are drawn as SVG text (`htmlLabels: false`), so markup in them shows literally.
 */
export function stageFlow(journey: RenderJourney): string {
    // Mermaid 12.3 reads `htmlLabels` at the top of the configuration (the `flowchart:` one is ignored
    // under its defaults, as on GitHub); both are given, for older and newer readers.
    const lines = ['---', 'config:', '  htmlLabels: false', '  flowchart:', '    htmlLabels: false', '---', 'flowchart LR'];
    for (const stage of journey.stages) {
        lines.push(`    subgraph ${stageNodeId(stage.id)}["${escapeFlowchartLabel(stage.title.trim() || stage.id)}"]`);
        lines.push('        direction TB');
        for (const touchpoint of stage.touchpoints) {
            lines.push(`        ${touchpointNodeId(touchpoint.id)}["${escapeFlowchartLabel(touchpoint.title.trim() || touchpoint.id)}"]`);
        }
        lines.push('    end');
    }
    for (let i = 1; i < journey.stages.length; i++) {
        lines.push(`    ${stageNodeId(journey.stages[i - 1].id)} --> ${stageNodeId(journey.stages[i].id)}`);
    }
    const known = new Set(journey.stages.flatMap(stage => stage.touchpoints.map(t => t.id)));
    for (const scenario of journey.scenarios) {
        const label = escapeFlowchartLabel(scenario.title.trim() || scenario.id);
        const path = scenario.path.filter(step => known.has(step));
        for (let i = 1; i < path.length; i++) {
            lines.push(`    ${touchpointNodeId(path[i - 1])} -.->|"${label}"| ${touchpointNodeId(path[i])}`);
        }
    }
    return lines.join('\n') + '\n';
}

/**
 * Node ids come from CJM ids (letters, digits, `_`, single `-`), never from titles; the prefix keeps
 * ids such as `end`, `style` or `click` from reading as flowchart keywords.
 */
export function stageNodeId(id: string): string {
    return `stage_${safeId(id)}`;
}

/** The flowchart node id of a touchpoint (see stageNodeId). */
export function touchpointNodeId(id: string): string {
    return `tp_${safeId(id)}`;
}

/** A CJM id is already safe; anything else (from a broken parse) is reduced to word characters. */
function safeId(id: string): string {
    return id.replace(/[^\w-]/g, '_').replace(/-(?=-|$)/g, '_');
}
