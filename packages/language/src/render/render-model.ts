import type { LangiumDocument } from 'langium';
import type { Model } from '../generated/ast.js';
import type { RenderModel } from './render-model.types.js';

/** Computes the render model of a built document. */
export function buildRenderModel(document: LangiumDocument<Model>): RenderModel {
    return { uri: document.uri.toString(), journeys: [], errorCount: 0 };
}
