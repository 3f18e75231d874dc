import { expect, test } from 'vitest';
import { advisorySeverity, parseAdvisorySeverity } from '../src/diagnostic-severity.js';

const ERROR = 1;
const WARNING = 2;
const INFORMATION = 3;
const HINT = 4;

test('advisory diagnostics take the chosen severity, errors never change', () => {
    expect(advisorySeverity(WARNING, 'hint')).toBe(HINT);
    expect(advisorySeverity(INFORMATION, 'warning')).toBe(WARNING);
    expect(advisorySeverity(WARNING, 'error')).toBe(ERROR);
    expect(advisorySeverity(ERROR, 'hint')).toBe(ERROR);
    expect(advisorySeverity(WARNING, 'default')).toBe(WARNING);
});

test('an unknown setting keeps the server severities', () => {
    expect(parseAdvisorySeverity('loud')).toBe('default');
    expect(parseAdvisorySeverity('information')).toBe('information');
});
