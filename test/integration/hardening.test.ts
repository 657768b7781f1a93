// Unlucky networks and hostile text in a real VS Code against the sandbox. The network faults are real:
// the extension's session talks to the embedded sandbox through a fault-injecting proxy that loses the
// answer to an update (after the sandbox applied it) or never answers a read.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { AwsError } from '../../src/aws/errors';
import { createSession } from '../../src/aws/index';
import type { AwsSession } from '../../src/aws/types';
import type { ExtensionApi } from '../../src/extension';
import type { PublishOutcome } from '../../src/ui/operations/publishOperation';
import { startFaultProxy, type FaultProxy } from '../harness/faultProxy';
import { answerPrompts, child, replaceInteraction, rows, sandboxApi, setSetting, waitFor, withAnswers } from './fleetHelpers';

const TIMEOUT_MS = 2000;
/** What VS Code turns into a link in a notification message: `[label](scheme…)`. */
const NOTIFICATION_LINK = /\[[^\]]+\]\((?:https?:\/\/|command:|file:)[^)\s]+\)/i;

function uri(thing: string, shadow: string, connection = 'sandbox'): vscode.Uri {
  return vscode.Uri.from({ scheme: 'lwm2m-shadow', path: `/${connection}/${thing}/${shadow}.json` });
}

const publish = (target?: vscode.Uri) => vscode.commands.executeCommand<PublishOutcome>('lwm2mShadows.publishOperation', target);

suite('Hardening: lost answers, hung servers, hostile text, unsaved text', () => {
  let api: ExtensionApi;
  let sandbox: AwsSession;
  let proxy: FaultProxy;
  let proxied: AwsSession;
  let thing: string;

  const isUpdate = (thingName: string) => (r: { method: string; url: string }) =>
    r.method === 'POST' && r.url.includes(`/things/${encodeURIComponent(thingName)}/shadow`) && r.url.includes('name=operation');
  const isRead = (thingName: string, shadow: string) => (r: { method: string; url: string }) =>
    r.method === 'GET' && r.url.includes(`/things/${encodeURIComponent(thingName)}/shadow`) && r.url.includes(`name=${shadow}`);

  suiteSetup(async () => {
    await setSetting('datamodel.refreshIntervalSeconds', 0);
    api = await sandboxApi();
    sandbox = api.connection.session()!;
    // The last online tracker_v2 thing: other suites use the first things of each type.
    const type = await child(api, undefined, 'tracker_v2');
    for (const t of (await rows(api, type.node)).reverse()) {
      if (!t.label.startsWith('urn:')) continue;
      if ((await child(api, t.node, 'Classic')).description.startsWith('online')) {
        thing = t.label;
        break;
      }
    }
    assert.ok(thing, 'an online tracker_v2 thing');
    proxy = await startFaultProxy(sandbox.spec.endpoint!);
    // The same connection id ("sandbox"), so the documents are the same; only the way to the sandbox differs.
    proxied = createSession({ ...sandbox.spec, endpoint: proxy.url, requestTimeoutMs: TIMEOUT_MS });
    await api.connection.useSession(proxied);
  });

  teardown(async () => {
    proxy.clear();
    proxy.requests.length = 0;
    answerPrompts(api, undefined);
    // Unsaved documents first (closing them would ask to save), then the rest.
    for (const doc of vscode.workspace.textDocuments.filter((d) => d.isDirty)) {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  suiteTeardown(async () => {
    await api.connection.useSession(sandbox);
    proxied.dispose();
    await proxy.close();
    await setSetting('datamodel.refreshIntervalSeconds', undefined);
  });

  async function openWith(request: unknown): Promise<{ doc: vscode.TextDocument; text: string }> {
    const doc = await vscode.workspace.openTextDocument(uri(thing, 'operation'));
    const editor = await vscode.window.showTextDocument(doc);
    const opened = JSON.parse(doc.getText());
    const text = JSON.stringify({ state: { desired: request }, version: opened.version }, null, 2) + '\n';
    await editor.edit((e) => e.replace(new vscode.Range(0, 0, doc.lineCount, 0), text));
    return { doc, text };
  }

  test('a lost answer to Publish: the request is applied once and reported as published, not as someone else\'s change', async () => {
    const before = await sandbox.shadows.get(thing, 'operation');
    const historyBefore = api.operationHistory('sandbox').length;
    const { doc } = await openWith({ operation: 'read', keys: ['Device.0.Battery Level'] });
    proxy.add({ match: isUpdate(thing), fault: 'drop-response', times: 1 });
    const asked: string[] = [];
    answerPrompts(api, (message) => {
      asked.push(message);
      return undefined;
    });
    const outcome = await publish(doc.uri);
    assert.equal(outcome.status, 'answered', JSON.stringify(outcome));
    assert.equal(outcome.confirmedByReadBack, true);
    assert.deepEqual(asked, [], 'no "someone else changed it" question');
    assert.equal(proxy.requests.filter(isUpdate(thing)).length, 1, 'the request was sent once');
    assert.equal(outcome.acceptedVersion, before.version + 1, 'it made exactly the next version');
    assert.equal(api.operationHistory('sandbox').length, historyBefore + 1);
    assert.equal(doc.isDirty, false, 'the document shows the published shadow');
  });

  test('a lost answer whose read-back fails too: Publish says it may have been applied and keeps the text; publishing again sends nothing twice', async () => {
    const { doc, text } = await openWith({ operation: 'read', keys: ['Device.0.Manufacturer'] });
    proxy.add({ match: isUpdate(thing), fault: 'drop-response', times: 1 });
    proxy.add({ match: isRead(thing, 'operation'), fault: 'hang', times: 1 });
    const first = await publish(doc.uri);
    assert.equal(first.status, 'failed', JSON.stringify(first));
    assert.equal(first.maybeApplied, true);
    assert.match(first.message ?? '', /may have been applied/);
    assert.match(first.message ?? '', /your text is still in the editor/);
    assert.equal(doc.getText(), text, 'the text is kept');
    assert.equal(doc.isDirty, true);
    // The person publishes the same text again: 409 (it had landed), recognised as the earlier request.
    const asked: string[] = [];
    answerPrompts(api, (message) => {
      asked.push(message);
      return 'Overwrite';
    });
    const again = await publish(doc.uri);
    assert.equal(again.status, 'answered', JSON.stringify(again));
    assert.equal(again.confirmedByReadBack, true);
    assert.deepEqual(asked, [], 'not asked to overwrite: Overwrite would have sent it a second time');
    const sent = proxy.requests.filter(isUpdate(thing));
    assert.equal(sent.length, 2, 'the lost one and the refused (409) one');
    assert.equal(sent[1].fault, undefined);
  });

  test('a shadow the server never answers fails to open within the timeout, saying so', async () => {
    proxy.add({ match: isRead(thing, 'datamodel'), fault: 'hang' });
    const ref = { connection: 'sandbox', thingName: thing, shadowName: 'datamodel' };
    api.store.expire(ref);
    const t0 = performance.now();
    const err = await vscode.workspace.openTextDocument(uri(thing, 'datamodel')).then(() => undefined, (e: unknown) => e);
    const ms = performance.now() - t0;
    assert.ok(err, 'opening failed');
    assert.match(String((err as Error).message ?? err), new RegExp(`no answer from 127\\.0\\.0\\.1:${new URL(proxy.url).port} in 2 s`));
    // VS Code asks the file system more than once (stat, read), each a single request: one timeout, not three.
    assert.ok(ms < 2 * TIMEOUT_MS, `within the timeout, no retry after it (${Math.round(ms)} ms)`);
  });

  test('document and AWS text in notifications never becomes a link', async () => {
    const { doc } = await openWith({ operation: 'read', keys: ['Device.0.[Reboot](command:workbench.action.closeWindow)'] });
    const refused = await publish(doc.uri);
    assert.equal(refused.status, 'refused', JSON.stringify(refused));
    assert.match(refused.message ?? '', /Reboot/);
    assert.doesNotMatch(refused.message ?? '', NOTIFICATION_LINK, 'the key text is inert');

    const failing = (e: Error): AwsSession => ({
      ...proxied,
      shadows: { ...proxied.shadows, get: async () => { throw e; }, update: async () => { throw e; } },
    });
    await api.connection.useSession(failing(new AwsError('invalid-request', 'UpdateThingShadow: [Fix it](command:workbench.action.closeWindow) now', { status: 400 })));
    try {
      api.store.expire({ connection: 'sandbox', thingName: thing, shadowName: 'operation' });
      await openWith({ operation: 'read', keys: ['Device.0.Manufacturer'] }).catch(() => undefined);
      const shown: string[] = [];
      replaceInteraction(api, { notify: async (level, message) => { if (level === 'error') shown.push(message); return undefined; } });
      const docNow = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri(thing, 'operation').toString());
      await publish(docNow?.uri ?? uri(thing, 'operation'));
      const message = await waitFor('the error message', () => shown.find((m) => /Fix it/.test(m)));
      assert.doesNotMatch(message, NOTIFICATION_LINK);
    } finally {
      replaceInteraction(api, { notify: undefined });
      await api.connection.useSession(proxied);
    }
  });

  test('"Run in Terminal" for an SSO sign-in quotes the profile name', async () => {
    const profile = 'dev; touch /tmp/lwm2m-pwned';
    const expired = new AwsError('credentials', 'GetThingShadow: credentials are missing, invalid or expired: The SSO session associated with this profile has expired', {
      profile, action: `Sign in again: run \`aws sso login --profile ${profile}\`, then retry.`,
    });
    await api.connection.useSession({ ...proxied, shadows: { ...proxied.shadows, get: async () => { throw expired; }, update: async () => { throw expired; } } });
    try {
      // The person clicks "Run in Terminal" on the SSO message; what would run in the terminal is recorded.
      const buttons: string[][] = [];
      const ran: { name: string; commandLine: string }[] = [];
      replaceInteraction(api, {
        notify: async (level, message, ...actions) => {
          if (level !== 'error' || !/SSO session/.test(message)) return undefined;
          buttons.push(actions);
          return actions.find((a) => a === 'Run in Terminal');
        },
        runInTerminal: async (name, commandLine) => void ran.push({ name, commandLine }),
      });
      const { doc } = await openWith({ operation: 'read', keys: ['Device.0.Manufacturer'] }).catch(() => ({ doc: undefined }));
      api.store.expire({ connection: 'sandbox', thingName: thing, shadowName: 'operation' });
      await publish(doc?.uri ?? uri(thing, 'operation'));
      const terminal = await waitFor('the sign-in command run in a terminal', () => ran[0]);
      assert.ok(buttons[0].includes('Run in Terminal'), JSON.stringify(buttons));
      assert.equal(terminal.commandLine, "aws sso login --profile 'dev; touch /tmp/lwm2m-pwned'");
    } finally {
      replaceInteraction(api, { notify: undefined, runInTerminal: undefined });
      await api.connection.useSession(proxied);
    }
  });

  test('switching the connection keeps an unsaved shadow document\'s text, bound to its own connection', async () => {
    const request = { operation: 'read', keys: ['Device.0.Firmware Version'] };
    const { doc, text } = await openWith(request);
    const other = createSession({ ...sandbox.spec, id: 'other@us-east-1', label: 'other (us-east-1)' });
    await api.connection.useSession(other);
    try {
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(doc.isClosed, false);
      assert.equal(doc.isDirty, true);
      assert.equal(doc.getText(), text, 'the text is kept');
      // It still publishes to the connection it was read from.
      await api.connection.useSession(proxied);
      const outcome = await publish(doc.uri);
      assert.equal(outcome.status, 'answered', JSON.stringify(outcome));
      assert.deepEqual((await sandbox.shadows.get(thing, 'operation')).state.desired, request);
    } finally {
      await api.connection.useSession(proxied);
      other.dispose();
    }
  });

  test('a live tail that stalls: the status bar leaves "live" and returns once a new session runs', async function () {
    this.timeout(45_000);
    // The extension's own time limits (30 s socket timeout): the 10 s stall check must be what notices.
    const asShipped = createSession({ ...sandbox.spec, endpoint: proxy.url });
    await api.connection.useSession(asShipped);
    // The session starts and sends its first updates, then falls silent with its connection open.
    proxy.add({ match: (r) => String(r.headers['x-amz-target'] ?? '').endsWith('StartLiveTail'), fault: 'stall', times: 1, afterMs: 2500 });
    await withAnswers(api, { picks: ['/aws/lambda/Lwm2mOperation', 'From now on'] }, () => vscode.commands.executeCommand('lwm2mShadows.streamLogs'));
    try {
      assert.equal(api.logs.state(), 'live');
      const t0 = performance.now();
      // AWS sends a session update every second: after 10 s without one the stream counts as stalled.
      // The "reconnecting" state can last only milliseconds when the next session starts at once (an idle
      // machine), so the stall is recognised by the state or by the line the channel writes when it happens.
      const stallLine = (l: string) => /live tail stopped sending updates: reconnecting/.test(l);
      await waitFor('the stall to be noticed', () => {
        assert.equal(api.logs.state() === 'polling', false, `live tail was given up: ${api.logs.lines().slice(-3).join(' | ')}`);
        return api.logs.state() === 'reconnecting' || api.logs.lines().some(stallLine) || undefined;
      }, 20_000);
      const noticedMs = performance.now() - t0;
      await waitFor('live again', () => api.logs.state() === 'live' || undefined, 15_000);
      assert.ok(noticedMs >= 10_000 && noticedMs < 16_000, `noticed about 10 s after the last update (${Math.round(noticedMs)} ms)`);
      assert.ok(api.logs.lines().some(stallLine), 'the channel says what happened');
      assert.equal(proxy.requests.filter((r) => r.fault === 'stall').length, 1);
    } finally {
      await vscode.commands.executeCommand('lwm2mShadows.stopLogs');
      await api.connection.useSession(proxied);
      asShipped.dispose();
    }
  });

  test('after Publish, the published document is reverted, not the editor that is active', async () => {
    const { doc, text } = await openWith({ operation: 'read', keys: ['Device.0.Battery Level'] });
    const published = JSON.parse(text).state.desired;
    // The network is slow after the update: the reads that follow it are held while the person works elsewhere.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const afterUpdate = (r: { method: string; url: string }) => isRead(thing, 'operation')(r) && proxy.requests.some(isUpdate(thing));
    proxy.add({ match: afterUpdate, fault: 'hold', until: held });
    const outcome = publish(doc.uri);
    try {
      await waitFor('Publish to wait for the network after the update', () => proxy.requests.some((r) => r.fault === 'hold'));
      // Meanwhile the person clicks into another unsaved editor and types.
      const scratch = await vscode.workspace.openTextDocument({ content: 'notes the user is typing\n' });
      const editor = await vscode.window.showTextDocument(scratch, { viewColumn: vscode.ViewColumn.Beside });
      assert.ok(await editor.edit((e) => e.insert(new vscode.Position(1, 0), 'more notes\n')));
      release();
      const done = await outcome;
      assert.equal(done.status, 'answered', JSON.stringify(done));
      assert.equal(vscode.window.activeTextEditor?.document, scratch, 'the editor the person is typing in keeps the focus');
      assert.equal(scratch.getText(), 'notes the user is typing\nmore notes\n', 'the other editor is untouched');
      assert.equal(scratch.isDirty, true, 'and keeps its unsaved text');
      assert.equal(doc.isDirty, false, 'the published document was brought back to the shadow');
      assert.equal(api.files.drafts.get({ connection: 'sandbox', thingName: thing }), undefined, 'no draft was kept for it');
      // It ends showing what the shadow holds (the answer included), the published request in desired.
      const shown = await waitFor('the published document to show the shadow', async () => {
        const now = await sandbox.shadows.get(thing, 'operation');
        const parsed = JSON.parse(doc.getText());
        return parsed.version === now.version && !doc.isDirty ? parsed : undefined;
      });
      assert.deepEqual(shown.state.desired, published);
      assert.ok(shown.version >= (done.acceptedVersion ?? Infinity));
    } finally {
      release();
      await outcome.then(undefined, () => undefined);
    }
  });
});
