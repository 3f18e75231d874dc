import { identifierFor, quote, slugify } from '../text/identifier.js';
import type { MermaidComment, MermaidJourney, MermaidTask } from './mermaid-journey.js';

/** Names the workspace the map goes into already declares: personas to reuse, journeys not to clash with. */
export interface ExistingNames {
    personas: ReadonlySet<string>;
    journeys: ReadonlySet<string>;
}

/**
 * Writes a parsed Mermaid journey as a .cjm map: title → journey title, sections → stages, tasks →
 * touchpoints, score − 3 → `feels` (clamped to −2…+2), actors → personas declared once (or reused
 * when the workspace declares one with the same id), accDescr → description, `%%` comments → `//`
 * comments before what followed them.
 */
export function journeyToCjm(journey: MermaidJourney, fallbackName: string, existing: ExistingNames = { personas: new Set(), journeys: new Set() }): string {
    const title = journey.title || journey.accTitle || fallbackName;
    const journeyId = new UniqueIds(existing.journeys).take(identifierFor(slugify(title) ? title : fallbackName, 'journey', 'imported'));
    const personaIds = new UniqueIds();
    const personas = new Map<string, string>();
    const reused = new Set<string>();
    for (const task of journey.sections.flatMap(section => section.tasks)) {
        for (const actor of task.actors) {
            if (!personas.has(actor)) {
                const id = personaIds.take(identifierFor(actor, 'persona', 'actor'));
                personas.set(actor, id);
                if (existing.personas.has(id)) {
                    reused.add(id);
                }
            }
        }
    }
    const comments = [...journey.comments];
    const commentsBefore = (line: number, indent: string): string[] => {
        const due = comments.filter(comment => comment.line < line);
        comments.splice(0, due.length);
        return due.map(comment => commentLine(comment, indent));
    };
    const lines: string[] = ['// Imported from a Mermaid journey diagram by `cjm import`.', ''];
    const declared = [...personas].filter(([, id]) => !reused.has(id));
    for (const [actor, id] of declared) {
        lines.push(`persona ${id} ${quote(actor)}`);
    }
    if (declared.length > 0) {
        lines.push('');
    }
    lines.push(`journey ${journeyId} ${quote(title)} {`);
    const everyone = [...personas.values()];
    if (everyone.length > 0) {
        lines.push(`  persona ${everyone.join(', ')}`);
    }
    if (journey.accDescr) {
        lines.push(`  description ${quote(journey.accDescr)}`);
    }
    if (journey.accTitle && journey.accTitle !== title) {
        lines.push(`  // Accessible title: ${oneLine(journey.accTitle)}`);
    }
    const stageIds = new UniqueIds();
    const touchpointIds = new UniqueIds();
    journey.sections.forEach((section, s) => {
        lines.push('', ...commentsBefore(section.line, '  '));
        const stageId = stageIds.take(identifierFor(section.title, 'stage', `stage-${s + 1}`));
        lines.push(`  stage ${stageId}${section.title ? ` ${quote(section.title)}` : ''} {`);
        for (const task of section.tasks) {
            lines.push(...commentsBefore(task.line, '    '));
            lines.push(...touchpointLines(task, touchpointIds.take(identifierFor(task.title, 'touchpoint', 'task')), personas, everyone));
        }
        lines.push('  }');
    });
    const trailing = commentsBefore(Number.POSITIVE_INFINITY, '  ');
    if (trailing.length > 0) {
        lines.push('', ...trailing);
    }
    lines.push('}', '');
    return lines.join('\n');
}

function touchpointLines(task: MermaidTask, id: string, personas: Map<string, string>, everyone: string[]): string[] {
    const lines = [`    touchpoint ${id} ${quote(task.title)} {`];
    const own = task.actors.map(actor => personas.get(actor)!);
    // A touchpoint without personas falls back to the journey's, so only a different set is written.
    if (own.length > 0 && own.join() !== everyone.join()) {
        lines.push(`      persona ${[...new Set(own)].join(', ')}`);
    }
    if (Number.isFinite(task.score)) {
        const feels = task.score - 3;
        const clamped = Math.min(2, Math.max(-2, feels));
        lines.push(`      feels ${formatNumber(clamped)}`);
        if (clamped !== feels) {
            lines.push(`      // Mermaid score ${task.scoreText} is outside 1…5; clamped to the CJM scale.`);
        }
    } else {
        lines.push(`      // Mermaid score ${oneLine(task.scoreText)} is not a number; no feels recorded.`);
    }
    lines.push('    }');
    return lines;
}

function formatNumber(value: number): string {
    const rounded = Math.round(value * 100) / 100;
    return rounded > 0 ? `+${rounded}` : String(rounded);
}

function commentLine(comment: MermaidComment, indent: string): string {
    return `${indent}// ${oneLine(comment.text)}`;
}

/** Comment text must stay on its line and not close a block comment. */
function oneLine(text: string): string {
    return text.replace(/[\r\n]+/g, ' ');
}

/** Hands out identifiers, suffixing `-2`, `-3` … when one is taken. */
class UniqueIds {
    private readonly taken: Set<string>;

    constructor(taken: Iterable<string> = []) {
        this.taken = new Set(taken);
    }

    take(base: string): string {
        let id = base;
        for (let n = 2; this.taken.has(id); n++) {
            id = `${base}-${n}`;
        }
        this.taken.add(id);
        return id;
    }
}
