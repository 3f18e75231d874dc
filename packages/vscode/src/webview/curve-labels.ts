import { CURVE_LABEL_FONT_PX } from './mermaid-theme.js';

const SVG_NS = 'http://www.w3.org/2000/svg';
/** Room kept around the turned labels, inside the picture. */
const MARGIN_PX = 8;

/** The points of the emotion curve's actual line (the last one Mermaid draws): one per touchpoint. */
export function actualLine(svg: SVGSVGElement): { path: SVGPathElement; vertices: Array<[number, number]> } | undefined {
    const lines = svg.querySelectorAll<SVGPathElement>('g.plot > g[class^="line-plot-"] > path');
    const path = lines[lines.length - 1];
    if (!path) {
        return undefined;
    }
    const vertices = Array.from(path.getAttribute('d')?.matchAll(/[ML]\s*(-?[\d.]+)[ ,](-?[\d.]+)/g) ?? [], (match): [number, number] => [Number(match[1]), Number(match[2])]);
    return { path, vertices };
}

/**
 * Writes the emotion curve's x-axis labels under the chart, turned 45° and ending at their
 * touchpoint's point on the axis, and grows the picture to hold them. Part of the drawing (an
 * export keeps them); each label is a text node, so a title shows as typed.
 */
export function addTurnedCurveLabels(svg: SVGSVGElement, labels: readonly string[]): void {
    const vertices = actualLine(svg)?.vertices ?? [];
    const axis = svg.querySelector<SVGGraphicsElement>('g.bottom-axis');
    if (vertices.length !== labels.length || !axis) {
        return;
    }
    const axisBox = axis.getBBox();
    const top = axisBox.y + axisBox.height + MARGIN_PX / 2;
    // Mermaid's own axis labels' colour (the y-axis keeps its labels).
    const fill = svg.querySelector('g.left-axis g.label text')?.getAttribute('fill') ?? 'currentColor';
    const group = document.createElementNS(SVG_NS, 'g');
    group.setAttribute('class', 'cjm-curve-labels');
    labels.forEach((label, index) => {
        const text = document.createElementNS(SVG_NS, 'text');
        text.textContent = label;
        text.setAttribute('transform', `translate(${vertices[index][0]} ${top}) rotate(-45)`);
        text.setAttribute('text-anchor', 'end');
        text.setAttribute('dominant-baseline', 'middle');
        text.setAttribute('font-size', String(CURVE_LABEL_FONT_PX));
        text.setAttribute('fill', fill);
        group.append(text);
    });
    svg.append(group);
    const box = group.getBBox();
    const view = svg.viewBox.baseVal;
    const left = Math.min(view.x, box.x - MARGIN_PX);
    // Mermaid draws no padding for labels it does not draw: the last point sits on the right edge.
    const right = Math.max(view.x + view.width, box.x + box.width, vertices[vertices.length - 1][0]) + MARGIN_PX;
    const bottom = Math.max(view.y + view.height, box.y + box.height + MARGIN_PX);
    const width = right - left;
    const height = bottom - view.y;
    svg.setAttribute('viewBox', `${left} ${view.y} ${width} ${height}`);
    svg.setAttribute('width', String(width));
    svg.setAttribute('height', String(height));
}
