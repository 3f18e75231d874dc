import { AstUtils, GrammarAST, type Grammar } from 'langium';
import { createNodeCjmServices } from '@cjm/language/node';

/** CJM's ID terminal: a letter or `_`, then word characters, with `-` only between them. */
const ID = /^[_a-zA-Z]\w*(-\w+)*$/;

/** Letters NFKD leaves whole (no base letter plus accent), spelled in ASCII as German, Nordic and Polish writers do. */
const TRANSLITERATION: Readonly<Record<string, string>> = {
    'ß': 'ss', 'ẞ': 'ss', 'æ': 'ae', 'Æ': 'ae', 'ø': 'o', 'Ø': 'o', 'œ': 'oe', 'Œ': 'oe', 'đ': 'd', 'Đ': 'd',
    'ð': 'd', 'Ð': 'd', 'þ': 'th', 'Þ': 'th', 'ł': 'l', 'Ł': 'l', 'ı': 'i', 'ħ': 'h', 'Ħ': 'h', 'ŋ': 'ng', 'Ŋ': 'ng', 'ŧ': 't', 'Ŧ': 't'
};

/**
 * A name as the stem of a CJM identifier: accents dropped and Latin letters spelled in ASCII
 * (`Straße` → `strasse`), anything else between words becomes `-`, and a leading digit gets a `_`
 * (`2fa setup` → `_2fa-setup`). Empty when the name has no letter or digit CJM can keep.
 */
export function slugify(name: string): string {
    const ascii = [...name].map(char => TRANSLITERATION[char] ?? char).join('')
        .normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
    const slug = ascii.replace(/[^a-z0-9_]+/g, '-').replace(/^-+|-+$/g, '');
    return /^[0-9]/.test(slug) ? `_${slug}` : slug;
}

/**
 * An identifier for a named element of a kind (`persona`, `touchpoint`, …): the slug of its name,
 * or `fallback` when the name has none, with `-KIND` appended when the slug is a word the grammar
 * reserves where a name is expected (an actor `Owner` becomes `owner-persona`, a task `Stage`
 * becomes `stage-touchpoint`).
 */
export function identifierFor(name: string, kind: string, fallback: string): string {
    const slug = slugify(name) || fallback;
    return isReservedWord(slug) ? `${slug}-${kind}` : slug;
}

/** Whether a word cannot be a name: a keyword of the grammar that its `Id` rule does not list. */
export function isReservedWord(word: string): boolean {
    reserved ??= reservedWords(createNodeCjmServices().Cjm.Grammar);
    return reserved.has(word);
}

let reserved: ReadonlySet<string> | undefined;

/** The grammar's word-like keywords minus those the `Id` rule (and the rules it calls) accepts as names. */
export function reservedWords(grammar: Grammar): ReadonlySet<string> {
    const keywords = AstUtils.streamAllContents(grammar).filter(GrammarAST.isKeyword).map(keyword => keyword.value)
        .filter(value => ID.test(value)).toSet();
    const idRule = grammar.rules.find(rule => rule.name === 'Id');
    if (!idRule || !GrammarAST.isParserRule(idRule)) {
        throw new Error('the CJM grammar has no Id rule');
    }
    const allowed = new Set<string>();
    const visited = new Set<GrammarAST.AbstractRule>();
    const visit = (rule: GrammarAST.AbstractRule): void => {
        if (visited.has(rule) || !GrammarAST.isParserRule(rule)) {
            return;
        }
        visited.add(rule);
        for (const node of AstUtils.streamAllContents(rule.definition).concat([rule.definition])) {
            if (GrammarAST.isKeyword(node)) {
                allowed.add(node.value);
            } else if (GrammarAST.isRuleCall(node) && node.rule.ref) {
                visit(node.rule.ref);
            }
        }
    };
    visit(idRule);
    return new Set([...keywords].filter(word => !allowed.has(word)));
}

/** A CJM string literal. */
export function quote(text: string): string {
    return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n')}"`;
}
