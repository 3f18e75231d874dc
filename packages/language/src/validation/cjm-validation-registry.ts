// Mirrors Langium 4.4's `ValidationRegistry.wrapValidationException`; equality: test/workspace/langium-equality.test.ts.
import type { AstNode, ValidationAcceptor, ValidationCheck } from 'langium';
import { isOperationCancelled, ValidationRegistry } from 'langium';

/** What Langium puts before the message of a check that threw. */
const FAILED_CHECK = 'An error occurred during validation';

/**
 * Langium's validation registry, with checks that stay synchronous when the check is: Langium wraps
 * every check in an `async` function, so validating a quarter of a million nodes cost as many
 * promises and microtask turns. A check that throws is still reported on its node, as Langium does.
 */
export class CjmValidationRegistry extends ValidationRegistry {
    protected override wrapValidationException(check: ValidationCheck, thisObj: unknown): ValidationCheck {
        return (node, accept, cancelToken) => {
            try {
                const result = check.call(thisObj, node, accept, cancelToken);
                return result instanceof Promise ? result.catch(error => reportFailedCheck(error, accept, node)) : undefined;
            } catch (error) {
                reportFailedCheck(error, accept, node);
                return undefined;
            }
        };
    }
}

function reportFailedCheck(error: unknown, accept: ValidationAcceptor, node: AstNode): void {
    if (isOperationCancelled(error)) {
        throw error;
    }
    console.error(`${FAILED_CHECK}:`, error);
    accept('error', `${FAILED_CHECK}: ${error instanceof Error ? error.message : String(error)}`, { node });
}
