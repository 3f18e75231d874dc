import type { TokenType } from 'chevrotain';
import type { AstNode, LangiumCoreServices, ParseResult, ParserOptions } from 'langium';
import { createParser, LangiumParser } from 'langium';
import { CjmFastLexer } from './cjm-fast-lexer.js';
import { Ll1Parser } from './ll1-parser.js';

/**
 * Langium's parser with a fast path: text without syntax errors is scanned by the fast lexer and
 * parsed by the LL(1) parser into exactly the tree Langium's parser builds; anything else goes to
 * Langium's lexer and parser, which report the errors and recover from them.
 */
export class CjmParser extends LangiumParser {
    private readonly fastLexer: CjmFastLexer;
    private readonly fast: Ll1Parser;

    constructor(services: LangiumCoreServices) {
        super(services);
        const tokenTypes = services.parser.Lexer.definition as Record<string, TokenType>;
        this.fastLexer = new CjmFastLexer(tokenTypes);
        this.fast = new Ll1Parser(services.Grammar, tokenTypes, services.references.Linker, services.parser.ValueConverter, services.shared.AstReflection);
    }

    override parse<T extends AstNode = AstNode>(input: string, options: ParserOptions = {}): ParseResult<T> {
        if (!options.rule) {
            const result = this.fast.parse(input, this.fastLexer.scan(input, true));
            if (result) {
                return result as ParseResult<T>;
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
