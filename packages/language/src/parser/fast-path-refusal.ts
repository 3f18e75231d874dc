/**
 * Thrown while the fast path (fast lexer and LL(1) parser) is built from a grammar it cannot parse
 * exactly as Langium does: a construct outside its subset, or terminals it does not scan.
 */
export class FastPathRefusal extends Error {
    override readonly name = 'FastPathRefusal';
}

/** What the services do with a refusal: throw it (the tests, so no change slips into the slow path unseen) or parse with Langium's parser. */
export type FastPathRefusalHandling = 'throw' | 'fallback';
