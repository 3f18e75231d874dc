import { host } from './messaging.js';

/**
 * Forwards Content-Security-Policy violations to the extension's output channel: a blocked
 * script or style is otherwise invisible to the user, and usually means a rendering bug.
 */
export function reportCspViolations(): void {
    document.addEventListener('securitypolicyviolation', (event) => {
        host.postMessage({
            type: 'cspViolation',
            message: `${event.effectiveDirective} blocked ${event.blockedURI || 'inline content'} (${event.sourceFile || 'preview'}:${event.lineNumber})`
        });
    });
}
