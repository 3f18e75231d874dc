// Mirrors Langium 4.4's `DefaultValueConverter` (unquoting strings, numbers); equality: test/parser/cjm-fast-lexer.test.ts.
import type { CstNode, GrammarAST, ValueType } from 'langium';
import { DefaultValueConverter, GrammarAST as Ast, GrammarUtils } from 'langium';

/**
 * Langium's value converter, with the conversion chosen once per grammar element (Langium works out
 * the rule behind a syntax node for every token), and strings unquoted in one step. Langium builds
 * a string's value a character at a time; V8 keeps such a string as a tree of one "cons" cell per
 * character, which at 1,000 touchpoints was a sixth of the workspace's memory. The values are the
 * ones Langium's converter gives, escapes included.
 */
export class CjmValueConverter extends DefaultValueConverter {
    private readonly byRule = new Map<GrammarAST.AbstractRule, Conversion>();
    private readonly byFeature = new Map<GrammarAST.AbstractElement | undefined, Conversion>();

    override convert(input: string, cstNode: CstNode): ValueType {
        const feature = cstNode.grammarSource;
        let convert = this.byFeature.get(feature);
        if (!convert) {
            const element = Ast.isCrossReference(feature) ? GrammarUtils.getCrossReferenceTerminal(feature) : feature;
            const rule = Ast.isRuleCall(element) ? element.rule.ref : undefined;
            if (Ast.isRuleCall(element) && !rule) {
                return super.convert(input, cstNode);
            }
            convert = rule ? (text, node) => this.runConverter(rule, text, node) : text => text;
            this.byFeature.set(feature, convert);
        }
        return convert(input, cstNode);
    }

    protected override runConverter(rule: GrammarAST.AbstractRule, input: string, cstNode: CstNode): ValueType {
        let convert = this.byRule.get(rule);
        if (!convert) {
            convert = rule.name.toUpperCase() === 'STRING' ? unquote : (text, node) => super.runConverter(rule, text, node);
            this.byRule.set(rule, convert);
        }
        return convert(input, cstNode);
    }
}

/** The text between the quotes with escapes replaced, as Langium's `ValueConverter.convertString` does. */
export function unquote(input: string): string {
    const end = input.length - 1;
    const firstEscape = input.indexOf('\\', 1);
    if (firstEscape < 0 || firstEscape >= end) {
        return input.substring(1, end);
    }
    const parts: string[] = [];
    let from = 1;
    for (let i = firstEscape; i < end; i++) {
        if (input.charCodeAt(i) === BACKSLASH) {
            parts.push(input.substring(from, i), ESCAPES[input.charAt(i + 1)] ?? input.charAt(i + 1));
            i++;
            from = i + 1;
        }
    }
    parts.push(input.substring(from, end));
    return parts.join('');
}

type Conversion = (input: string, cstNode: CstNode) => ValueType;

const BACKSLASH = 92;
const ESCAPES: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', 0: '\0' };
