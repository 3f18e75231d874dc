import type { AstNode, AstReflection, LeafCstNode, Reference } from 'langium';
import { GrammarUtils, isReference } from 'langium';

/** A reference found at a leaf of the text, with what it takes to ask its scope. */
export interface ReferenceAtLeaf {
    container: AstNode;
    property: string;
    reference: Reference;
    /** The type the reference must name (`Persona`, `Team`, `Emotion`, …). */
    type: string;
}

/** The reference whose text contains `leaf`, if the leaf is (part of) a reference. */
export function referenceAt(leaf: LeafCstNode, reflection: AstReflection): ReferenceAtLeaf | undefined {
    const assignment = GrammarUtils.findAssignment(leaf);
    if (!assignment) {
        return undefined;
    }
    const container = leaf.astNode;
    const property = assignment.feature;
    const value = (container as unknown as Record<string, unknown>)[property];
    // The reference's node is the `Id` datatype rule's composite node around the leaf.
    const reference = (Array.isArray(value) ? value : [value]).find((candidate): candidate is Reference =>
        isReference(candidate) && candidate.$refNode !== undefined && candidate.$refNode.offset <= leaf.offset && leaf.end <= candidate.$refNode.end);
    return reference && { container, property, reference, type: reflection.getReferenceType({ container, property, reference }) };
}
