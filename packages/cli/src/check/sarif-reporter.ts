import { pathToFileURL } from 'node:url';
import type { Log, ReportingDescriptor, Result } from 'sarif';
import type { FileDiagnostic } from './file-diagnostic.js';
import { RULES } from './rules.js';

const LEVELS = { error: 'error', warning: 'warning', information: 'note', hint: 'note' } as const;
const RULE_LEVELS = { error: 'error', warning: 'warning', information: 'note' } as const;

/**
 * A SARIF 2.1.0 log (for GitHub code scanning and other SARIF viewers): one run, a rule per
 * diagnostic code of the language reference, results with files relative to the current folder.
 */
export function sarifReport(diagnostics: FileDiagnostic[], toolVersion: string, cwd = process.cwd()): Log {
    const rules: ReportingDescriptor[] = RULES.map(rule => ({
        id: rule.code,
        shortDescription: { text: rule.description },
        defaultConfiguration: { level: RULE_LEVELS[rule.severity] }
    }));
    const ruleIndex = new Map(rules.map((rule, i) => [rule.id, i]));
    const results: Result[] = diagnostics.map(d => {
        if (!ruleIndex.has(d.code)) {
            // A code this CLI does not know yet (a newer language package) still gets a rule, so no result dangles.
            ruleIndex.set(d.code, rules.length);
            rules.push({ id: d.code, shortDescription: { text: d.code } });
        }
        return {
            ruleId: d.code,
            ruleIndex: ruleIndex.get(d.code),
            level: LEVELS[d.severity],
            message: { text: d.message },
            locations: [{
                physicalLocation: {
                    artifactLocation: { uri: encodeURI(d.file), uriBaseId: 'SRCROOT' },
                    region: { startLine: d.line, startColumn: d.column, endLine: d.endLine, endColumn: d.endColumn }
                }
            }]
        };
    });
    return {
        $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
        version: '2.1.0',
        runs: [{
            tool: { driver: { name: 'cjm', version: toolVersion, rules } },
            originalUriBaseIds: { SRCROOT: { uri: pathToFileURL(cwd).href + '/' } },
            results
        }]
    };
}
