import type Mermaid from 'mermaid';
import type { HostToWebview, OverviewMessage, Range } from '../protocol.js';
import { isRange, parseOverviewState } from '../protocol.js';
import { reportCspViolations } from './csp-reporter.js';
import { host } from './messaging.js';
import { mermaidConfig } from './mermaid-theme.js';

declare const mermaid: typeof Mermaid;

/**
 * The workspace overview page: shows the tables the host sends (HTML escaped by the language
 * package, as the preview's grid is), draws the portfolio chart, and turns clicks into messages:
 * a journey's title opens its preview, any other row (or a journey's file) reveals it in its file.
 */
class OverviewPage {
    private readonly root = document.getElementById('cjm-root')!;
    private generation = 0;
    private restoreScroll = parseOverviewState(host.getState())?.scrollY;

    constructor() {
        this.root.className = 'cjm-overview-page';
        window.addEventListener('message', (event: MessageEvent<HostToWebview>) => {
            if (event.data?.type === 'overview') {
                void this.show(event.data);
            }
        });
        window.addEventListener('scroll', () => host.setState({ kind: 'overview', scrollY: window.scrollY }), { passive: true });
        this.root.addEventListener('click', (event) => this.onClick(event));
        this.root.addEventListener('keydown', (event) => {
            if (event.key === 'Enter' && event.target instanceof Element && event.target.getAttribute('role') === 'link') {
                this.onClick(event);
            }
        });
        host.postMessage({ type: 'ready' });
    }

    private async show(message: OverviewMessage): Promise<void> {
        const generation = ++this.generation;
        const scrollY = this.restoreScroll ?? window.scrollY;
        this.restoreScroll = undefined;
        this.root.innerHTML = message.html;
        const canvas = document.getElementById(message.canvasId);
        if (canvas && message.portfolio !== undefined) {
            mermaid.initialize(mermaidConfig(document.body, message.theme, []));
            try {
                const { svg } = await mermaid.render(`cjm-portfolio-${generation}`, message.portfolio);
                if (generation !== this.generation) {
                    return;
                }
                canvas.innerHTML = svg;
            } catch (error) {
                // Mermaid rejects with plain objects as well as Errors.
                const reason = error instanceof Error ? error.message : String((error as { message?: unknown })?.message ?? error);
                canvas.textContent = `The portfolio could not be drawn: ${reason}`;
                host.postMessage({ type: 'renderError', message: `portfolio: ${reason}` });
            }
        }
        window.scrollTo(window.scrollX, scrollY);
        // Tells observers (the tests) that a message has been drawn.
        document.body.dataset.renderCount = String(Number(document.body.dataset.renderCount ?? '0') + 1);
    }

    private onClick(event: Event): void {
        const target = event.target instanceof Element ? event.target : undefined;
        const row = target?.closest<HTMLElement>('tr[data-uri][data-range]');
        if (!target || !row?.dataset.uri) {
            return;
        }
        const journey = row.dataset.cjmJourney;
        if (journey !== undefined && target.closest('.cjm-journey-link')) {
            host.postMessage({ type: 'openJourney', journeyId: journey, uri: row.dataset.uri });
            return;
        }
        const range = parseRange(row.dataset.range);
        if (range) {
            host.postMessage({ type: 'reveal', uri: row.dataset.uri, range });
        }
    }
}

/** `line:char-line:char` (zero-based), as the language package writes `data-range`. */
function parseRange(text: string | undefined): Range | undefined {
    const match = /^(\d+):(\d+)-(\d+):(\d+)$/.exec(text ?? '');
    const range = match && { start: { line: Number(match[1]), character: Number(match[2]) }, end: { line: Number(match[3]), character: Number(match[4]) } };
    return isRange(range) ? range : undefined;
}

reportCspViolations();
new OverviewPage();
