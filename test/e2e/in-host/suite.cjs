// In-host tests: loaded by VS Code's extension host as `extensionTestsPath`, next to the extension
// under development, with the real `vscode` API. Plain CommonJS because the extension host
// `require`s it; no test framework so that nothing needs bundling. VS Code calls `run()` and
// reports a rejection as a failed run (exit code 1).
const assert = require('node:assert/strict');
const vscode = require('vscode');

const EXTENSION_ID = 'cjm.cjm-vscode';
const COMMANDS = ['cjm.showPreview', 'cjm.showPreviewToSide', 'cjm.exportSvg', 'cjm.exportPng', 'cjm.exportMarkdown'];
const MARK = '[cjm-in-host]';

/** Resolves when `condition()` returns a truthy value; rejects with `what` after `timeoutMs`. */
async function waitFor(what, condition, timeoutMs = 20_000) {
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
    const document = await vscode.workspace.openTextDocument(workspaceFile('checkout.cjm'));
    const editor = await vscode.window.showTextDocument(document);
    return { document, editor };
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
        'CJM: Open Preview to the Side opens a preview tab beside the map',
        async () => {
            await openCheckout();
            await vscode.commands.executeCommand('cjm.showPreviewToSide');
            const tab = await waitFor('a preview tab', () =>
                vscode.window.tabGroups.all.flatMap((group) => group.tabs).find((candidate) => candidate.label.includes('checkout.cjm') && candidate.input instanceof vscode.TabInputWebview)
            );
            assert.notEqual(tab.group.viewColumn, vscode.ViewColumn.One);
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
