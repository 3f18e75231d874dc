import { FIRST_TASK_ATTRIBUTE, OVERLAY_CLASS } from './source-sync.js';

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * A copy of the diagram as Mermaid drew it, without the preview's points and highlights: one SVG,
 * or for a diagram drawn in parts one SVG holding the parts one under the other, as the preview shows them.
 */
function mermaidDrawing(parts: readonly SVGSVGElement[]): SVGSVGElement {
    const clones = parts.map((svg) => {
        const clone = svg.cloneNode(true) as SVGSVGElement;
        clone.querySelectorAll(`.${OVERLAY_CLASS}`).forEach((node) => node.remove());
        clone.querySelectorAll('.cjm-highlight').forEach((node) => node.classList.remove('cjm-highlight'));
        clone.removeAttribute(FIRST_TASK_ATTRIBUTE);
        return clone;
    });
    if (clones.length === 1) {
        return clones[0];
    }
    const whole = document.createElementNS(SVG_NS, 'svg');
    let height = 0;
    let width = 0;
    clones.forEach((clone, index) => {
        const size = sizeOf(parts[index]);
        clone.setAttribute('x', '0');
        clone.setAttribute('y', String(height));
        clone.setAttribute('width', String(size.width));
        clone.setAttribute('height', String(size.height));
        clone.style.removeProperty('max-width');
        height += size.height;
        width = Math.max(width, size.width);
        whole.append(clone);
    });
    whole.setAttribute('viewBox', `0 0 ${width} ${height}`);
    whole.setAttribute('width', String(width));
    whole.setAttribute('height', String(height));
    return whole;
}

/** A drawn SVG's size: its viewBox, or what it covers on the page. */
function sizeOf(svg: SVGSVGElement): { width: number; height: number } {
    const box = svg.viewBox.baseVal;
    return box && box.width > 0 ? { width: Math.ceil(box.width), height: Math.ceil(box.height) } : { width: Math.ceil(svg.getBoundingClientRect().width), height: Math.ceil(svg.getBoundingClientRect().height) };
}

/** Serialises a drawn diagram (one SVG, or its parts) as a standalone SVG file. */
export function svgFileText(parts: readonly SVGSVGElement[]): string {
    const clone = mermaidDrawing(parts);
    clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
    clone.style.removeProperty('transform');
    return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(clone)}`;
}

/**
 * Rasterises a drawn diagram (one SVG, or its parts) to a PNG data URL at `pixelRatio` times its size. HTML labels inside
 * `foreignObject` would taint the canvas, so they are dropped and Mermaid's SVG-text fallback
 * (the other branch of each `switch`) is drawn instead.
 */
export async function pngDataUrl(parts: readonly SVGSVGElement[], background: string, pixelRatio = 2): Promise<string> {
    const clone = mermaidDrawing(parts);
    const { width, height } = parts.length === 1 ? sizeOf(parts[0]) : { width: Number(clone.getAttribute('width')), height: Number(clone.getAttribute('height')) };
    clone.querySelectorAll('foreignObject').forEach((node) => node.remove());
    clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
    clone.setAttribute('width', String(width));
    clone.setAttribute('height', String(height));
    clone.style.removeProperty('max-width');
    clone.style.removeProperty('transform');
    const source = new XMLSerializer().serializeToString(clone);
    const image = new Image();
    image.src = `data:image/svg+xml;base64,${base64Utf8(source)}`;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = width * pixelRatio;
    canvas.height = height * pixelRatio;
    const context = canvas.getContext('2d');
    if (!context) {
        throw new Error('no 2D canvas available for PNG export');
    }
    context.fillStyle = background;
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.scale(pixelRatio, pixelRatio);
    context.drawImage(image, 0, 0, width, height);
    return canvas.toDataURL('image/png');
}

function base64Utf8(text: string): string {
    const bytes = new TextEncoder().encode(text);
    let binary = '';
    for (let offset = 0; offset < bytes.length; offset += 0x8000) {
        binary += String.fromCharCode(...bytes.subarray(offset, offset + 0x8000));
    }
    return btoa(binary);
}
