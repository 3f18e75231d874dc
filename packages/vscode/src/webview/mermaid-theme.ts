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

/** Width per emotion-curve category, so touchpoint titles on the x-axis do not overlap. */
const CURVE_PX_PER_TOUCHPOINT = 160;
/** Room per character of the longest touchpoint title on the curve's x-axis (its labels do not wrap). */
const CURVE_PX_PER_TITLE_CHARACTER = 8;

/**
 * Mermaid's configuration for the preview: strict security, no auto-start, no error boxes in the
 * page. `longestTitle` is the length of the longest touchpoint title, which the emotion curve's
 * categories must make room for.
 */
export function mermaidConfig(body: HTMLElement, pinned: PreviewTheme, touchpoints: number, longestTitle = 0): MermaidConfig {
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
        // A service blueprint has up to five links per touchpoint; Mermaid's defaults (500 links,
        // 50,000 characters) would refuse a big journey's (the same limits as MERMAID_LIMITS of the HTML page).
        maxEdges: 20_000,
        maxTextSize: 2_000_000,
        xyChart: { useMaxWidth: false, width: Math.max(700, touchpoints * Math.max(CURVE_PX_PER_TOUCHPOINT, longestTitle * CURVE_PX_PER_TITLE_CHARACTER)), height: 420 },
        // The emotion curve names its own line colours (EMOTION_CURVE_COLOURS) in its front matter.
        themeVariables: {
            ...(theme === 'base' && pinned === 'auto' ? highContrastThemeVariables(body) : {}),
            fontFamily,
            xyChart: { backgroundColor: 'transparent' }
        }
    };
}
