/** One diagram's zoom and pan, kept across re-renders so a live edit does not reset the view. */
export interface ViewTransform {
    scale: number;
    x: number;
    y: number;
    /** Shrunk to the panel's width, and shrunk again after each redraw, until the user zooms or pans. */
    fitted: boolean;
}

const MIN_SCALE = 0.2;
const MAX_SCALE = 8;
/** Pointer travel (px) below which a press counts as a click, not a drag. */
export const CLICK_SLOP = 4;

/**
 * Makes `viewport` zoomable (Ctrl/Cmd + wheel, or the returned zoom function) and pannable (drag)
 * by transforming its first child. Diagrams start fitted to the panel's width (never enlarged),
 * as an image in VS Code's Markdown preview does. Returns controls for the toolbar buttons.
 */
export function attachZoomPan(viewport: HTMLElement, transform: ViewTransform) {
    const canvasOf = () => viewport.firstElementChild as HTMLElement | null;
    const apply = () => {
        const canvas = canvasOf();
        if (canvas) {
            canvas.style.transform = `translate(${transform.x}px, ${transform.y}px) scale(${transform.scale})`;
            // A transform does not change the layout box: below 100 % give back the space the
            // picture no longer covers, so a shrunk diagram leaves no empty band under it.
            const shrink = Math.min(transform.scale, 1) - 1;
            canvas.style.marginRight = `${canvas.offsetWidth * shrink}px`;
            canvas.style.marginBottom = `${canvas.offsetHeight * shrink}px`;
        }
    };
    const fit = () => {
        const canvas = canvasOf();
        const width = canvas?.offsetWidth ?? 0;
        Object.assign(transform, { scale: width > 0 ? Math.max(MIN_SCALE, Math.min(1, viewport.clientWidth / width)) : 1, x: 0, y: 0, fitted: true });
        apply();
    };
    const zoomAt = (factor: number, originX: number, originY: number) => {
        transform.fitted = false;
        const scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, transform.scale * factor));
        // Keep the point under the pointer where it is while the scale changes.
        transform.x = originX - ((originX - transform.x) * scale) / transform.scale;
        transform.y = originY - ((originY - transform.y) * scale) / transform.scale;
        transform.scale = scale;
        apply();
    };
    viewport.addEventListener(
        'wheel',
        (event) => {
            if (!event.ctrlKey && !event.metaKey) {
                return;
            }
            event.preventDefault();
            const box = viewport.getBoundingClientRect();
            zoomAt(event.deltaY < 0 ? 1.1 : 1 / 1.1, event.clientX - box.left, event.clientY - box.top);
        },
        { passive: false }
    );
    let drag: { startX: number; startY: number; x: number; y: number; moved: boolean } | undefined;
    viewport.addEventListener('pointerdown', (event) => {
        if (event.button !== 0) {
            return;
        }
        drag = { startX: event.clientX, startY: event.clientY, x: transform.x, y: transform.y, moved: false };
    });
    viewport.addEventListener('pointermove', (event) => {
        if (!drag) {
            return;
        }
        const dx = event.clientX - drag.startX;
        const dy = event.clientY - drag.startY;
        if (!drag.moved && Math.hypot(dx, dy) < CLICK_SLOP) {
            return;
        }
        if (!drag.moved) {
            drag.moved = true;
            viewport.setPointerCapture(event.pointerId);
            viewport.classList.add('cjm-panning');
        }
        transform.x = drag.x + dx;
        transform.y = drag.y + dy;
        transform.fitted = false;
        apply();
    });
    const endDrag = (event: PointerEvent) => {
        if (drag?.moved) {
            // A drag must not also count as a click on whatever is under the pointer.
            viewport.addEventListener('click', (click) => click.stopPropagation(), { capture: true, once: true });
            viewport.releasePointerCapture(event.pointerId);
        }
        viewport.classList.remove('cjm-panning');
        drag = undefined;
    };
    // A fitted diagram follows the panel when it is resized.
    new ResizeObserver(() => {
        if (transform.fitted) {
            fit();
        }
    }).observe(viewport);
    viewport.addEventListener('pointerup', endDrag);
    viewport.addEventListener('pointercancel', endDrag);
    apply();
    return {
        zoomIn: () => zoomAt(1.25, viewport.clientWidth / 2, viewport.clientHeight / 2),
        zoomOut: () => zoomAt(0.8, viewport.clientWidth / 2, viewport.clientHeight / 2),
        reset: () => {
            Object.assign(transform, { scale: 1, x: 0, y: 0, fitted: false });
            apply();
        },
        fit,
        /** After a redraw: the kept zoom and pan, or a fresh fit to the panel's width. */
        redrawn: () => (transform.fitted ? fit() : apply())
    };
}
