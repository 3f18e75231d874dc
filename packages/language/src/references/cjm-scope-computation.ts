import type { AstNode, AstNodeDescription, LangiumDocument, LocalSymbols } from 'langium';
import { Cancellation, DefaultScopeComputation, MultiMap, interruptAndCheck } from 'langium';
import type { Journey } from '../generated/ast.js';
import { isEmotionsBlock, isJourney, isModel, isStage, isTouchpoint, Stage, Touchpoint } from '../generated/ast.js';

/** The only types that {@link CjmScopeComputation} puts into local (journey) scopes. */
export const LOCALLY_SCOPED_TYPES: readonly string[] = [Stage.$type, Touchpoint.$type];

/**
 * What each name is visible to:
 * - top-level personas, channels, teams, sources and journeys, and every declared emotion,
 *   are exported to the whole workspace;
 * - stages and touchpoints are visible in their whole journey (a scenario names touchpoints of
 *   any stage), never outside it.
 */
export class CjmScopeComputation extends DefaultScopeComputation {

    override async collectExportedSymbols(document: LangiumDocument, cancelToken = Cancellation.CancellationToken.None): Promise<AstNodeDescription[]> {
        const exports: AstNodeDescription[] = [];
        const root = document.parseResult.value;
        if (!isModel(root)) {
            return exports;
        }
        for (const element of root.elements) {
            await interruptAndCheck(cancelToken);
            if (isEmotionsBlock(element)) {
                for (const emotion of element.emotions) {
                    this.addExportedSymbol(emotion, exports, document);
                }
            } else {
                this.addExportedSymbol(element, exports, document);
            }
        }
        return exports;
    }

    override async collectLocalSymbols(document: LangiumDocument, cancelToken = Cancellation.CancellationToken.None): Promise<LocalSymbols> {
        const symbols = new MultiMap<AstNode, AstNodeDescription>();
        const root = document.parseResult.value;
        if (!isModel(root)) {
            return symbols;
        }
        // The grammar puts stages only in journeys and touchpoints only in stages, so walking that
        // path finds the same symbols as visiting every node, at a fraction of the cost.
        for (const journey of root.elements.filter(isJourney)) {
            await interruptAndCheck(cancelToken);
            for (const stage of journey.members.filter(isStage)) {
                this.addJourneySymbol(stage, journey, symbols, document);
                for (const touchpoint of stage.members.filter(isTouchpoint)) {
                    this.addJourneySymbol(touchpoint, journey, symbols, document);
                }
            }
        }
        return symbols;
    }

    private addJourneySymbol(node: Stage | Touchpoint, journey: Journey, symbols: MultiMap<AstNode, AstNodeDescription>, document: LangiumDocument): void {
        const name = this.nameProvider.getName(node);
        if (name) {
            symbols.add(journey, this.descriptions.createDescription(node, name, document));
        }
    }
}
