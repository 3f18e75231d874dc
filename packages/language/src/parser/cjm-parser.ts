// Mirrors Langium 4.4's `LangiumParser.parse` (AST, CST, references); equality: test/parser/ll1-parser.test.ts.
import type { TokenType } from 'chevrotain';
import type { AstNode, ParseResult, ParserOptions } from 'langium';
import { createLangiumParser, createParser, LangiumParser } from 'langium';
import type { CjmServices } from '../cjm-module.js';
import { CjmFastLexer } from './cjm-fast-lexer.js';
import type { FastPathRefusalHandling } from './fast-path-refusal.js';
import { FastPathRefusal } from './fast-path-refusal.js';
import { Ll1Parser } from './ll1-parser.js';

/**
 * Langium's parser with a fast path: text without syntax errors is scanned by the fast lexer and
 * parsed by the LL(1) parser into exactly the tree Langium's parser builds; anything else goes to
 * Langium's lexer and parser, which report the errors and recover from them.
 */
export class CjmParser extends LangiumParser {
    private readonly fastLexer: CjmFastLexer;
    private readonly fast: Ll1Parser;

    constructor(services: CjmServices) {
        super(services);
        const tokenTypes = services.parser.Lexer.definition as Record<string, TokenType>;
        this.fastLexer = new CjmFastLexer(tokenTypes);
        this.fast = new Ll1Parser(services.Grammar, tokenTypes, services.references.Linker, services.parser.ValueConverter, services.shared.AstReflection, services.parser.AstContents);
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

/**
 * The `parser.LangiumParser` service: built from the grammar like Langium's own. A grammar the fast
 * path refuses is parsed by Langium's parser alone (same trees, slower), with one line in the log,
 * unless `refusal` is `throw`.
 */
export function createCjmParser(services: CjmServices, refusal: FastPathRefusalHandling): LangiumParser {
    let parser: CjmParser;
    try {
        parser = new CjmParser(services);
    } catch (error) {
        if (refusal === 'throw' || !(error instanceof FastPathRefusal)) {
            throw error;
        }
        console.warn(`CJM: the fast parser does not cover this grammar: ${error.message} Parsing with Langium's parser instead (the same trees, slower).`);
        return createLangiumParser(services);
    }
    createParser(services.Grammar, parser, services.parser.Lexer.definition);
    parser.finalize();
    return parser;
}
