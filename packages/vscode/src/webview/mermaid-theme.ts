import type { MermaidConfig } from 'mermaid';
import type { PreviewTheme } from '../protocol.js';

/** The emotion curve's line colours: actual emotion, then expected; readable on light and dark backgrounds. */
const PLOT_PALETTE = '#e4572e, #2e86ab';

/** Which Mermaid theme matches VS Code's current colour theme (read from the body class VS Code sets). */
export function mermaidThemeFor(body: HTMLElement, pinned: PreviewTheme): NonNullable<MermaidConfig['theme']> {
    if (pinned !== 'auto') {
        return pinned;
    }
    if (body.classList.contains('vscode-high-contrast-light')) {
        return 'neutral';
    }
    return body.classList.contains('vscode-dark') || body.classList.contains('vscode-high-contrast') ? 'dark' : 'default';
}

/** Width per emotion-curve category, so touchpoint titles on the x-axis do not overlap. */
const CURVE_PX_PER_TOUCHPOINT = 160;

/** Mermaid's configuration for the preview: strict security, no auto-start, no error boxes in the page. */
export function mermaidConfig(body: HTMLElement, pinned: PreviewTheme, touchpoints: number): MermaidConfig {
    const theme = mermaidThemeFor(body, pinned);
    const style = getComputedStyle(body);
    const fontFamily = style.getPropertyValue('--vscode-font-family').trim() || 'sans-serif';
    return {
        startOnLoad: false,
        securityLevel: 'strict',
        suppressErrorRendering: true,
        theme,
        fontFamily,
        // SVG text rather than HTML labels: user text is then drawn literally, and PNG export
        // works without foreignObject tainting the canvas.
        htmlLabels: false,
        flowchart: { htmlLabels: false },
        journey: { useMaxWidth: false },
        xyChart: { useMaxWidth: false, width: Math.max(700, touchpoints * CURVE_PX_PER_TOUCHPOINT), height: 420 },
        themeVariables: {
            fontFamily,
            xyChart: {
                plotColorPalette: PLOT_PALETTE,
                backgroundColor: 'transparent'
            }
        }
    };
}
