/** The `cjm` command line. */
export async function main(argv: string[]): Promise<number> {
    process.stderr.write(`cjm: not built yet (${argv.join(' ')})\n`);
    return 2;
}
