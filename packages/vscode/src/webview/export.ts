import { OVERLAY_CLASS } from './source-sync.js';

/** A copy of the diagram as Mermaid drew it: without the preview's points and highlights. */
function mermaidDrawing(svg: SVGSVGElement): SVGSVGElement {
    const clone = svg.cloneNode(true) as SVGSVGElement;
    clone.querySelectorAll(`.${OVERLAY_CLASS}`).forEach((node) => node.remove());
    clone.querySelectorAll('.cjm-highlight').forEach((node) => node.classList.remove('cjm-highlight'));
    return clone;
}

/** Serialises a drawn diagram as a standalone SVG file. */
export function svgFileText(svg: SVGSVGElement): string {
    const clone = mermaidDrawing(svg);
    clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
    clone.style.removeProperty('transform');
    return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(clone)}`;
}

/**
 * Rasterises a drawn diagram to a PNG data URL at `pixelRatio` times its size. HTML labels inside
 * `foreignObject` would taint the canvas, so they are dropped and Mermaid's SVG-text fallback
 * (the other branch of each `switch`) is drawn instead.
 */
export async function pngDataUrl(svg: SVGSVGElement, background: string, pixelRatio = 2): Promise<string> {
    const box = svg.viewBox.baseVal;
    const width = Math.ceil(box && box.width > 0 ? box.width : svg.getBoundingClientRect().width);
    const height = Math.ceil(box && box.height > 0 ? box.height : svg.getBoundingClientRect().height);
    const clone = mermaidDrawing(svg);
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
