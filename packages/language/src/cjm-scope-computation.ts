import type { AstNode, AstNodeDescription, LangiumDocument, LocalSymbols } from 'langium';
import { AstUtils, Cancellation, DefaultScopeComputation, MultiMap, interruptAndCheck } from 'langium';
import { isEmotionsBlock, isJourney, isModel, isStage, isTouchpoint } from './generated/ast.js';

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
        for (const node of AstUtils.streamAllContents(document.parseResult.value)) {
            await interruptAndCheck(cancelToken);
            if (isStage(node) || isTouchpoint(node)) {
                const journey = AstUtils.getContainerOfType(node, isJourney);
                const name = this.nameProvider.getName(node);
                if (journey && name) {
                    symbols.add(journey, this.descriptions.createDescription(node, name, document));
                }
            }
        }
        return symbols;
    }
}
