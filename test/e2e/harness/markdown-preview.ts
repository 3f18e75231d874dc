/**
 * A Markdown document with a ```cjm block, as a project's docs have one, in VS Code's own
 * Markdown preview: the extension's markdown-it plugin and preview script draw it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator } from 'playwright-core';
import type { Session } from './session.js';
import { openFile, runCommand, webviewFrame } from './workbench.js';

/** A block naming maya, the persona of the examples' personas.cjm. */
const REVIEW = `# Checkout, reviewed

The short version of the checkout journey:

\`\`\`cjm
journey short "Checkout, in short" {
  persona maya
  stage pay "Pay" {
    touchpoint card "Card form" { feels frustrated expected happy pain "Card declined" source survey }
    touchpoint done "Confirmation" { feels happy }
  }
}
\`\`\`
`;

/** Writes review.md into the session's folder, opens its preview beside it, and returns the preview once the block is drawn. */
export async function openReviewInMarkdownPreview(session: Session): Promise<FrameLocator> {
    writeFileSync(join(session.folder, 'review.md'), REVIEW);
    // A toast left by an earlier test (its button takes the focus) must not catch the palette's Enter.
    await runCommand(session.page, 'Notifications: Clear All Notifications');
    await openFile(session.page, 'review.md');
    await runCommand(session.page, 'Markdown: Open Preview to the Side');
    return webviewFrame(session.page, '.cjm-fence [id$="-emotion"] > svg');
}

/** Renames maya in the session's personas.cjm, on disk (as a checkout of another branch would); returns the undo. */
export function retitleMaya(session: Session, title: string): () => void {
    const file = join(session.folder, 'personas.cjm');
    const before = readFileSync(file, 'utf8');
    writeFileSync(file, before.replace('"Maya, busy parent"', JSON.stringify(title)));
    return () => writeFileSync(file, before);
}
