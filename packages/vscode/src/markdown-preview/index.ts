// Draws the diagrams of the ```cjm fences in VS Code's Markdown preview (`markdown.previewScripts`).
// The extension's markdown-it plugin writes each diagram's Mermaid text into a hidden
// <pre class="cjm-fence-source"> beside its empty canvas; this script draws them with the Mermaid
// the extension ships, configured as the CJM preview's (strict security, SVG text labels), after
// every update of the preview and on a change of colour theme.
import type Mermaid from 'mermaid';
import { addTurnedCurveLabels } from '../webview/curve-labels.js';
import { mermaidConfig, themeFingerprint } from '../webview/mermaid-theme.js';

type MermaidApi = typeof Mermaid;

/** Drawings (or why there is none) by theme and text: the preview rewrites the page on every edit, and most diagrams stay the same. */
const drawings = new Map<string, { svg: string } | { problem: string }>();
const MAX_DRAWINGS = 100;
/** What each canvas shows; a canvas the preview rewrote is empty, or a new element. */
const shown = new WeakMap<Element, string>();

/** The script tag VS Code gave its nonce; Mermaid is loaded beside it with the same nonce. */
const self = document.currentScript as HTMLScriptElement | null;
let mermaid: Promise<MermaidApi> | undefined;
let queue: Promise<void> = Promise.resolve();
let renders = 0;

/** Loads Mermaid (5.5 MB) the first time a fence needs it, not for every Markdown document. */
function loadMermaid(): Promise<MermaidApi> {
    mermaid ??= new Promise((resolve, reject) => {
        const script = document.createElement('script');
        script.nonce = self?.nonce ?? '';
        script.src = new URL('../webview/mermaid.min.js', self?.src ?? document.baseURI).toString();
        script.onload = () => resolve((globalThis as unknown as { mermaid: MermaidApi }).mermaid);
        script.onerror = () => reject(new Error('Mermaid did not load'));
        document.head.append(script);
    });
    return mermaid;
}

async function drawFences(): Promise<void> {
    const sources = Array.from(document.querySelectorAll<HTMLElement>('pre.cjm-fence-source'));
    if (sources.length === 0) {
        return;
    }
    const api = await loadMermaid();
    const theme = themeFingerprint(document.body);
    for (const source of sources) {
        const text = source.textContent ?? '';
        const key = `${theme}\n${text}`;
        const canvasId = source.dataset.canvas ?? '';
        const current = document.getElementById(canvasId);
        if (current && shown.get(current) === key && current.hasChildNodes()) {
            continue;
        }
        const labels = curveLabels(source);
        const config = mermaidConfig(document.body, 'auto', labels);
        let drawing = drawings.get(key);
        if (!drawing) {
            api.initialize(config);
            try {
                drawing = { svg: (await api.render(`${canvasId}-svg-${++renders}`, text)).svg };
            } catch (error) {
                // Mermaid rejects with plain objects as well as Errors.
                drawing = { problem: error instanceof Error ? error.message : String((error as { message?: unknown })?.message ?? error) };
            }
            drawings.set(key, drawing);
            if (drawings.size > MAX_DRAWINGS) {
                drawings.delete(drawings.keys().next().value!);
            }
        }
        // The preview may have replaced the page while Mermaid drew.
        const canvas = document.getElementById(canvasId);
        if (!canvas) {
            continue;
        }
        if ('svg' in drawing) {
            // Mermaid's own SVG, drawn with securityLevel strict from text the language package escaped.
            canvas.innerHTML = drawing.svg;
            const svg = canvas.querySelector('svg');
            if (svg && labels.length > 0 && config.xyChart?.xAxis?.showLabel === false) {
                // Mermaid draws no turned labels (see mermaidConfig): they are drawn here, as the preview does.
                addTurnedCurveLabels(svg, labels);
            }
        } else {
            canvas.textContent = `This diagram could not be drawn: ${drawing.problem}`;
        }
        shown.set(canvas, key);
    }
}

/** The emotion curve's x-axis labels the plugin wrote after its source (none for the other diagrams). */
function curveLabels(source: HTMLElement): string[] {
    const next = source.nextElementSibling;
    if (!next?.classList.contains('cjm-fence-curve-labels')) {
        return [];
    }
    try {
        const labels: unknown = JSON.parse(next.textContent ?? '[]');
        return Array.isArray(labels) ? labels.filter((label): label is string => typeof label === 'string') : [];
    } catch {
        return [];
    }
}

function redraw(): void {
    queue = queue.then(drawFences, drawFences).catch((error: unknown) => console.error('CJM: could not draw the cjm blocks', error));
}

// The preview fires this after each edit. Its first content it appends to <body> when its own
// script has loaded, without the event, and this script (loaded async too) may run before or after
// that: a new child of <body> calls for a drawing as well. A new body class is a new colour theme.
window.addEventListener('vscode.markdown.updateContent', redraw);
new MutationObserver(redraw).observe(document.body, { childList: true, attributes: true, attributeFilter: ['class'] });
redraw();
