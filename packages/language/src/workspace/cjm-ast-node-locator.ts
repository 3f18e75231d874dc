// Mirrors Langium 4.4's `DefaultAstNodeLocator.getAstNodePath`; equality: test/parser/cjm-fast-lexer.test.ts (paths), test/workspace/langium-equality.test.ts.
import type { AstNode } from 'langium';
import { DefaultAstNodeLocator } from 'langium';

/**
 * Langium's node paths (`/elements@2/members@0`), built as one flat string. Langium concatenates
 * a path segment by segment up the tree, which leaves a tree of V8 cons strings behind every path;
 * the reference index keeps a path per reference, and at 1,000 touchpoints those trees were a fifth
 * of the memory a workspace holds.
 */
export class CjmAstNodeLocator extends DefaultAstNodeLocator {
    override getAstNodePath(node: AstNode): string {
        const segments: string[] = [];
        for (let current: AstNode | undefined = node; current?.$container; current = current.$container) {
            segments.push(this.getPathSegment(current), this.segmentSeparator);
        }
        return segments.reverse().join('');
    }
}
