// In-host tests: loaded by VS Code's extension host as `extensionTestsPath`, next to the extension
// under development, with the real `vscode` API. Plain CommonJS because the extension host
// `require`s it; no test framework so that nothing needs bundling. VS Code calls `run()` and
// reports a rejection as a failed run (exit code 1). The same suite runs in the Node extension
// host and in the browser's web-worker extension host, where `require` knows only `vscode`: so
// no Node module here, and the few checks that differ ask `IN_WEB_WORKER`.
const vscode = require('vscode');

/** True in the web-worker extension host (vscode.dev, github.dev, code-server with a web extension). */
const IN_WEB_WORKER = typeof process === 'undefined' || !process.versions || !process.versions.node;

/** The assertions the suite needs, written out because `node:assert` does not exist in a web worker. */
const assert = {
    ok(value, message) {
        if (!value) {
            throw new Error(message || `expected a truthy value, got ${JSON.stringify(value)}`);
        }
    },
    equal(actual, expected, message) {
        if (actual !== expected) {
            throw new Error(message || `expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
        }
    },
    notEqual(actual, unexpected, message) {
        if (actual === unexpected) {
            throw new Error(message || `expected anything but ${JSON.stringify(unexpected)}`);
        }
    },
    deepEqual(actual, expected, message) {
        if (JSON.stringify(actual) !== JSON.stringify(expected)) {
            throw new Error(message || `expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
        }
    },
    match(text, pattern, message) {
        if (!pattern.test(text)) {
            throw new Error(message || `expected ${JSON.stringify(text)} to match ${pattern}`);
        }
    }
};

const EXTENSION_ID = 'cjm.cjm-vscode';
const COMMANDS = [
    'cjm.showPreview',
    'cjm.showPreviewToSide',
    'cjm.showLockedPreviewToSide',
    'cjm.togglePreviewLock',
    'cjm.showSource',
    'cjm.refreshPreview',
    'cjm.exportSvg',
    'cjm.exportPng',
    'cjm.exportMarkdown',
    'cjm.exportPdf'
];
const MARK = '[cjm-in-host]';
/** How long one step may take, as STEP_TIMEOUT in ../harness/timeouts.ts: a bound for a hang on a busy machine. */
const STEP_TIMEOUT_MS = 60_000;

/** Resolves when `condition()` returns a truthy value; rejects with `what` after `timeoutMs`. */
async function waitFor(what, condition, timeoutMs = STEP_TIMEOUT_MS) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const value = await condition();
        if (value) {
            return value;
        }
        if (Date.now() > deadline) {
            throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
    }
}

function workspaceFile(name) {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the test run opens a workspace folder');
    return vscode.Uri.joinPath(folder.uri, name);
}

function codeOf(diagnostic) {
    return typeof diagnostic.code === 'object' ? String(diagnostic.code.value) : String(diagnostic.code);
}

async function openCheckout() {
    return openMap('checkout.cjm');
}

async function openMap(name) {
    const document = await vscode.workspace.openTextDocument(workspaceFile(name));
    const editor = await vscode.window.showTextDocument(document, vscode.ViewColumn.One);
    return { document, editor };
}

/** Resolves with the first value `event` fires that `accept`s; rejects after `timeoutMs`. */
function nextEvent(what, event, accept, timeoutMs = STEP_TIMEOUT_MS) {
    return new Promise((resolve, reject) => {
        const listener = event((value) => {
            if (accept(value)) {
                listener.dispose();
                clearTimeout(timer);
                resolve(value);
            }
        });
        const timer = setTimeout(() => {
            listener.dispose();
            reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
        }, timeoutMs);
    });
}

/** The labels of the open preview tabs, sorted. */
function previewTabs() {
    return vscode.window.tabGroups.all
        .flatMap((group) => group.tabs)
        .filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('cjm.preview'))
        .map((tab) => tab.label)
        .sort();
}

/** Resolves when the preview tabs are exactly `labels`, checking as the workbench reports tab changes. */
function previewTabsAre(labels, timeoutMs = STEP_TIMEOUT_MS) {
    const wanted = JSON.stringify([...labels].sort());
    return new Promise((resolve, reject) => {
        const check = () => {
            if (JSON.stringify(previewTabs()) === wanted) {
                listener.dispose();
                clearTimeout(timer);
                resolve();
            }
        };
        const listener = vscode.window.tabGroups.onDidChangeTabs(check);
        const timer = setTimeout(() => {
            listener.dispose();
            reject(new Error(`timed out after ${timeoutMs} ms waiting for the preview tabs ${wanted}; open: ${JSON.stringify(previewTabs())}`));
        }, timeoutMs);
        check();
    });
}

async function closePreviews() {
    const tabs = vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => tab.input instanceof vscode.TabInputWebview);
    await vscode.window.tabGroups.close(tabs);
    await previewTabsAre([]);
}

const tests = [
    [
        'opening a .cjm file activates the extension',
        async () => {
            const { document } = await openCheckout();
            assert.equal(document.languageId, 'cjm');
            const extension = vscode.extensions.getExtension(EXTENSION_ID);
            assert.ok(extension, `${EXTENSION_ID} is loaded`);
            await waitFor('activation', () => extension.isActive);
        }
    ],
    [
        'registers its commands',
        async () => {
            const commands = await vscode.commands.getCommands(true);
            for (const command of COMMANDS) {
                assert.ok(commands.includes(command), `${command} is registered`);
            }
        }
    ],
    [
        'the language client answers hovers and completions from the server',
        async () => {
            const { document } = await openCheckout();
            const line = document.getText().split('\n').findIndex((text) => text.trim() === 'persona maya');
            const position = new vscode.Position(line, document.lineAt(line).text.indexOf('maya') + 1);
            const hovers = await waitFor('a hover on `maya`', async () => {
                const result = await vscode.commands.executeCommand('vscode.executeHoverProvider', document.uri, position);
                return result && result.length > 0 ? result : undefined;
            });
            const text = hovers.flatMap((hover) => hover.contents.map((content) => (typeof content === 'string' ? content : content.value))).join('\n');
            assert.match(text, /Maya, busy parent/);

            // Right after `feels `, where an emotion goes.
            const feels = document.getText().split('\n').findIndex((text) => text.trim().startsWith('feels curious'));
            const at = new vscode.Position(feels, document.lineAt(feels).text.indexOf('curious'));
            const list = await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', document.uri, at);
            const labels = list.items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
            assert.ok(labels.includes('reassured'), `completions offer the file's own emotions: ${labels.slice(0, 20).join(', ')}`);
        }
    ],
    [
        'the examples have no errors, and an unknown persona is a `linking-error`',
        async () => {
            const { document, editor } = await openCheckout();
            const errors = () => vscode.languages.getDiagnostics(document.uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
            assert.deepEqual(errors().map((d) => d.message), []);

            const line = document.getText().split('\n').findIndex((text) => text.trim() === 'persona maya');
            const start = document.lineAt(line).text.indexOf('maya');
            const range = new vscode.Range(line, start, line, start + 4);
            await editor.edit((edit) => edit.replace(range, 'nobody'));
            try {
                const found = await waitFor('a linking-error on `nobody`', () => errors().find((d) => codeOf(d) === 'linking-error'));
                assert.equal(found.range.start.line, line);
            } finally {
                await vscode.commands.executeCommand('undo');
            }
            await waitFor('the error to clear after undo', () => errors().length === 0);
        }
    ],
    [
        'CJM: Open Preview to the Side opens a preview tab beside the map, titled at once',
        async () => {
            await openCheckout();
            await vscode.commands.executeCommand('cjm.showPreviewToSide');
            const tab = await waitFor('a preview tab', () =>
                vscode.window.tabGroups.all.flatMap((group) => group.tabs).find((candidate) => candidate.input instanceof vscode.TabInputWebview)
            );
            // Named for its file from the start, not once the server has answered.
            assert.equal(tab.label, 'Preview checkout.cjm');
            assert.notEqual(tab.group.viewColumn, vscode.ViewColumn.One);
            await closePreviews();
        }
    ],
    [
        'the extension runs in the extension host the run asked for',
        async () => {
            const extension = vscode.extensions.getExtension(EXTENSION_ID);
            // A web extension runs where the UI is; a Node one beside the workspace.
            assert.equal(extension.extensionKind, IN_WEB_WORKER ? vscode.ExtensionKind.UI : vscode.ExtensionKind.Workspace);
            console.log(`${MARK} host: ${IN_WEB_WORKER ? 'web worker' : `Node ${process.versions.node}`}`);
        }
    ],
    [
        'rename of a persona reaches every file of the workspace that uses it',
        async () => {
            const document = await vscode.workspace.openTextDocument(workspaceFile('personas.cjm'));
            const line = document.getText().split('\n').findIndex((text) => text.startsWith('persona maya'));
            const position = new vscode.Position(line, 'persona m'.length);
            const edit = await waitFor('a rename edit', () => vscode.commands.executeCommand('vscode.executeDocumentRenameProvider', document.uri, position, 'mia'));
            const files = edit.entries().map(([uri]) => uri.path.slice(uri.path.lastIndexOf('/') + 1)).sort();
            assert.deepEqual(files, ['checkout.cjm', 'lifecycle.cjm', 'personas.cjm', 'school-shoes.cjm']);
        }
    ],
    [
        'completion offers a persona declared in another file',
        async () => {
            const { document } = await openCheckout();
            const line = document.getText().split('\n').findIndex((text) => text.trim() === 'persona maya');
            const at = new vscode.Position(line, document.lineAt(line).text.indexOf('maya'));
            const list = await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', document.uri, at);
            const labels = list.items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
            assert.ok(labels.includes('maya'), `completions offer personas.cjm's maya: ${labels.slice(0, 20).join(', ')}`);
        }
    ],
    [
        'a preview may load only the extension\'s media/ and dist/webview/ folders',
        async () => {
            if (IN_WEB_WORKER) {
                // The browser bundle exports nothing a test could require; the Node run checks the roots both entry points share.
                return;
            }
            const extension = vscode.extensions.getExtension(EXTENSION_ID);
            const bundle = require(require('node:path').join(extension.extensionPath, 'dist', 'extension.cjs'));
            const roots = bundle.previewResourceRoots(extension.extensionUri).map((uri) => uri.toString());
            assert.deepEqual(roots, [vscode.Uri.joinPath(extension.extensionUri, 'media').toString(), vscode.Uri.joinPath(extension.extensionUri, 'dist', 'webview').toString()]);
        }
    ],
    [
        'one dynamic preview follows the active editor; locked previews stay on their files',
        async () => {
            await openCheckout();
            await vscode.commands.executeCommand('cjm.showPreviewToSide');
            await previewTabsAre(['Preview checkout.cjm']);
            await openMap('onboarding.cjm');
            await previewTabsAre(['Preview onboarding.cjm']);
            // Open Preview reuses the dynamic preview rather than opening a second one.
            await vscode.commands.executeCommand('cjm.showPreviewToSide');
            await vscode.commands.executeCommand('cjm.showPreviewToSide', workspaceFile('checkout.cjm'));
            await previewTabsAre(['Preview checkout.cjm']);

            await vscode.commands.executeCommand('cjm.showLockedPreviewToSide', workspaceFile('billing-support.cjm'));
            await previewTabsAre(['Preview checkout.cjm', '[Preview] billing-support.cjm']);
            // Asked again, the locked preview is brought forward, not duplicated.
            await vscode.commands.executeCommand('cjm.showLockedPreviewToSide', workspaceFile('billing-support.cjm'));
            await openMap('personas.cjm');
            await previewTabsAre(['Preview personas.cjm', '[Preview] billing-support.cjm']);

            // The editor shows personas.cjm: the lock toggles the preview that shows it.
            await vscode.commands.executeCommand('cjm.togglePreviewLock');
            await previewTabsAre(['[Preview] personas.cjm', '[Preview] billing-support.cjm']);
            await openCheckout();
            await vscode.commands.executeCommand('cjm.showPreview');
            await previewTabsAre(['Preview checkout.cjm', '[Preview] personas.cjm', '[Preview] billing-support.cjm']);
            await closePreviews();
        }
    ],
    [
        'Show Source opens the file of the preview commands act on',
        async () => {
            await openMap('onboarding.cjm');
            await vscode.commands.executeCommand('cjm.showLockedPreviewToSide');
            await previewTabsAre(['[Preview] onboarding.cjm']);
            await openCheckout();
            // No preview shows checkout.cjm: the only preview is the one commands act on.
            const shown = nextEvent('onboarding.cjm in the active editor', vscode.window.onDidChangeActiveTextEditor, (editor) => editor?.document.uri.path.endsWith('/onboarding.cjm'));
            await vscode.commands.executeCommand('cjm.showSource');
            await shown;
            await closePreviews();
        }
    ]
];

/** Runs every test in order, logs one line per test, and rejects if any failed. */
exports.run = async function run() {
    const failures = [];
    for (const [name, body] of tests) {
        const started = Date.now();
        try {
            await body();
            console.log(`${MARK} ✓ ${name} (${Date.now() - started} ms)`);
        } catch (error) {
            failures.push(name);
            console.log(`${MARK} ✗ ${name}: ${error && error.stack ? error.stack : error}`);
        }
    }
    console.log(`${MARK} ${tests.length - failures.length} passed, ${failures.length} failed`);
    if (failures.length > 0) {
        throw new Error(`${failures.length} in-host test(s) failed: ${failures.join('; ')}`);
    }
};
