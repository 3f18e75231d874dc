import type Mermaid from 'mermaid';
import type { DiagramKind, HostToWebview, PreviewElement, PreviewState, RenderMessage } from '../protocol.js';
import { elementKey, parsePreviewState } from '../protocol.js';
import { reportCspViolations } from './csp-reporter.js';
import { pngDataUrl, svgFileText } from './export.js';
import { host } from './messaging.js';
import { mermaidConfig } from './mermaid-theme.js';
import { elementForTarget, shapesForElement } from './source-sync.js';
import type { ViewTransform } from './zoom-pan.js';
import { attachZoomPan } from './zoom-pan.js';

declare const mermaid: typeof Mermaid;

type MermaidKind = Exclude<DiagramKind, 'grid'>;

const TITLES: Record<DiagramKind, string> = {
    journey: 'Journey',
    emotion: 'Emotion curve',
    flow: 'Stage flow',
    grid: 'Journey grid'
};

/** One drawn diagram: its section in the page and its zoom, kept across re-renders. */
interface DiagramView {
    section: HTMLElement;
    canvas: HTMLElement;
    note: HTMLElement;
    transform: ViewTransform;
    zoom?: ReturnType<typeof attachZoomPan>;
}

/** The preview page: receives render messages from the host and draws them. */
class PreviewPage {
    private readonly root = document.getElementById('cjm-root')!;
    private readonly toolbar = document.createElement('header');
    private readonly fileLabel = document.createElement('span');
    private readonly picker = document.createElement('select');
    private readonly banner = document.createElement('div');
    private readonly empty = document.createElement('p');
    private readonly diagrams = document.createElement('main');
    private readonly views = new Map<DiagramKind, DiagramView>();
    /** The newest message from the host. */
    private latest: RenderMessage | undefined;
    /** The message whose picture is on screen: while the text has errors it is the last good one. */
    private pictured: RenderMessage | undefined;
    private generation = 0;
    private highlightKey: string | undefined;
    private state: PreviewState | undefined = parsePreviewState(host.getState());

    constructor() {
        this.buildChrome();
        window.addEventListener('message', (event: MessageEvent<HostToWebview>) => void this.onMessage(event.data));
        window.addEventListener('scroll', () => this.saveState(), { passive: true });
        // VS Code swaps the body class when the user changes colour theme: redraw in the new colours.
        new MutationObserver(() => this.pictured && void this.draw(this.pictured, true)).observe(document.body, {
            attributes: true,
            attributeFilter: ['class']
        });
        host.postMessage({ type: 'ready' });
    }

    private buildChrome(): void {
        this.toolbar.className = 'cjm-toolbar';
        this.fileLabel.className = 'cjm-file';
        this.picker.className = 'cjm-journey-picker';
        this.picker.title = 'Journey to show';
        this.picker.addEventListener('change', () => {
            host.postMessage({ type: 'selectJourney', journeyId: this.picker.value });
        });
        const markdown = button('Export Markdown', 'Save this journey as Markdown with its Mermaid diagrams', () =>
            host.postMessage({ type: 'export', format: 'markdown' })
        );
        this.toolbar.append(this.fileLabel, this.picker, markdown);
        this.banner.className = 'cjm-banner';
        this.banner.setAttribute('role', 'alert');
        this.banner.hidden = true;
        this.banner.addEventListener('click', () => {
            const error = this.latest?.firstError;
            if (this.latest && error) {
                host.postMessage({ type: 'reveal', uri: this.latest.uri, range: error.range });
            }
        });
        this.empty.className = 'cjm-empty';
        this.empty.hidden = true;
        this.diagrams.className = 'cjm-diagrams';
        this.diagrams.addEventListener('click', (event) => this.onDiagramClick(event));
        this.root.append(this.toolbar, this.banner, this.empty, this.diagrams);
    }

    private async onMessage(message: HostToWebview): Promise<void> {
        switch (message?.type) {
            case 'render':
                this.latest = message;
                this.showChrome(message);
                // Keep the last good picture while the text has errors, as long as it is the same journey.
                if (message.errorCount > 0 && this.pictured?.uri === message.uri && this.pictured.journeyId === message.journeyId) {
                    this.markRendered();
                    return;
                }
                await this.draw(message, false);
                return;
            case 'highlight':
                this.highlightKey = message.elementKey;
                this.applyHighlight();
                return;
            case 'requestExport':
                await this.exportDiagram(message.format, message.diagram ?? this.firstMermaidKind());
                return;
        }
    }

    private showChrome(message: RenderMessage): void {
        this.fileLabel.textContent = message.fileName;
        this.picker.replaceChildren(
            ...message.journeys.map((journey) => {
                const option = document.createElement('option');
                option.value = journey.id;
                option.textContent = journey.title === journey.id ? journey.id : `${journey.title} (${journey.id})`;
                option.selected = journey.id === message.journeyId;
                return option;
            })
        );
        this.picker.hidden = message.journeys.length < 2;
        this.banner.hidden = message.errorCount === 0;
        this.banner.textContent =
            message.errorCount === 0
                ? ''
                : `${message.errorCount} ${message.errorCount === 1 ? 'error' : 'errors'}` +
                  (message.firstError ? ` — line ${message.firstError.range.start.line + 1}: ${message.firstError.message}` : '') +
                  (this.pictured ? ' (showing the last good picture)' : '');
        this.empty.hidden = message.journeys.length > 0;
        this.empty.textContent = 'This file has no journey yet. Type "journey" and pick the snippet to start one.';
    }

    /** Draws every requested diagram of `message`; a newer message cancels an older draw. */
    private async draw(message: RenderMessage, force: boolean): Promise<void> {
        const generation = ++this.generation;
        const restore = this.scrollToRestore(message);
        const touchpoints = message.elements.filter((element) => element.kind === 'touchpoint').length;
        mermaid.initialize(mermaidConfig(document.body, message.theme, touchpoints));
        this.syncSections(message.diagrams);
        for (const kind of message.diagrams) {
            const view = this.views.get(kind)!;
            if (kind === 'grid') {
                // The language package escapes every user string in the grid; the CSP stops any script regardless.
                view.canvas.innerHTML = message.gridHtml ?? '';
                continue;
            }
            const text = message.mermaid[kind];
            if (text === undefined) {
                view.canvas.replaceChildren();
                continue;
            }
            try {
                const { svg } = await mermaid.render(`cjm-${kind}-${generation}`, text);
                if (generation !== this.generation) {
                    return;
                }
                view.canvas.innerHTML = svg;
                naturalSize(view.canvas.querySelector('svg'));
                view.zoom?.redrawn();
                view.note.hidden = true;
            } catch (error) {
                if (generation !== this.generation) {
                    return;
                }
                // Mermaid rejects with plain objects as well as Errors.
                const reason = error instanceof Error ? error.message : String((error as { message?: unknown })?.message ?? error);
                view.note.hidden = false;
                view.note.textContent = `The ${TITLES[kind].toLowerCase()} could not be drawn: ${reason}`;
                host.postMessage({ type: 'renderError', message: `${kind}: ${reason}` });
            }
        }
        if (!force || !this.pictured) {
            this.pictured = message;
        }
        this.applyHighlight();
        if (restore) {
            window.scrollTo(restore.x, restore.y);
        }
        this.saveState();
        this.markRendered();
    }

    /** Where to scroll after drawing: the saved position on the first draw after a reload, else where the user was. */
    private scrollToRestore(message: RenderMessage): { x: number; y: number } | undefined {
        if (!this.pictured && this.state?.uri === message.uri) {
            return { x: this.state.scrollX ?? 0, y: this.state.scrollY ?? 0 };
        }
        return this.pictured ? { x: window.scrollX, y: window.scrollY } : undefined;
    }

    /** Tells observers (the browser test, and nothing else) that a message has been handled. */
    private markRendered(): void {
        document.body.dataset.renderCount = String(Number(document.body.dataset.renderCount ?? '0') + 1);
    }

    private syncSections(kinds: readonly DiagramKind[]): void {
        for (const [kind, view] of this.views) {
            if (!kinds.includes(kind)) {
                view.section.remove();
                this.views.delete(kind);
            }
        }
        for (const kind of kinds) {
            const view = this.views.get(kind) ?? this.createSection(kind);
            this.diagrams.append(view.section);
        }
    }

    private createSection(kind: DiagramKind): DiagramView {
        const section = document.createElement('section');
        section.className = `cjm-diagram cjm-diagram-${kind}`;
        section.dataset.kind = kind;
        const header = document.createElement('header');
        const title = document.createElement('h2');
        title.textContent = TITLES[kind];
        header.append(title);
        const note = document.createElement('p');
        note.className = 'cjm-note';
        note.hidden = true;
        const canvas = document.createElement('div');
        canvas.className = 'cjm-canvas';
        const view: DiagramView = { section, canvas, note, transform: { scale: 1, x: 0, y: 0, fitted: true } };
        if (kind === 'grid') {
            const scroller = document.createElement('div');
            scroller.className = 'cjm-grid-scroller';
            scroller.append(canvas);
            section.append(header, note, scroller);
        } else {
            const viewport = document.createElement('div');
            viewport.className = 'cjm-viewport';
            viewport.append(canvas);
            view.zoom = attachZoomPan(viewport, view.transform);
            header.append(
                button('−', 'Zoom out', () => view.zoom!.zoomOut()),
                button('+', 'Zoom in', () => view.zoom!.zoomIn()),
                button('Fit', 'Fit to the panel width', () => view.zoom!.fit()),
                button('1:1', 'Actual size', () => view.zoom!.reset()),
                button('SVG', `Export the ${TITLES[kind].toLowerCase()} as SVG`, () => void this.exportDiagram('svg', kind)),
                button('PNG', `Export the ${TITLES[kind].toLowerCase()} as PNG`, () => void this.exportDiagram('png', kind))
            );
            section.append(header, note, viewport);
        }
        this.views.set(kind, view);
        return view;
    }

    private firstMermaidKind(): MermaidKind | undefined {
        return this.pictured?.diagrams.find((kind): kind is MermaidKind => kind !== 'grid');
    }

    private async exportDiagram(format: 'svg' | 'png', kind: MermaidKind | undefined): Promise<void> {
        const svg = kind ? this.views.get(kind)?.canvas.querySelector('svg') : undefined;
        if (!kind || !svg) {
            host.postMessage({ type: 'renderError', message: `export: no ${kind ?? ''} diagram is drawn to export` });
            return;
        }
        try {
            const background = getComputedStyle(document.body).backgroundColor || '#ffffff';
            const data = format === 'svg' ? svgFileText(svg) : await pngDataUrl(svg, background);
            host.postMessage({ type: 'export', format, diagram: kind, data });
        } catch (error) {
            host.postMessage({ type: 'renderError', message: `export ${format}: ${error instanceof Error ? error.message : String(error)}` });
        }
    }

    private onDiagramClick(event: MouseEvent): void {
        const target = event.target instanceof Element ? event.target : undefined;
        const section = target?.closest<HTMLElement>('section.cjm-diagram');
        const kind = section?.dataset.kind as DiagramKind | undefined;
        if (!target || !kind || !this.pictured || !target.closest('.cjm-canvas')) {
            return;
        }
        const drawn = elementForTarget(kind, target, this.pictured.elements);
        if (!drawn) {
            return;
        }
        // The picture may be older than the text; the newest ranges point at the right lines.
        const current = this.latest?.elements.find((element) => elementKey(element) === elementKey(drawn)) ?? drawn;
        host.postMessage({ type: 'reveal', uri: this.pictured.uri, range: current.range });
    }

    private applyHighlight(): void {
        document.querySelectorAll('.cjm-highlight').forEach((shape) => shape.classList.remove('cjm-highlight'));
        const elements: readonly PreviewElement[] = this.pictured?.elements ?? [];
        const element = elements.find((candidate) => elementKey(candidate) === this.highlightKey);
        if (!element) {
            return;
        }
        for (const [kind, view] of this.views) {
            shapesForElement(kind, view.canvas, element, elements).forEach((shape) => shape.classList.add('cjm-highlight'));
        }
    }

    private saveState(): void {
        const message = this.latest;
        if (!message) {
            return;
        }
        this.state = { uri: message.uri, journeyId: message.journeyId, scrollX: window.scrollX, scrollY: window.scrollY };
        host.setState(this.state);
    }
}

/**
 * Draws a diagram at its own size: some Mermaid diagrams ignore `useMaxWidth: false` and come as
 * `width="100%"` with a max-width, which shrinks them to the canvas; zoom and pan handle the rest.
 */
function naturalSize(svg: SVGSVGElement | null): void {
    if (svg?.getAttribute('width') === '100%' && svg.style.maxWidth) {
        svg.setAttribute('width', svg.style.maxWidth.replace('px', ''));
        svg.style.removeProperty('max-width');
    }
}

function button(label: string, title: string, onClick: () => void): HTMLButtonElement {
    const element = document.createElement('button');
    element.type = 'button';
    element.textContent = label;
    element.title = title;
    element.setAttribute('aria-label', title);
    element.addEventListener('click', onClick);
    return element;
}

reportCspViolations();
new PreviewPage();
