import type { Message, MessageStrategy, RequestMessage } from 'vscode-languageserver';
import { InitializeRequest } from 'vscode-languageserver';

/**
 * A connection option that repairs an `initialize` request before anyone reads it. Both
 * vscode-languageserver and Langium read `params.capabilities.workspace` unguarded, so a client
 * that omits `capabilities` (or sends something else there, or no params at all) got an internal
 * error and a server that never loaded its workspace. Such a request gets the capabilities of a
 * client that supports nothing optional, and `warn` is called once. Roots are checked later, by
 * WorkspaceRoots.
 */
export function initializeRepair(warn: (message: string) => void): MessageStrategy {
    return {
        handleMessage(message: Message, next: (message: Message) => ReturnType<MessageStrategy['handleMessage']>): ReturnType<MessageStrategy['handleMessage']> {
            const request = message as RequestMessage;
            if (request.method !== InitializeRequest.method) {
                return next(message);
            }
            const params = isObject(request.params) ? request.params as Record<string, unknown> : {};
            if (isObject(params.capabilities)) {
                return next({ ...request, params } as Message);
            }
            warn('CJM: the client sent no capabilities in initialize; the server assumes it supports nothing optional (plain-text completion, no watched-file notifications).');
            return next({ ...request, params: { processId: null, rootUri: null, ...params, capabilities: {} } } as Message);
        }
    };
}

function isObject(value: unknown): boolean {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
