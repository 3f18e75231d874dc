import type { CstNode } from 'langium';

/** The index of the last of `children` (in text order) that starts before `offset`, or -1: a binary search. */
export function lastChildStartingBefore(children: readonly CstNode[], offset: number): number {
    let low = 0;
    let high = children.length - 1;
    let found = -1;
    while (low <= high) {
        const middle = (low + high) >> 1;
        if (children[middle].offset < offset) {
            found = middle;
            low = middle + 1;
        } else {
            high = middle - 1;
        }
    }
    return found;
}
