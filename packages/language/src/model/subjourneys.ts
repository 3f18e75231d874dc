import type { Journey, Subjourney } from '../generated/ast.js';
import { isStage, isSubjourney, isTouchpoint } from '../generated/ast.js';

/** A journey's `subjourney` lines, in source order: its stages' and its touchpoints'. */
export function subjourneyLinks(journey: Journey): Subjourney[] {
    const links: Subjourney[] = [];
    for (const member of journey.members) {
        if (!isStage(member)) {
            continue;
        }
        for (const stageMember of member.members) {
            if (isSubjourney(stageMember)) {
                links.push(stageMember);
            } else if (isTouchpoint(stageMember)) {
                for (const line of stageMember.members) {
                    if (isSubjourney(line)) {
                        links.push(line);
                    }
                }
            }
        }
    }
    return links;
}

/** The journeys a journey names as subjourneys (resolved links only), each once, in source order. */
export function subjourneysOf(journey: Journey): Journey[] {
    const found = new Set<Journey>();
    for (const link of subjourneyLinks(journey)) {
        const target = link.journey?.ref;
        if (target) {
            found.add(target);
        }
    }
    return [...found];
}

/**
 * The cycle a link closes: the journeys from the link's journey through its target back to the
 * link's journey (`[a, b, a]`), the shortest such path; undefined when the target never leads back.
 */
export function cycleThrough(from: Journey, link: Subjourney): Journey[] | undefined {
    const target = link.journey?.ref;
    if (!target) {
        return undefined;
    }
    if (target === from) {
        return [from, from];
    }
    // Breadth first from the target, remembering how each journey was reached.
    const cameFrom = new Map<Journey, Journey | undefined>([[target, undefined]]);
    const queue: Journey[] = [target];
    for (let i = 0; i < queue.length; i++) {
        const current = queue[i];
        for (const next of subjourneysOf(current)) {
            if (next === from) {
                const path = [from];
                for (let step: Journey | undefined = current; step; step = cameFrom.get(step)) {
                    path.splice(1, 0, step);
                }
                return [...path, from];
            }
            if (!cameFrom.has(next)) {
                cameFrom.set(next, current);
                queue.push(next);
            }
        }
    }
    return undefined;
}
