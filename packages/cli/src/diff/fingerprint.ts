import { CstUtils, type AstNode, type CstNode } from 'langium';
import { insightSummary, isEmotionsBlock, isInsight, today, type Model } from '@cjm/language';

/** A library element (persona, channel, team, evidence source, emotion, insight) by its kind and name. */
export interface LibraryElement {
    kind: 'persona' | 'channel' | 'team' | 'evidence source' | 'emotion' | 'insight';
    name: string;
    /** The element's tokens without comments and layout: equal fingerprints mean the same meaning. */
    fingerprint: string;
    /** For an insight: whether its date is more than twelve months before today, and the date. */
    stale?: boolean;
    date?: string;
}

const LIBRARY_KINDS: Readonly<Record<string, LibraryElement['kind']>> = {
    Persona: 'persona',
    Channel: 'channel',
    Team: 'team',
    Source: 'evidence source',
    Emotion: 'emotion',
    Insight: 'insight'
};

/** The tokens of a piece of text as parsed, without comments and layout, so a reformatted or commented text has the same fingerprint. */
export function tokenFingerprint(node: CstNode | undefined): string {
    return node ? CstUtils.flattenCst(node).filter(leaf => !leaf.hidden).map(leaf => leaf.text).join(' ') : '';
}

/** Each journey's token fingerprint, by journey id. */
export function journeyFingerprints(model: Model): Map<string, string> {
    const prints = new Map<string, string>();
    for (const element of model.elements) {
        if (element.$type === 'Journey' && 'name' in element && element.name && !prints.has(element.name)) {
            prints.set(element.name, tokenFingerprint(element.$cstNode));
        }
    }
    return prints;
}

/** The library elements a file declares (an emotions block contributes each of its emotions). */
export function libraryElements(model: Model): LibraryElement[] {
    const declared = model.elements.flatMap((element): AstNode[] => isEmotionsBlock(element) ? element.emotions : [element]);
    const found: LibraryElement[] = [];
    for (const node of declared) {
        const kind = LIBRARY_KINDS[node.$type];
        const name = (node as { name?: string }).name;
        if (kind && name) {
            const summary = isInsight(node) ? insightSummary(name, node, today()) : undefined;
            found.push({
                kind, name, fingerprint: tokenFingerprint(node.$cstNode),
                ...(summary ? { stale: summary.stale === true, ...(summary.date !== undefined ? { date: summary.date } : {}) } : {})
            });
        }
    }
    return found;
}
