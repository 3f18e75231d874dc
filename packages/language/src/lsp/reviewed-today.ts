import type { LangiumDocument, LeafCstNode } from 'langium';
import { AstUtils, CstUtils, GrammarUtils } from 'langium';
import type { CodeAction, Diagnostic, Range, TextEdit } from 'vscode-languageserver';
import { CodeActionKind } from 'vscode-languageserver';
import type { Journey } from '../generated/ast.js';
import { isDescription, isJourney, isOwner, isPersonaList, isReviewed } from '../generated/ast.js';
import { formatDate, today } from '../model/dates.js';

/** `stale-map` on a `reviewed` line → the date becomes today's. */
export function reviewedTodayFix(document: LangiumDocument, diagnostic: Diagnostic, leaf: LeafCstNode): CodeAction[] {
    const reviewed = AstUtils.getContainerOfType(leaf.astNode, isReviewed);
    const date = reviewed && GrammarUtils.findNodeForProperty(reviewed.$cstNode, 'date');
    if (!date) {
        return [];
    }
    const day = formatDate(today());
    return [{
        title: `Mark as reviewed today (${day})`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: true,
        edit: { changes: { [document.uri.toString()]: [{ range: date.range, newText: JSON.stringify(day) }] } }
    }];
}

/**
 * On a journey's first line: "Mark journey as reviewed today", which sets its `reviewed` date, or
 * adds a `reviewed` line after the journey's persona, description and owner lines.
 */
export function markReviewedAction(document: LangiumDocument, range: Range): CodeAction[] {
    const root = document.parseResult.value.$cstNode;
    const offset = document.textDocument.offsetAt(range.start);
    const journey = root && AstUtils.getContainerOfType(CstUtils.findLeafNodeAtOffset(root, offset)?.astNode, isJourney);
    const open = journey && GrammarUtils.findNodeForKeyword(journey.$cstNode, '{');
    if (!journey?.name || !open || open.range.start.line !== range.start.line) {
        return [];
    }
    const edit = reviewedEdit(document, journey, open.range.end, formatDate(today()));
    return edit ? [{
        title: `Mark journey '${journey.name}' as reviewed today (${formatDate(today())})`,
        kind: CodeActionKind.RefactorRewrite,
        edit: { changes: { [document.uri.toString()]: [edit] } }
    }] : [];
}

function reviewedEdit(document: LangiumDocument, journey: Journey, afterOpen: Range['end'], day: string): TextEdit | undefined {
    const existing = journey.members.filter(isReviewed).pop();
    const date = existing && GrammarUtils.findNodeForProperty(existing.$cstNode, 'date');
    if (date) {
        return { range: date.range, newText: JSON.stringify(day) };
    }
    const header = journey.members.filter(member => isPersonaList(member) || isDescription(member) || isOwner(member)).pop();
    const after = header?.$cstNode?.range.end ?? afterOpen;
    const first = journey.members[0]?.$cstNode;
    const lineText = first ? document.textDocument.getText({ start: { line: first.range.start.line, character: 0 }, end: first.range.start }) : '';
    const indent = first && lineText.trim() === '' ? lineText : '  ';
    return { range: { start: after, end: after }, newText: `\n${indent}reviewed ${JSON.stringify(day)}` };
}
