import type Mermaid from 'mermaid';
import type { MermaidConfig } from 'mermaid';
import morphdom from 'morphdom';
import type { DiagramKind, HostToWebview, LegendEntry, PreviewElement, PreviewState, PreviewView, RenderMessage } from '../protocol.js';
import { DIAGRAM_LABELS, elementKey, parsePreviewState } from '../protocol.js';
import { reportCspViolations } from './csp-reporter.js';
import { pngDataUrl, svgFileText } from './export.js';
import { host } from './messaging.js';
import { addTurnedCurveLabels } from './curve-labels.js';
import { mermaidConfig, themeFingerprint } from './mermaid-theme.js';
import { addEmotionPoints, elementForTarget, FIRST_TASK_ATTRIBUTE, shapesForElement } from './source-sync.js';
import { ViewMenu } from './view-menu.js';
import type { ViewTransform } from './zoom-pan.js';
import { attachZoomPan } from './zoom-pan.js';

declare const mermaid: typeof Mermaid;

type MermaidKind = Exclude<DiagramKind, 'grid'>;

/** One drawn diagram: its section in the page and its zoom, kept across re-renders. */
interface DiagramView {
    section: HTMLElement;
    canvas: HTMLElement;
    note: HTMLElement;
    /** The emotion curve's legend in text, under the drawing. */
    legend?: HTMLElement;
    transform: ViewTransform;
    zoom?: ReturnType<typeof attachZoomPan>;
    /** The configuration and colours the canvas was drawn in, and the Mermaid text of each part it shows: the same part again is not redrawn. */
    drawnWith?: string;
    drawnParts: string[];
}

/** The preview page: receives render messages from the host and draws them. */
class PreviewPage {
    private readonly root = document.getElementById('cjm-root')!;
    private readonly toolbar = document.createElement('header');
    private readonly fileLabel = document.createElement('span');
    private readonly picker = document.createElement('select');
    private readonly viewMenu = new ViewMenu((view) => this.changeView(view));
    private readonly banner = document.createElement('div');
    private readonly empty = document.createElement('p');
    private readonly diagrams = document.createElement('main');
    private readonly views = new Map<DiagramKind, DiagramView>();
    /** The newest message from the host. */
    private latest: RenderMessage | undefined;
    /** The message whose picture is on screen. */
    private pictured: RenderMessage | undefined;
    /** The draw in progress, which an export waits for. */
    private drawing: Promise<void> = Promise.resolve();
    /** Cancels the draw in progress when a newer message arrives. */
    private drawAbort = new AbortController();
    private generation = 0;
    private highlightKey: string | undefined;
    private state: PreviewState | undefined = parsePreviewState(host.getState());

    constructor() {
        this.buildChrome();
        window.addEventListener('message', (event: MessageEvent<HostToWebview>) => void this.onMessage(event.data));
        window.addEventListener('scroll', () => this.saveState(), { passive: true });
        // VS Code swaps the body class and the colour variables when the user changes colour theme: redraw in the new colours.
        const themeChanged = new MutationObserver(() => {
            if (this.pictured) {
                this.drawing = this.draw(this.pictured);
            }
        });
        themeChanged.observe(document.body, { attributes: true, attributeFilter: ['class'] });
        themeChanged.observe(document.documentElement, { attributes: true, attributeFilter: ['style'] });
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
        const pdf = button('Export PDF', 'Save this journey as a PDF: every diagram and the grid', () => host.postMessage({ type: 'export', format: 'pdf' }));
        // The banner is part of the sticky toolbar's row: always in view, and it never moves
        // the diagrams when it comes and goes.
        this.banner.className = 'cjm-banner';
        this.banner.setAttribute('role', 'alert');
        this.banner.hidden = true;
        this.banner.addEventListener('click', () => {
            const error = this.latest?.firstError;
            if (this.latest && error) {
                host.postMessage({ type: 'reveal', uri: this.latest.uri, range: error.range });
            }
        });
        this.toolbar.append(this.fileLabel, this.banner, this.picker, ...this.viewMenu.elements, markdown, pdf);
        this.empty.className = 'cjm-empty';
        this.empty.hidden = true;
        this.diagrams.className = 'cjm-diagrams';
        this.diagrams.addEventListener('click', (event) => this.onDiagramClick(event));
        this.root.append(this.toolbar, this.empty, this.diagrams);
    }

    private async onMessage(message: HostToWebview): Promise<void> {
        switch (message?.type) {
            case 'render':
                this.latest = message;
                this.showChrome(message);
                this.drawing = this.draw(message);
                await this.drawing;
                return;
            case 'highlight':
                this.highlightKey = message.elementKey;
                this.applyHighlight();
                this.scrollHighlightIntoView();
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
        this.banner.textContent = bannerText(message);
        this.banner.title = this.banner.textContent ? `${this.banner.textContent}\nClick to go to the error.` : '';
        this.empty.hidden = message.journeys.length > 0;
        this.empty.textContent = 'This file has no journey yet. Type "journey" and pick the snippet to start one.';
        this.viewMenu.show(message);
    }

    /** The reader changed the view: kept at once (a reload keeps it), drawn when the host answers with it. */
    private changeView(view: PreviewView): void {
        if (this.latest) {
            this.latest = { ...this.latest, view };
            this.saveState();
        }
        host.postMessage({ type: 'setView', view });
    }

    /**
     * Draws the diagrams `message` shows; a newer message cancels an older draw. A diagram drawn
     * from the same Mermaid text in the same colours keeps its picture and its zoom, and the grid is
     * patched in place, so an edit redraws only what it changed.
     */
    private async draw(message: RenderMessage): Promise<void> {
        this.drawAbort.abort();
        const abort = new AbortController();
        this.drawAbort = abort;
        const generation = ++this.generation;
        const restore = this.scrollToRestore(message);
        if (this.pictured?.uri !== message.uri || this.pictured?.journeyId !== message.journeyId) {
            // Another file or journey starts fitted to the panel, as a first picture does.
            this.views.forEach((view) => Object.assign(view.transform, { scale: 1, x: 0, y: 0, fitted: true }));
        }
        this.syncSections(message);
        for (const kind of shownDiagrams(message)) {
            const view = this.views.get(kind)!;
            if (kind === 'grid') {
                patchGrid(view.canvas, message.gridHtml ?? '');
                continue;
            }
            view.legend?.replaceChildren(...message.emotionLegend.map(legendItem));
            await this.drawDiagram(kind, view, message, generation, abort.signal);
            if (abort.signal.aborted) {
                return;
            }
        }
        this.pictured = message;
        this.applyHighlight();
        window.scrollTo(restore.x, restore.y);
        this.saveState();
        this.markRendered();
    }

    /**
     * Renders one diagram's parts into its section: a part drawn already from the same text, in the
     * same configuration and colours, keeps its picture.
     */
    private async drawDiagram(kind: MermaidKind, view: DiagramView, message: RenderMessage, generation: number, signal: AbortSignal): Promise<void> {
        const parts = message.mermaid[kind] ?? [];
        const labels = kind === 'emotion' ? curveLabels(message.elements) : [];
        const config = mermaidConfig(document.body, message.theme, labels);
        const drawnWith = JSON.stringify([config, themeFingerprint(document.body)]);
        const shown = Array.from(view.canvas.querySelectorAll<SVGSVGElement>(':scope > svg'));
        const keep = (index: number) => view.drawnWith === drawnWith && view.drawnParts[index] === parts[index] && shown[index] !== undefined;
        if (parts.length === view.drawnParts.length && parts.every((_, index) => keep(index))) {
            return;
        }
        try {
            const svgs: SVGSVGElement[] = [];
            for (const [index, text] of parts.entries()) {
                if (keep(index)) {
                    svgs.push(shown[index]);
                    continue;
                }
                mermaid.initialize(config);
                const { svg } = await mermaid.render(`cjm-${kind}-${generation}-${index}`, text);
                // A render may finish without giving a message that arrived meanwhile its turn: let it
                // come in (and cancel this draw) before the older picture is put on screen.
                await nextTask();
                if (signal.aborted) {
                    return;
                }
                svgs.push(svgElement(svg));
            }
            view.canvas.replaceChildren(...svgs);
            svgs.filter((_, index) => !keep(index)).forEach((svg) => this.finishPart(kind, svg, message, config, labels));
            if (kind === 'journey') {
                numberJourneyParts(svgs);
            }
            view.zoom?.redrawn();
            view.note.hidden = true;
            view.drawnWith = drawnWith;
            view.drawnParts = [...parts];
        } catch (error) {
            if (signal.aborted) {
                return;
            }
            // Mermaid rejects with plain objects as well as Errors.
            const reason = error instanceof Error ? error.message : String((error as { message?: unknown })?.message ?? error);
            view.canvas.replaceChildren();
            view.drawnWith = undefined;
            view.drawnParts = [];
            view.note.hidden = false;
            view.note.textContent = `The ${DIAGRAM_LABELS[kind].toLowerCase()} could not be drawn: ${reason}`;
            host.postMessage({ type: 'renderError', message: `${kind}: ${reason}` });
        }
    }

    /** What the preview adds to a part Mermaid has just drawn, once it is in the page. */
    private finishPart(kind: MermaidKind, svg: SVGSVGElement, message: RenderMessage, config: MermaidConfig, labels: readonly string[]): void {
        naturalSize(svg);
        if (kind === 'emotion') {
            if (config.xyChart?.xAxis?.showLabel === false) {
                addTurnedCurveLabels(svg, labels);
            }
            addEmotionPoints(svg, message.elements);
        }
    }

    /**
     * Where to scroll after drawing: the saved position on the first draw after a reload; the top
     * for another file; else where the user was, so a redraw of the same file keeps the place.
     */
    private scrollToRestore(message: RenderMessage): { x: number; y: number } {
        if (!this.pictured && this.state?.uri === message.uri) {
            return { x: this.state.scrollX ?? 0, y: this.state.scrollY ?? 0 };
        }
        return this.pictured?.uri === message.uri ? { x: window.scrollX, y: window.scrollY } : { x: 0, y: 0 };
    }

    /** Tells observers (the tests, and nothing else) that a message has been handled. */
    private markRendered(): void {
        document.body.dataset.renderCount = String(Number(document.body.dataset.renderCount ?? '0') + 1);
    }

    /**
     * One section per diagram the settings ask for, in their order; a diagram the reader hid keeps
     * its section (and picture) out of sight, to show again without a redraw.
     */
    private syncSections(message: RenderMessage): void {
        for (const [kind, view] of this.views) {
            if (!message.diagrams.includes(kind)) {
                view.section.remove();
                this.views.delete(kind);
            }
        }
        for (const kind of message.diagrams) {
            const view = this.views.get(kind) ?? this.createSection(kind);
            // A journey without blueprint lines has no blueprint: no empty section for it.
            view.section.hidden = message.view.hiddenDiagrams.includes(kind) || (kind === 'blueprint' && message.mermaid.blueprint === undefined);
            this.diagrams.append(view.section);
        }
    }

    private createSection(kind: DiagramKind): DiagramView {
        const section = document.createElement('section');
        section.className = `cjm-diagram cjm-diagram-${kind}`;
        section.dataset.kind = kind;
        const header = document.createElement('header');
        const title = document.createElement('h2');
        title.textContent = DIAGRAM_LABELS[kind];
        header.append(title);
        const note = document.createElement('p');
        note.className = 'cjm-note';
        note.hidden = true;
        const canvas = document.createElement('div');
        canvas.className = 'cjm-canvas';
        const view: DiagramView = { section, canvas, note, transform: { scale: 1, x: 0, y: 0, fitted: true }, drawnParts: [] };
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
            if (kind === 'emotion') {
                view.legend = document.createElement('ul');
                view.legend.className = 'cjm-legend';
                view.legend.setAttribute('aria-label', 'Lines of the emotion curve');
            }
            header.append(
                button('−', 'Zoom out', () => view.zoom!.zoomOut()),
                button('+', 'Zoom in', () => view.zoom!.zoomIn()),
                button('Fit', 'Fit to the panel width', () => view.zoom!.fit()),
                button('1:1', 'Actual size', () => view.zoom!.reset()),
                button('SVG', `Export the ${DIAGRAM_LABELS[kind].toLowerCase()} as SVG`, () => void this.exportDiagram('svg', kind)),
                button('PNG', `Export the ${DIAGRAM_LABELS[kind].toLowerCase()} as PNG`, () => void this.exportDiagram('png', kind))
            );
            section.append(header, note, viewport, ...(view.legend ? [view.legend] : []));
        }
        this.views.set(kind, view);
        return view;
    }

    private firstMermaidKind(): MermaidKind | undefined {
        return this.pictured && shownDiagrams(this.pictured).find((kind): kind is MermaidKind => kind !== 'grid');
    }

    /** Sends the host the drawn diagram, once any draw in progress has finished; says why when it cannot. */
    private async exportDiagram(format: 'svg' | 'png', kind: MermaidKind | undefined): Promise<void> {
        for (let drawing = this.drawing; ; drawing = this.drawing) {
            await drawing;
            if (drawing === this.drawing) {
                break;
            }
        }
        const view = kind && this.pictured && shownDiagrams(this.pictured).includes(kind) ? this.views.get(kind) : undefined;
        const svgs = Array.from(view?.canvas.querySelectorAll<SVGSVGElement>(':scope > svg') ?? []);
        if (!kind || svgs.length === 0) {
            const what = kind ? `the ${DIAGRAM_LABELS[kind].toLowerCase()}` : 'a diagram';
            host.postMessage({ type: 'exportFailed', message: `${what} is not drawn in the preview (see the note under its title, or the cjm.preview.diagrams setting)` });
            return;
        }
        try {
            const background = getComputedStyle(document.body).backgroundColor || '#ffffff';
            const data = format === 'svg' ? svgFileText(svgs) : await pngDataUrl(svgs, background);
            host.postMessage({ type: 'export', format, diagram: kind, data });
        } catch (error) {
            host.postMessage({ type: 'exportFailed', message: `${format.toUpperCase()} of the ${DIAGRAM_LABELS[kind].toLowerCase()}: ${error instanceof Error ? error.message : String(error)}` });
        }
    }

    private onDiagramClick(event: MouseEvent): void {
        const target = event.target instanceof Element ? event.target : undefined;
        // A subjourney link of the grid opens that journey's map (the dynamic preview follows it).
        const link = target?.closest<HTMLElement>('[data-cjm-subjourney]');
        if (link?.dataset.cjmSubjourney !== undefined) {
            host.postMessage({ type: 'openJourney', journeyId: link.dataset.cjmSubjourney, ...(link.dataset.cjmUri ? { uri: link.dataset.cjmUri } : {}) });
            return;
        }
        const section = target?.closest<HTMLElement>('section.cjm-diagram');
        const kind = section?.dataset.kind as DiagramKind | undefined;
        if (!target || !kind || !this.pictured || !target.closest('.cjm-canvas')) {
            return;
        }
        const element = elementForTarget(kind, target, this.pictured.elements);
        if (element) {
            host.postMessage({ type: 'reveal', uri: this.pictured.uri, range: element.range });
        }
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

    /**
     * Keeps what the editor cursor is in on screen, as Markdown's scroll sync does: when none of
     * its highlighted shapes is in view, scrolls (vertically) to the nearest one.
     */
    private scrollHighlightIntoView(): void {
        const top = this.toolbar.getBoundingClientRect().bottom;
        const bottom = window.innerHeight;
        const boxes = Array.from(document.querySelectorAll('.cjm-highlight'), (shape) => shape.getBoundingClientRect()).filter((box) => box.height > 0 || box.width > 0);
        if (boxes.length === 0 || boxes.some((box) => box.bottom > top && box.top < bottom)) {
            return;
        }
        const middle = (top + bottom) / 2;
        const nearest = boxes.reduce((best, box) => (Math.abs(box.top - middle) < Math.abs(best.top - middle) ? box : best));
        // A third of the way down the free space, like a revealed line in the editor.
        window.scrollTo(window.scrollX, window.scrollY + nearest.top - top - Math.max(0, (bottom - top - nearest.height) / 3));
    }

    private saveState(): void {
        const message = this.latest;
        if (!message) {
            return;
        }
        this.state = { uri: message.uri, journeyId: message.journeyId, scrollX: window.scrollX, scrollY: window.scrollY, locked: message.locked, view: message.view };
        host.setState(this.state);
    }
}

/**
 * The banner's words: how many errors, which to fix first, and whether the picture follows the
 * text. Only syntax errors hold the picture; with other errors it is drawn from the text as it is.
 */
function bannerText(message: RenderMessage): string {
    if (message.errorCount === 0) {
        return '';
    }
    const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
    const others = message.errorCount - message.syntaxErrorCount;
    const counted =
        message.syntaxErrorCount === 0
            ? count(message.errorCount, 'error')
            : count(message.syntaxErrorCount, 'syntax error') + (others > 0 ? ` and ${count(others, 'other error')}` : '');
    const first = message.firstError ? ` — line ${message.firstError.range.start.line + 1}: ${message.firstError.message}` : '';
    const picture =
        message.syntaxErrorCount === 0 ? '' : message.lastGoodPicture ? ' (showing the last picture without syntax errors)' : ' (the picture may be incomplete)';
    return `${counted}${first}${picture}`;
}

/** Resolves after the tasks already queued, such as messages from the host, have run. */
function nextTask(): Promise<void> {
    return new Promise((resolve) => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve();
        channel.port2.postMessage(undefined);
    });
}

/** The diagrams the message asks for that the reader has not hidden. */
function shownDiagrams(message: RenderMessage): DiagramKind[] {
    return message.diagrams.filter((kind) => !message.view.hiddenDiagrams.includes(kind));
}

/** The emotion curve's x-axis labels, as `emotionCurve` writes them. */
function curveLabels(elements: readonly PreviewElement[]): string[] {
    return elements.filter((element) => element.kind === 'touchpoint').map((element) => element.title.trim() || element.id);
}

/**
 * Patches the grid to the new HTML (the language package escapes every user string in it; the CSP
 * stops any script regardless): cells that did not change stay the same nodes, so an edit moves
 * nothing and a scrolled grid keeps its place. The HTML is parsed in an inert template.
 */
function patchGrid(canvas: HTMLElement, html: string): void {
    const template = document.createElement('template');
    template.innerHTML = `<div>${html}</div>`;
    morphdom(canvas, template.content, { childrenOnly: true, onBeforeElUpdated: (from, to) => !from.isEqualNode(to) });
}

/** The SVG element of Mermaid's (sanitised) SVG text. */
function svgElement(svg: string): SVGSVGElement {
    const holder = document.createElement('div');
    holder.innerHTML = svg;
    return holder.querySelector('svg')!;
}

/** Marks each part of a journey drawn in parts with the index of its first task, for source sync. */
function numberJourneyParts(svgs: readonly SVGSVGElement[]): void {
    let first = 0;
    for (const svg of svgs) {
        svg.setAttribute(FIRST_TASK_ATTRIBUTE, String(first));
        first += svg.querySelectorAll('line.task-line').length;
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

/** One line of the legend: a swatch in the line's colour, the colour's name and what the line stands for (as text). */
function legendItem(entry: LegendEntry): HTMLLIElement {
    const item = document.createElement('li');
    const swatch = document.createElement('span');
    swatch.className = 'cjm-swatch';
    swatch.style.background = entry.colour;
    item.append(swatch, ` ${entry.colourName}: ${entry.label}`);
    return item;
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
