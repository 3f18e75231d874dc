import type { MarkdownIt } from 'markdown-it';
import type { FenceState } from './fence-html.js';
import { fenceHtml } from './fence-html.js';

/** What the plugin asks for each fence (FenceModels, which asks the language server). */
export interface FenceStates {
    stateOf(text: string): FenceState;
}

/** A fence whose info string starts with this word is a CJM map. */
const FENCE_LANGUAGE = 'cjm';

/**
 * The markdown-it plugin VS Code's Markdown preview loads (`markdown.markdownItPlugins`): a
 * ```cjm fence is drawn as its map, linked against the workspace; every other fence is left to
 * the rule that was there.
 */
export function cjmFencePlugin(md: MarkdownIt, models: FenceStates): void {
    const previous = md.renderer.rules.fence!;
    md.renderer.rules.fence = (tokens, index, options, env, self) => {
        const token = tokens[index];
        if (token.info.trim().split(/\s+/)[0] !== FENCE_LANGUAGE) {
            return previous(tokens, index, options, env, self);
        }
        return fenceHtml(models.stateOf(token.content), `cjm-fence-${index}`, token.map?.[0]);
    };
}
