/**
 * The host side of the preview's defences, with a stand-in for the `vscode` module (the real one
 * exists only inside VS Code): what a webview may load from disk, and what the serializer does
 * with the state a webview saved (which the webview, not the extension, controls).
 */
import { beforeEach, describe, expect, test, vi } from 'vitest';

/** A `vscode.Uri` as far as these files use it. */
class FakeUri {
    constructor(readonly scheme: string, readonly path: string) {}
    static file(path: string): FakeUri {
        return new FakeUri('file', path);
    }
    static joinPath(base: FakeUri, ...parts: string[]): FakeUri {
        return new FakeUri(base.scheme, [base.path, ...parts].join('/'));
    }
    static parse(value: string, strict?: boolean): FakeUri {
        const match = /^([a-z][a-z0-9+.-]*):(\/\/[^/]*)?(.*)$/i.exec(value);
        if (!match && strict) {
            throw new Error(`[UriError]: Scheme is missing: ${value}`);
        }
        return new FakeUri(match?.[1] ?? 'file', match?.[3] ?? value);
    }
    toString(): string {
        return `${this.scheme}://${this.path}`;
    }
}

const host = vi.hoisted(() => ({
    /** Paths `workspace.fs.stat` finds. */
    existing: new Set<string>(),
    /** Arguments each PreviewPanel stand-in was built with. */
    panels: [] as unknown[][]
}));

vi.mock('vscode', () => ({
    Uri: FakeUri,
    workspace: {
        fs: {
            stat: async (uri: FakeUri) => {
                if (!host.existing.has(uri.path)) {
                    throw new Error(`EntryNotFound (FileSystemError): ${uri.path}`);
                }
                return { type: 1 };
            }
        }
    },
    EventEmitter: class {
        event = () => ({ dispose() {} });
        fire() {}
        dispose() {}
    }
}));

// The serializer's only job here is to decide whether a restored panel is built; the panel itself is a stand-in.
vi.mock('../src/preview/preview-panel.js', async (importOriginal) => ({
    ...(await importOriginal<typeof import('../src/preview/preview-panel.js')>()),
    PreviewPanel: class {
        constructor(...args: unknown[]) {
            host.panels.push(args);
        }
    }
}));

const { previewResourceRoots, previewWebviewOptions } = await import('../src/preview/preview-panel.js');
const { PreviewSerializer } = await import('../src/preview/preview-serializer.js');

const EXTENSION = FakeUri.file('/home/user/.vscode/extensions/cjm.cjm-vscode-0.1.0');

describe('what a preview webview may load', () => {
    test('only the extension\'s media and webview bundle folders: no workspace, home or root folder', () => {
        const options = previewWebviewOptions(EXTENSION as never);
        expect(options).toEqual({ enableScripts: true, enableForms: false, localResourceRoots: previewResourceRoots(EXTENSION as never) });
        expect(options.localResourceRoots?.map(String)).toEqual([
            'file:///home/user/.vscode/extensions/cjm.cjm-vscode-0.1.0/media',
            'file:///home/user/.vscode/extensions/cjm.cjm-vscode-0.1.0/dist/webview'
        ]);
        // Command links would let text in the page run VS Code commands.
        expect(options.enableCommandUris).toBeUndefined();
    });
});

describe('restoring a preview from the state its webview saved', () => {
    const manager = { track: vi.fn() };
    const context = { output: { info: vi.fn() } };

    beforeEach(() => {
        host.existing.clear();
        host.panels.length = 0;
        manager.track.mockClear();
    });

    async function restore(state: unknown): Promise<{ disposed: boolean }> {
        const panel = { disposed: false, dispose() { this.disposed = true; } };
        await new PreviewSerializer(manager as never, context as never).deserializeWebviewPanel(panel as never, state);
        return { disposed: panel.disposed };
    }

    test('a valid state of a file that exists restores the preview, locked as it was', async () => {
        host.existing.add('/maps/checkout.cjm');
        expect(await restore({ uri: 'file:///maps/checkout.cjm', journeyId: 'checkout', locked: true, scrollY: 10 })).toEqual({ disposed: false });
        expect(host.panels).toHaveLength(1);
        expect(String(host.panels[0][1])).toBe('file:///maps/checkout.cjm');
        expect(host.panels[0][2]).toEqual({ journeyId: 'checkout', locked: true });
        expect(manager.track).toHaveBeenCalledTimes(1);
    });

    test('a state that is not a preview state, or names a file that is gone, closes the panel instead', async () => {
        const states = [
            undefined,
            null,
            'file:///maps/checkout.cjm',
            { uri: 42 },
            { uri: '' },
            { uri: 'not a uri' },
            { uri: 'file:///maps/deleted.cjm' },
            { uri: ['file:///maps/checkout.cjm'] },
            { journeyId: 'checkout' }
        ];
        host.existing.add('/maps/checkout.cjm');
        for (const state of states) {
            expect(await restore(state), JSON.stringify(state)).toEqual({ disposed: true });
        }
        expect(host.panels).toEqual([]);
        expect(manager.track).not.toHaveBeenCalled();
    });

    test('fields of the wrong type are dropped, not passed on', async () => {
        host.existing.add('/maps/checkout.cjm');
        await restore({ uri: 'file:///maps/checkout.cjm', journeyId: { toString: 'x' }, locked: 'yes' });
        expect(host.panels[0][2]).toEqual({ journeyId: undefined, locked: false });
    });
});
