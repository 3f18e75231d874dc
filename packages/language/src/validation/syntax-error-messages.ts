import type { ParseResult } from 'langium';

type IRecognitionException = ParseResult['parserErrors'][number];
type ILexingError = ParseResult['lexerErrors'][number];
type IToken = IRecognitionException['token'];

/**
 * Plain-words messages for the lexer's and parser's errors. Chevrotain lists every token type it
 * could have accepted ("1. [ID] 2. [retention] 3. [churn] …", fifty lines for a missing name);
 * these messages say what kind of thing was expected instead, in the words of the language reference.
 */

/** The keywords that are also valid names (`metric retention`, `team support`): a name covers them. */
const NAME_KEYWORDS = new Set([
    'retention', 'churn', 'nps', 'csat', 'ces', 'conversion', 'custom', 'low', 'medium', 'high', 'idea', 'planned',
    'in-progress', 'done', 'source', 'type', 'period', 'value', 'target', 'start', 'end', 'new', 'lost', 'role', 'age',
    'location', 'goal', 'need', 'frustration', 'motivation', 'behavior', 'quote', 'segment', 'validated', 'outcome',
    'status', 'severity', 'description', 'expectation', 'path', 'support', 'does', 'thinks', 'wants', 'obstacle', 'gap',
    'observed', 'tool', 'unknown', 'asks', 'frontstage', 'backstage', 'artifact', 'for'
]);

/** A block's readable name and the properties it accepts, by grammar rule. */
const BLOCKS: Record<string, { noun: string; members: string[] }> = {
    Model: { noun: 'file', members: ['persona', 'channel', 'team', 'source', 'emotions', 'journey'] },
    Persona: { noun: 'persona', members: ['role', 'age', 'location', 'goal', 'need', 'frustration', 'motivation', 'behavior', 'quote', 'segment', 'validated'] },
    EmotionsBlock: { noun: 'emotions block', members: ['an emotion name followed by its score (`relieved 1`)'] },
    Journey: { noun: 'journey', members: ['persona', 'description', 'stage', 'scenario', 'metric'] },
    Stage: { noun: 'stage', members: ['expectation', 'touchpoint', 'metric'] },
    Touchpoint: {
        noun: 'touchpoint',
        members: ['channel', 'persona', 'does', 'thinks', 'wants', 'obstacle', 'asks', 'feels', 'expected', 'gap', 'observed', 'pain',
            'opportunity', 'frontstage', 'backstage', 'artifact', 'owner', 'support', 'tool', 'unknown', 'moment-of-truth', 'metric']
    },
    Opportunity: { noun: 'opportunity', members: ['outcome', 'owner', 'status'] },
    Scenario: { noun: 'scenario', members: ['persona', 'path'] },
    Metric: { noun: 'metric', members: ['type', 'period', 'value', 'target', 'start', 'end', 'new', 'lost'] }
};

/** What a name stands for, by the innermost rule that asks for one. */
const NAME_NOUNS: Record<string, string> = {
    Feeling: 'an emotion name or a score from -2 to +2',
    PersonaList: 'a persona name',
    ChannelUse: 'a channel name',
    Owner: 'a team name',
    Support: 'a team name',
    EvidenceSource: 'an evidence source (a name like `interviews`, or a quoted text)',
    ScenarioPath: 'a touchpoint name'
};

/** A readable message for a parser error. */
export function describeParserError(error: IRecognitionException): string {
    const rules = (error.context?.ruleStack ?? []).map(rule => rule.replace(/\u200B/g, ''));
    const found = describeToken(error.token);
    const previous = (error as { previousToken?: IToken }).previousToken;
    const after = previous && isRealToken(previous) ? ` after '${shorten(previous.image)}'` : '';
    const expected = expectedTokens(error);
    if (error.name === 'NotAllInputParsedException' || (expected.length === 1 && expected[0] === 'EOF')) {
        return `Unexpected ${found} at the top level of the file. Expected ${listOf(BLOCKS.Model.members.map(quote))}.`;
    }
    if (expected.length === 1 && expected[0] === '}') {
        const block = innermostBlock(rules);
        if (!isRealToken(error.token)) {
            return `Expected '}' to close the ${block.noun}, found the end of the file.`;
        }
        return `${capitalize(found)} is not allowed in a ${block.noun}. A ${block.noun} holds ${listOf(block.members, 'and')}; close it with '}'.`;
    }
    // After `feels … for` the name is a persona's, not an emotion's.
    const forPersona = previous?.image === 'for' && rules.includes('Feeling');
    return `Expected ${forPersona ? NAME_NOUNS.PersonaList : describeExpected(expected, rules)}${after}, found ${found}.`;
}

/** A readable message for a lexer error: the characters that start no token. */
export function describeLexingError(error: ILexingError, text: string): string {
    const skipped = text.substr(error.offset, Math.max(1, Math.min(error.length, 20)));
    const shown = JSON.stringify(skipped).slice(1, -1);
    if (skipped.startsWith('"')) {
        return `Unclosed text "${shorten(shown)}": a quoted text must end with '"' on the same line (write \\n for a line break).`;
    }
    if (skipped.startsWith('/*')) {
        return 'Unclosed comment: a /* comment must end with */.';
    }
    return `Unexpected character${skipped.length > 1 ? 's' : ''} '${shown}'. Names start with a letter or '_', numbers look like 2, -1.5 or 95%, and text goes in double quotes.`;
}

function expectedTokens(error: IRecognitionException): string[] {
    const mismatch = /^Expecting token of type '(.+?)' but found/.exec(error.message);
    if (mismatch) {
        return [mismatch[1]];
    }
    // NoViableAlt and EarlyExit list token sequences as `[A, B]`: the first token of each is what may come next.
    const firsts = [...error.message.matchAll(/\[([^\]\n]+)\]/g)].map(match => match[1].split(', ')[0]);
    return [...new Set(firsts)];
}

function describeExpected(expected: string[], rules: string[]): string {
    const words: string[] = [];
    const hasName = expected.includes('ID');
    if (expected.includes('NUMBER') && hasName && rules.includes('Feeling')) {
        return NAME_NOUNS.Feeling;
    }
    if (hasName) {
        const owner = [...rules].reverse().find(rule => NAME_NOUNS[rule]);
        words.push(owner ? NAME_NOUNS[owner] : 'a name');
    }
    if (expected.includes('NUMBER')) {
        words.push('a number');
    }
    if (expected.includes('STRING') && !(hasName && rules.includes('EvidenceSource'))) {
        words.push('a quoted text ("…")');
    }
    const keywords = expected.filter(token => !['ID', 'NUMBER', 'STRING'].includes(token) && !(hasName && NAME_KEYWORDS.has(token)));
    words.push(...keywords.map(quote));
    if (words.length === 0) {
        return 'something else';
    }
    return words.length === 1 ? words[0] : words.length <= 8 ? `${words.length === 2 ? '' : 'one of '}${listOf(words)}` : `one of ${words.slice(0, 8).join(', ')}, …`;
}

function innermostBlock(rules: string[]): { noun: string; members: string[] } {
    const rule = [...rules].reverse().find(name => BLOCKS[name]);
    return BLOCKS[rule ?? 'Model'];
}

function describeToken(token: IToken | undefined): string {
    if (!token || !isRealToken(token) || token.image === '') {
        return 'the end of the file';
    }
    return `'${shorten(token.image)}'`;
}

/** Chevrotain inserts virtual tokens during error recovery; they have no position in the text. */
function isRealToken(token: IToken): boolean {
    return Number.isFinite(token.startOffset) && token.startOffset >= 0 && token.tokenType?.name !== 'EOF';
}

function shorten(image: string): string {
    const oneLine = image.replace(/\s+/g, ' ');
    return oneLine.length > 40 ? `${oneLine.slice(0, 39)}…` : oneLine;
}

function quote(word: string): string {
    return `'${word}'`;
}

function listOf(words: string[], conjunction = 'or'): string {
    return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} ${conjunction} ${words[words.length - 1]}`;
}

function capitalize(text: string): string {
    return text.charAt(0).toUpperCase() + text.slice(1);
}
