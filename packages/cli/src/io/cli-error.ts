/**
 * A problem with what the user asked for (a missing file, a bad option value, an unreadable input):
 * the CLI prints its one-line message and exits with code 2, never with a stack trace.
 */
export class UsageError extends Error {
    override readonly name = 'UsageError';
}

/** The exit codes every command uses. */
export const EXIT = { ok: 0, findings: 1, usage: 2 } as const;

/** A result the user must act on that leaves nothing to show (a map that does not parse): one `cjm:` line and exit 1. */
export class FindingsError extends Error {
    override readonly name = 'FindingsError';
}
