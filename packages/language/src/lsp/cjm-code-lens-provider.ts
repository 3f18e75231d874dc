import type { LangiumDocument, MaybePromise } from 'langium';
import type { CodeLensProvider } from 'langium/lsp';
import type { CodeLens } from 'vscode-languageserver';
import type { CjmServices } from '../cjm-module.js';
import type { Model } from '../generated/ast.js';
import { today } from '../model/dates.js';
import { formatScore } from '../model/emotion-score.js';
import type { OverviewJourney } from '../workspace-overview/overview-model.types.js';
import type { Unplaced } from '../workspace-overview/document-summary.js';
import type { WorkspaceOverviewCache } from '../workspace-overview/workspace-overview.js';

/**
 * A code lens above each `journey` line summing the journey's row of the workspace overview:
 * touchpoints, mean actual vs expected emotion, pains (unowned), opportunities, evidence coverage.
 * It comes from the overview's summary of the document, which is kept until the document changes.
 * The lens runs no command (an empty one), so every LSP client can show it.
 */
export class CjmCodeLensProvider implements CodeLensProvider {
    protected readonly overview: WorkspaceOverviewCache;

    constructor(services: CjmServices) {
        this.overview = services.overview.WorkspaceOverview;
    }

    provideCodeLens(document: LangiumDocument): MaybePromise<CodeLens[] | undefined> {
        const summary = this.overview.summaryOf(document as LangiumDocument<Model>, today());
        return summary.journeys.map(({ row }) => {
            const at = { line: row.range.start.line, character: row.range.start.character };
            return { range: { start: at, end: at }, command: { title: journeyLensTitle(row), command: '' } };
        });
    }
}

/** `12 touchpoints · emotion −0.4 vs expected +1.2 · 7 pains (2 unowned) · 5 opportunities · evidence 86%`. */
export function journeyLensTitle(row: Unplaced<OverviewJourney>): string {
    const score = (value: number | undefined) => value === undefined ? '—' : formatScore(value).replace('-', '−');
    return [
        `${row.touchpoints} touchpoint${row.touchpoints === 1 ? '' : 's'}`,
        `emotion ${score(row.meanActual)} vs expected ${score(row.meanExpected)}`,
        `${row.painCount} pain${row.painCount === 1 ? '' : 's'} (${row.unownedPains} unowned)`,
        `${row.opportunityCount} opportunit${row.opportunityCount === 1 ? 'y' : 'ies'}`,
        `evidence ${row.evidenceCoverage === undefined ? '—' : `${Math.round(row.evidenceCoverage)}%`}`
    ].join(' · ');
}
