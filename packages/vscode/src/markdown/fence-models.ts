import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import type { DetachedRenderModelParams, RenderModel } from '@cjm/language';
import { DETACHED_RENDER_MODEL_REQUEST } from '@cjm/language';
import type { FenceState } from './fence-html.js';

/** How long changes to the workspace's maps (typing in a .cjm file) must pause before the fences are drawn again. */
const WORKSPACE_SETTLE_MS = 500;
/** The fences whose maps are kept (the Markdown documents being previewed hold far fewer). */
const MAX_KEPT = 64;

const DRAWING: FenceState = { kind: 'drawing' };

/**
 * The maps of the ```cjm fences the Markdown preview shows. markdown-it renders synchronously and
 * the language server answers asynchronously: a fence not asked for yet is drawn as "Drawing the
 * map…" while its map is asked for, and the preview is refreshed once every answer is in. When a
 * .cjm file of the workspace changes (the server publishes diagnostics for it), every fence is
 * asked for again, showing its last map meanwhile.
 */
export class FenceModels implements vscode.Disposable {
    private readonly kept = new Map<string, { state: FenceState; generation: number }>();
    private generation = 0;
    private pending = 0;
    private refreshTimer: ReturnType<typeof setTimeout> | undefined;
    private readonly disposables: vscode.Disposable[];

    constructor(private readonly client: BaseLanguageClient, private readonly output: vscode.LogOutputChannel) {
        this.disposables = [
            vscode.languages.onDidChangeDiagnostics((event) => {
                if (this.kept.size > 0 && event.uris.some((uri) => uri.path.endsWith('.cjm'))) {
                    this.generation++;
                    this.refreshPreviews(WORKSPACE_SETTLE_MS);
                }
            })
        ];
    }

    /** What a fence with this text shows now; asks the server when its map is missing or older than the workspace. */
    stateOf(text: string): FenceState {
        const entry = this.kept.get(text);
        if (entry) {
            // The most recently shown last: the first is the one to forget.
            this.kept.delete(text);
            this.kept.set(text, entry);
        }
        if (!entry || entry.generation < this.generation) {
            this.ask(text, entry?.state ?? DRAWING);
        }
        return entry?.state ?? DRAWING;
    }

    dispose(): void {
        clearTimeout(this.refreshTimer);
        this.disposables.forEach((disposable) => disposable.dispose());
    }

    private ask(text: string, meanwhile: FenceState): void {
        const generation = this.generation;
        this.kept.set(text, { state: meanwhile, generation });
        for (const [oldest] of this.kept) {
            if (this.kept.size <= MAX_KEPT) {
                break;
            }
            this.kept.delete(oldest);
        }
        this.pending++;
        const params: DetachedRenderModelParams = { text };
        this.client.sendRequest<RenderModel>(DETACHED_RENDER_MODEL_REQUEST, params).then(
            (model): FenceState => ({ kind: 'drawn', model }),
            (error: unknown): FenceState => {
                const reason = error instanceof Error ? error.message : String(error);
                this.output.warn(`[markdown] a cjm block could not be drawn: ${reason}`);
                return { kind: 'failed', reason };
            }
        ).then((state) => {
            const entry = this.kept.get(text);
            if (entry?.generation === generation) {
                entry.state = state;
            }
            if (--this.pending === 0) {
                this.refreshPreviews(0);
            }
        });
    }

    private refreshPreviews(delayMs: number): void {
        clearTimeout(this.refreshTimer);
        this.refreshTimer = setTimeout(() => void vscode.commands.executeCommand('markdown.preview.refresh'), delayMs);
    }
}
