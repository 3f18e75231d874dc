import type { ValidationChecks } from 'langium';
import type { CjmAstType } from '../generated/ast.js';
import type { CjmServices } from '../cjm-module.js';

/** Registers CJM's checks with Langium's validation registry. */
export function registerValidationChecks(services: CjmServices): void {
    const registry = services.validation.ValidationRegistry;
    const validator = services.validation.CjmValidator;
    const checks: ValidationChecks<CjmAstType> = {};
    registry.register(checks, validator);
}

/** The checks behind the diagnostic codes of the language reference. */
export class CjmValidator {
    constructor(protected readonly services: CjmServices) {}
}
