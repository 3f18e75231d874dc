/** The tests' reading of LSP semantic tokens: relative lines and characters, legend indices and modifier bits. */

/** One decoded token: where it starts, how long it is, its type and modifiers by name. */
export interface DecodedToken {
    line: number;
    character: number;
    length: number;
    type: string;
    modifiers: string[];
}

/** Decodes the `data` of a semantic tokens result with the server's legend. */
export function decodeSemanticTokens(data: readonly number[], legend: { tokenTypes: readonly string[]; tokenModifiers: readonly string[] }): DecodedToken[] {
    const decoded: DecodedToken[] = [];
    let line = 0;
    let character = 0;
    for (let i = 0; i < data.length; i += 5) {
        const [deltaLine, deltaStart, length, type, modifierBits] = data.slice(i, i + 5);
        line += deltaLine;
        character = deltaLine === 0 ? character + deltaStart : deltaStart;
        decoded.push({
            line,
            character,
            length,
            type: legend.tokenTypes[type],
            modifiers: legend.tokenModifiers.filter((_, bit) => (modifierBits & (1 << bit)) !== 0)
        });
    }
    return decoded;
}
