import type { MermaidConfig } from 'mermaid';
import type { PreviewTheme } from '../protocol.js';

/** True in VS Code's high-contrast themes, dark or light (read from the body class VS Code sets). */
export function isHighContrast(body: HTMLElement): boolean {
    return body.classList.contains('vscode-high-contrast') || body.classList.contains('vscode-high-contrast-light');
}

/**
 * Which Mermaid theme matches VS Code's current colour theme. High contrast gets Mermaid's `base`
 * theme with colours taken from VS Code (see `highContrastThemeVariables`): no Mermaid theme has
 * the contrast those themes promise.
 */
export function mermaidThemeFor(body: HTMLElement, pinned: PreviewTheme): NonNullable<MermaidConfig['theme']> {
    if (pinned !== 'auto') {
        return pinned;
    }
    if (isHighContrast(body)) {
        return 'base';
    }
    return body.classList.contains('vscode-dark') ? 'dark' : 'default';
}

/**
 * Mermaid `themeVariables` from the `--vscode-*` colours of a high-contrast theme, as VS Code's own
 * Mermaid support derives them: the editor's background for every fill, its foreground for text
 * and lines, and the theme's contrast border for every border.
 */
export function highContrastThemeVariables(body: HTMLElement): Record<string, string | boolean> {
    const light = body.classList.contains('vscode-high-contrast-light');
    const background = cssColor(body, '--vscode-editor-background') ?? (light ? '#ffffff' : '#000000');
    const foreground = cssColor(body, '--vscode-editor-foreground', '--vscode-foreground') ?? (light ? '#000000' : '#ffffff');
    const border = cssColor(body, '--vscode-contrastBorder') ?? foreground;
    const fills = Object.fromEntries(Array.from({ length: 8 }, (_, index) => [`fillType${index}`, background]));
    return {
        darkMode: !light,
        background,
        mainBkg: background,
        primaryColor: background,
        secondaryColor: background,
        tertiaryColor: background,
        clusterBkg: background,
        edgeLabelBackground: background,
        faceColor: background,
        ...fills,
        textColor: foreground,
        titleColor: foreground,
        primaryTextColor: foreground,
        secondaryTextColor: foreground,
        tertiaryTextColor: foreground,
        lineColor: foreground,
        primaryBorderColor: border,
        secondaryBorderColor: border,
        tertiaryBorderColor: border,
        nodeBorder: border,
        clusterBorder: border
    };
}

/** The first of the CSS variables that is set, as a hex colour (Mermaid's colour functions need one). */
function cssColor(body: HTMLElement, ...names: string[]): string | undefined {
    for (const name of names) {
        if (!getComputedStyle(body).getPropertyValue(name).trim()) {
            continue;
        }
        const probe = document.createElement('span');
        probe.style.display = 'none';
        probe.style.color = `var(${name})`;
        body.append(probe);
        const computed = getComputedStyle(probe).color;
        probe.remove();
        const rgb = /^rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(computed);
        if (rgb) {
            return `#${rgb.slice(1, 4).map((part) => Number(part).toString(16).padStart(2, '0')).join('')}`;
        }
    }
    return undefined;
}

/** A fingerprint of the colours the diagrams are drawn in: a theme change that alters it needs a redraw. */
export function themeFingerprint(body: HTMLElement): string {
    const style = getComputedStyle(body);
    return [body.className, ...['--vscode-editor-background', '--vscode-editor-foreground', '--vscode-contrastBorder', '--vscode-font-family'].map((name) => style.getPropertyValue(name).trim())].join('|');
}

/** The emotion curve's x-axis label size (Mermaid's default) and the room its labels get. */
export const CURVE_LABEL_FONT_PX = 14;
const CURVE_LABEL_GAP_PX = 24;
/** Widest curve whose labels lie flat; past it they are turned 45°, which needs far less room each. */
const CURVE_FLAT_MAX_WIDTH = 1400;
/** Room per touchpoint for turned labels: at 45° neighbours lie this × sin 45° apart, over a line's height. */
const CURVE_TURNED_PX_PER_TOUCHPOINT = 36;
/** Mermaid's y-axis, its title and the chart's padding, beside the plot. */
const CURVE_AXIS_PX = 120;
const CURVE_PLOT_HEIGHT = 420;

/**
 * The emotion curve's size from its labels as this page draws them, so that no two labels
 * overlap: Mermaid's own flat labels while every label fits its share of a chart up to
 * `CURVE_FLAT_MAX_WIDTH` wide; else labels turned 45°, which the preview draws itself
 * (`addTurnedCurveLabels`) under a chart Mermaid draws without any. Titles are never cut.
 */
export function curveLayout(labels: readonly string[], fontFamily: string): { width: number; height: number; turned: boolean } {
    const context = document.createElement('canvas').getContext('2d');
    if (context) {
        context.font = `${CURVE_LABEL_FONT_PX}px ${fontFamily}`;
    }
    // Without a canvas, a generous guess of the width of a character.
    const widest = Math.max(0, ...labels.map((label) => (context ? context.measureText(label).width : label.length * CURVE_LABEL_FONT_PX)));
    const flat = labels.length * (widest + CURVE_LABEL_GAP_PX);
    if (flat <= CURVE_FLAT_MAX_WIDTH) {
        return { width: Math.max(700, Math.ceil(flat) + CURVE_AXIS_PX), height: CURVE_PLOT_HEIGHT, turned: false };
    }
    return { width: Math.max(700, labels.length * CURVE_TURNED_PX_PER_TOUCHPOINT + CURVE_AXIS_PX), height: CURVE_PLOT_HEIGHT, turned: true };
}

/**
 * Mermaid's configuration for the preview: strict security, no auto-start, no error boxes in the
 * page; `curveLabels` are the emotion curve's x-axis labels, which size the chart.
 */
export function mermaidConfig(body: HTMLElement, pinned: PreviewTheme, curveLabels: readonly string[]): MermaidConfig {
    const theme = mermaidThemeFor(body, pinned);
    const style = getComputedStyle(body);
    const fontFamily = style.getPropertyValue('--vscode-font-family').trim() || 'sans-serif';
    const curve = curveLayout(curveLabels, fontFamily);
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
        // A service blueprint has up to five links per touchpoint; Mermaid's defaults (500 links,
        // 50,000 characters) would refuse a big journey's (the same limits as MERMAID_LIMITS of the HTML page).
        maxEdges: 20_000,
        maxTextSize: 2_000_000,
        // Mermaid 12.3 measures every label again for each label it turns (seconds at 50
        // touchpoints), so turned labels are the preview's own and Mermaid draws none.
        xyChart: { useMaxWidth: false, width: curve.width, height: curve.height, xAxis: { showLabel: !curve.turned, labelFontSize: CURVE_LABEL_FONT_PX } },
        // The emotion curve names its own line colours (EMOTION_CURVE_COLOURS) in its front matter.
        themeVariables: {
            ...(theme === 'base' && pinned === 'auto' ? highContrastThemeVariables(body) : {}),
            fontFamily,
            xyChart: { backgroundColor: 'transparent' }
        }
    };
}
