import type { DiagramKind, PreviewElement } from '../protocol.js';
import { elementKey } from '../protocol.js';

/**
 * Maps drawn shapes back to the stages and touchpoints they stand for, so a click can reveal the
 * source and the cursor can highlight the drawing. Mermaid gives its shapes no user ids, so:
 * journey tasks are matched by order (one task per touchpoint, in journey order), flowchart
 * nodes and clusters by the id Mermaid derives from the node name, and the grid by its
 * `data-cjm-key` attributes.
 */
export function elementForTarget(kind: DiagramKind, target: Element, elements: readonly PreviewElement[]): PreviewElement | undefined {
    const byKey = target.closest('[data-cjm-key]')?.getAttribute('data-cjm-key');
    if (byKey) {
        return elements.find((element) => elementKey(element) === byKey);
    }
    if (kind === 'journey') {
        const index = journeyTaskIndex(target);
        const touchpoints = elements.filter((element) => element.kind === 'touchpoint');
        return index === undefined ? undefined : touchpoints[index];
    }
    if (kind === 'flow') {
        const node = target.closest('g.node');
        if (node) {
            return matchMermaidId(node.id, elements.filter((element) => element.kind === 'touchpoint'));
        }
        const cluster = target.closest('g.cluster');
        return cluster ? matchMermaidId(cluster.id, elements.filter((element) => element.kind === 'stage')) : undefined;
    }
    return undefined;
}

/** The index of the journey task drawn by the group holding `target` (Mermaid ids the task line `…-taskN`). */
function journeyTaskIndex(target: Element): number | undefined {
    for (let group = target.closest('g'); group; group = group.parentElement?.closest('g') ?? null) {
        const line = Array.from(group.children).find((child) => child.classList.contains('task-line'));
        const match = line ? /-task(\d+)$/.exec(line.id) : null;
        if (match) {
            return Number(match[1]);
        }
    }
    return undefined;
}

/** Finds the element whose id ends the Mermaid node or cluster id (`<svg>-flowchart-<name>-<n>`, `<svg>-<name>`). */
function matchMermaidId(mermaidId: string, candidates: readonly PreviewElement[]): PreviewElement | undefined {
    const name = mermaidId.replace(/^.*?-flowchart-/, '').replace(/-\d+$/, '');
    const longestFirst = [...candidates].sort((a, b) => b.id.length - a.id.length);
    return longestFirst.find((element) => name === element.id || name.endsWith(`_${element.id}`) || name.endsWith(`-${element.id}`));
}

/** The shapes that draw `element` in one diagram, to highlight when the cursor is in its source. */
export function shapesForElement(kind: DiagramKind, container: Element, element: PreviewElement, elements: readonly PreviewElement[]): Element[] {
    const keyed = Array.from(container.querySelectorAll('[data-cjm-key]')).filter((shape) => shape.getAttribute('data-cjm-key') === elementKey(element));
    if (keyed.length > 0) {
        return keyed;
    }
    if (kind === 'journey' && element.kind === 'touchpoint') {
        const index = elements.filter((candidate) => candidate.kind === 'touchpoint').indexOf(element);
        const line = Array.from(container.querySelectorAll('line.task-line')).find((candidate) => candidate.id.endsWith(`-task${index}`));
        const rect = line?.parentElement?.querySelector('rect.task');
        return rect ? [rect] : [];
    }
    if (kind === 'flow') {
        const selector = element.kind === 'touchpoint' ? 'g.node' : 'g.cluster';
        const pool = elements.filter((candidate) => candidate.kind === element.kind);
        return Array.from(container.querySelectorAll(selector)).filter((shape) => matchMermaidId(shape.id, pool) === element);
    }
    return [];
}
