import type { OverviewState, PreviewState, WebviewToHost } from '../protocol.js';

/** The only host API a webview has: post a message, and keep a little state across reloads. */
interface VsCodeApi {
    postMessage(message: WebviewToHost): void;
    getState(): unknown;
    setState(state: PreviewState | OverviewState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** The host API, acquired once (VS Code throws on a second call). */
export const host: VsCodeApi = acquireVsCodeApi();
