/** The values of `cjm.diagnostics.advisorySeverity`. */
export type AdvisorySeverity = 'default' | 'error' | 'warning' | 'information' | 'hint';

/** LSP / VS Code severities share these numbers: VS Code counts from 0, so subtract one there. */
const LSP_SEVERITY: Record<Exclude<AdvisorySeverity, 'default'>, 1 | 2 | 3 | 4> = { error: 1, warning: 2, information: 3, hint: 4 };

/** Reads the setting, falling back to `default` (keep the server's severities). */
export function parseAdvisorySeverity(value: unknown): AdvisorySeverity {
    return value === 'error' || value === 'warning' || value === 'information' || value === 'hint' ? value : 'default';
}

/**
 * The LSP severity an advisory diagnostic (any warning or information from the spec's
 * diagnostic table) is shown with. Errors are never advisory and keep their severity, so a team
 * can silence advice without hiding a broken map.
 */
export function advisorySeverity(serverSeverity: number | undefined, setting: AdvisorySeverity): number | undefined {
    if (setting === 'default' || serverSeverity === undefined || serverSeverity === 1) {
        return serverSeverity;
    }
    return LSP_SEVERITY[setting];
}
