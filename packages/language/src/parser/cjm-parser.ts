import type { LangiumCoreServices, ParseResult, ParserOptions } from 'langium';
import { createParser, LangiumParser } from 'langium';
import { Ll1Parser } from './ll1-parser.js';

/**
 * Langium's parser with a fast path: text without syntax errors is parsed by the LL(1) parser
 * into exactly the tree Langium's parser builds; anything else goes to Langium's parser, which
 * reports the errors and recovers from them.
 */
export class CjmParser extends LangiumParser {
    private readonly fast: Ll1Parser;

    constructor(services: LangiumCoreServices) {
        super(services);
        this.fast = new Ll1Parser(services.Grammar, services.parser.Lexer.definition as never, services.references.Linker, services.parser.ValueConverter, services.shared.AstReflection);
    }

    override parse<T extends import('langium').AstNode = import('langium').AstNode>(input: string, options: ParserOptions = {}): ParseResult<T> {
        if (!options.rule) {
            const lexed = this.lexer.tokenize(input);
            if (lexed.errors.length === 0 && (lexed.report?.diagnostics.length ?? 0) === 0) {
                const result = this.fast.parse(input, lexed);
                if (result) {
                    return result as ParseResult<T>;
                }
            }
        }
        return super.parse<T>(input, options);
    }
}

/** The `parser.LangiumParser` service: built from the grammar like Langium's own. */
export function createCjmParser(services: LangiumCoreServices): CjmParser {
    const parser = new CjmParser(services);
    createParser(services.Grammar, parser, services.parser.Lexer.definition);
    parser.finalize();
    return parser;
}
