/**
 * A journey for the service blueprint's budget: `touchpoints` touchpoints in stages of ten, each
 * with every blueprint lane (physical evidence, customer action, frontstage, backstage, tools and a
 * supporting team), a question, and the feelings of two personas beside the plain one.
 */
export function blueprintJourneyText(touchpoints: number): string {
    const lines = [
        'persona parent "Parent"', 'persona child "Child"', 'team ops "Operations"', '',
        'journey blueprint "Service blueprint benchmark" {', '  persona parent, child'
    ];
    for (let i = 0; i < touchpoints; i++) {
        if (i % 10 === 0) {
            lines.push(...(i > 0 ? ['  }'] : []), `  stage s${i / 10 + 1} "Stage ${i / 10 + 1}" {`);
        }
        const n = i + 1;
        lines.push(
            `    touchpoint t${n} "Touchpoint ${n}" {`,
            `      does "Customer does step ${n}"`,
            `      asks "Question ${n}?"`,
            `      artifact "Receipt ${n}"`,
            `      frontstage "Agent helps with step ${n}"`,
            `      backstage "System records step ${n}"`,
            `      tool "CRM screen ${n}"`,
            '      support ops',
            `      feels ${(i % 5) - 2} for parent`,
            `      feels ${2 - (i % 5)} for child`,
            '      feels neutral',
            '      expected happy',
            '      gap "Waiting"',
            '    }'
        );
    }
    lines.push(...(touchpoints > 0 ? ['  }'] : []), '}', '');
    return lines.join('\n');
}
