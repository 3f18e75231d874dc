import type { DiagramKind, PreviewElement } from '../protocol.js';
import { elementKey } from '../protocol.js';

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Marks what the preview adds to Mermaid's drawing; exports leave it out. */
export const OVERLAY_CLASS = 'cjm-overlay';

/**
 * Maps drawn shapes back to the stages and touchpoints they stand for, so a click can reveal the
 * source and the cursor can highlight the drawing. Mermaid gives its shapes no user ids, so:
 * journey tasks are matched by order (one task per touchpoint, in journey order) and sections by
 * the tasks under them, flowchart nodes and clusters by the id Mermaid derives from the node name,
 * service blueprint nodes by the column (touchpoint) or stage number in their name, and the grid
 * and the emotion curve's points by their `data-cjm-key` attributes.
 */
export function elementForTarget(kind: DiagramKind, target: Element, elements: readonly PreviewElement[]): PreviewElement | undefined {
    const byKey = target.closest('[data-cjm-key]')?.getAttribute('data-cjm-key');
    if (byKey) {
        return elements.find((element) => elementKey(element) === byKey);
    }
    if (kind === 'journey') {
        const svg = target.closest('svg');
        const section = target.closest('g')?.querySelector(':scope > rect.journey-section');
        if (svg && section) {
            return stageOfSection(svg, section, elements);
        }
        const index = journeyTaskIndex(target);
        return index === undefined ? undefined : touchpointsOf(elements)[index];
    }
    if (kind === 'blueprint') {
        const node = target.closest('g.node');
        return node ? blueprintElement(node.id, elements) : undefined;
    }
    if (kind === 'flow') {
        const node = target.closest('g.node');
        if (node) {
            return matchMermaidId(node.id, touchpointsOf(elements));
        }
        const cluster = target.closest('g.cluster');
        return cluster ? matchMermaidId(cluster.id, elements.filter((element) => element.kind === 'stage')) : undefined;
    }
    return undefined;
}

/** The shapes that draw `element` in one diagram, to highlight when the cursor is in its source. */
export function shapesForElement(kind: DiagramKind, container: Element, element: PreviewElement, elements: readonly PreviewElement[]): Element[] {
    const keyed = Array.from(container.querySelectorAll('[data-cjm-key]')).filter((shape) => shape.getAttribute('data-cjm-key') === elementKey(element));
    if (keyed.length > 0) {
        return keyed;
    }
    if (kind === 'emotion' && element.kind === 'stage') {
        return Array.from(container.querySelectorAll('[data-cjm-stage]')).filter((point) => point.getAttribute('data-cjm-stage') === element.id);
    }
    if (kind === 'journey') {
        const svg = container.querySelector('svg');
        if (!svg) {
            return [];
        }
        if (element.kind === 'touchpoint') {
            const rect = taskLine(svg, touchpointsOf(elements).indexOf(element))?.parentElement?.querySelector('rect.task');
            return rect ? [rect] : [];
        }
        const sections = Array.from(svg.querySelectorAll('rect.journey-section'));
        return sections.filter((section) => stageOfSection(svg, section, elements) === element);
    }
    if (kind === 'blueprint') {
        return Array.from(container.querySelectorAll('g.node')).filter((node) => blueprintElement(node.id, elements) === element);
    }
    if (kind === 'flow') {
        const selector = element.kind === 'touchpoint' ? 'g.node' : 'g.cluster';
        const pool = elements.filter((candidate) => candidate.kind === element.kind);
        return Array.from(container.querySelectorAll(selector)).filter((shape) => matchMermaidId(shape.id, pool) === element);
    }
    return [];
}

/**
 * Puts a point on each touchpoint of the emotion curve's actual line (Mermaid draws the line as one
 * path, with nothing to click or highlight), keyed like the grid's entries, with the touchpoint's
 * title as its tooltip. The actual line is the last one drawn; its path has one vertex per touchpoint.
 */
export function addEmotionPoints(svg: SVGSVGElement, elements: readonly PreviewElement[]): void {
    const touchpoints = touchpointsOf(elements);
    const lines = svg.querySelectorAll('g.plot > g[class^="line-plot-"] > path');
    const actual = lines[lines.length - 1];
    const vertices = Array.from(actual?.getAttribute('d')?.matchAll(/[ML]\s*(-?[\d.]+)[ ,](-?[\d.]+)/g) ?? [], (match) => [Number(match[1]), Number(match[2])]);
    if (!actual || touchpoints.length === 0 || vertices.length !== touchpoints.length) {
        return;
    }
    const group = document.createElementNS(SVG_NS, 'g');
    group.setAttribute('class', `${OVERLAY_CLASS} cjm-points`);
    touchpoints.forEach((touchpoint, index) => {
        const point = document.createElementNS(SVG_NS, 'circle');
        point.setAttribute('class', 'cjm-point');
        point.setAttribute('cx', String(vertices[index][0]));
        point.setAttribute('cy', String(vertices[index][1]));
        point.setAttribute('r', '5');
        point.setAttribute('fill', actual.getAttribute('stroke') ?? 'currentColor');
        point.setAttribute('data-cjm-key', elementKey(touchpoint));
        point.setAttribute('data-cjm-stage', touchpoint.stageId ?? '');
        const title = document.createElementNS(SVG_NS, 'title');
        title.textContent = touchpoint.title;
        point.append(title);
        group.append(point);
    });
    actual.parentElement!.after(group);
}

/**
 * The element a service blueprint node stands for (`<svg>-flowchart-c0003_front-<n>`: the third
 * touchpoint in journey order; `s0002_stage`: the second stage); none for its personas and the
 * line of visibility.
 */
function blueprintElement(mermaidId: string, elements: readonly PreviewElement[]): PreviewElement | undefined {
    const match = /-flowchart-([cs])(\d+)_/.exec(mermaidId);
    if (!match) {
        return undefined;
    }
    const pool = match[1] === 'c' ? touchpointsOf(elements) : elements.filter((element) => element.kind === 'stage');
    return pool[Number(match[2]) - 1];
}

function touchpointsOf(elements: readonly PreviewElement[]): PreviewElement[] {
    return elements.filter((element) => element.kind === 'touchpoint');
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

function taskLine(svg: Element, index: number): Element | undefined {
    return index < 0 ? undefined : Array.from(svg.querySelectorAll('line.task-line')).find((line) => line.id.endsWith(`-task${index}`));
}

/**
 * The stage a journey section stands for. Mermaid draws a section only over its tasks (an empty
 * stage has none), so the section is the stage of the first touchpoint whose task lies under it.
 */
function stageOfSection(svg: Element, section: Element, elements: readonly PreviewElement[]): PreviewElement | undefined {
    const left = Number(section.getAttribute('x'));
    const right = left + Number(section.getAttribute('width'));
    const touchpoints = touchpointsOf(elements);
    const under = touchpoints.find((_, index) => {
        const x = Number(taskLine(svg, index)?.getAttribute('x1'));
        return x >= left && x <= right;
    });
    return under ? elements.find((element) => element.kind === 'stage' && element.id === under.stageId) : undefined;
}

/** Finds the element whose id ends the Mermaid node or cluster id (`<svg>-flowchart-<name>-<n>`, `<svg>-<name>`). */
function matchMermaidId(mermaidId: string, candidates: readonly PreviewElement[]): PreviewElement | undefined {
    const name = mermaidId.replace(/^.*?-flowchart-/, '').replace(/-\d+$/, '');
    const longestFirst = [...candidates].sort((a, b) => b.id.length - a.id.length);
    return longestFirst.find((element) => name === element.id || name.endsWith(`_${element.id}`) || name.endsWith(`-${element.id}`));
}
