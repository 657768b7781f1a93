// Streaming the integration's CloudWatch logs into the "LwM2M Shadows: CloudWatch" output channel, in a
// real VS Code against the sandbox: a request the Lwm2mOperation Lambda refuses shows its `Error: …`,
// START and END lines in the channel; stopping ends the stream.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import type { AwsSession } from '../../src/aws/types';
import type { TailOptions } from '../../src/aws/logs';
import { child, sandboxApi, rows, setSetting, waitFor, withAnswers } from './fleetHelpers';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const FROM_NOW = 'From now on';

suite('Integration logs on the sandbox', () => {
  let api: ExtensionApi;
  let session: AwsSession;
  let thing: string;

  /** A write whose values are fewer than its keys: the Lambda refuses it with this line (the same for any count). */
  async function refuse(keys: number): Promise<string> {
    const all = ['Device.0.Manufacturer', 'Device.0.Model Number', 'Device.0.Timezone', 'Device.0.UTC Offset'];
    await session.shadows.update(thing, 'operation', { desired: { operation: 'write', keys: all.slice(0, keys), values: ['x'] } });
    return 'Error: The number of keys must be equal to the number of values';
  }

  const linesWith = (text: string) => api.logs.lines().filter((l) => l.includes(text));

  /** A refusal whose line no other request writes: an operation name not implemented, made unique. */
  async function refuseAs(name: string): Promise<string> {
    await session.shadows.update(thing, 'operation', { desired: { operation: name, keys: ['Device.0.Manufacturer'] } });
    return `Error: operation ${name} is not implemented for AWS-CoioteDM integration`;
  }

  /**
   * A second tail of the Lambda's group, outside the product, from `since`: once it has delivered a line,
   * the sandbox had handed that event to every open live tail session, so a stream still running would
   * have it too. What the test waits for before it asserts that the product showed nothing.
   */
  function witness(since: number): { messages: string[]; stop: () => void } {
    const controller = new AbortController();
    const messages: string[] = [];
    void (async () => {
      try {
        for await (const batch of session.logs.tail(['/aws/lambda/Lwm2mOperation'], controller.signal, { since, pollIntervalMs: 2000 } as TailOptions)) {
          for (const e of batch.events) messages.push(e.message);
        }
      } catch { /* aborted */ }
    })();
    return { messages, stop: () => controller.abort() };
  }

  suiteSetup(async () => {
    api = await sandboxApi();
    session = api.connection.session()!;
    // A thing other suites leave alone: the last tracker_v2 thing.
    const type = await child(api, undefined, 'tracker_v2');
    thing = (await rows(api, type.node)).filter((r) => r.label.startsWith('urn:')).at(-1)?.label ?? '';
    assert.ok(thing, 'a tracker_v2 thing in the sandbox');
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('lwm2mShadows.stopLogs');
    await setSetting('logs.extraLogGroups', undefined);
  });

  /** Stream Integration Logs as a person runs it: these log groups picked, then "From now on". */
  const streamFromNow = (groups: string[]) =>
    withAnswers(api, { picks: [...groups, FROM_NOW] }, () => vscode.commands.executeCommand('lwm2mShadows.streamLogs'));

  test('a refused operation shows its Error, START and END lines in the channel, appended per batch; stop ends it', async function () {
    this.timeout(60_000);
    const groups = await session.logs.findIntegrationLogGroups();
    assert.ok(groups.includes('/aws/lambda/Lwm2mOperation'), `the integration's groups: ${groups.join(', ')}`);
    await streamFromNow(groups);
    assert.notEqual(api.logs.state(), 'idle', 'streaming');
    assert.ok(api.logs.lines().some((l) => l.includes('streaming') && l.includes('/aws/lambda/Lwm2mOperation')), 'the channel says what it streams');

    // Live tail follows from "now" once its session is open: a first refusal shows that it is.
    let warmedUp = false;
    for (let i = 0; i < 8 && !warmedUp; i++) {
      const line = await refuse(2);
      const before = linesWith(line).length;
      try {
        await waitFor('the warm-up refusal', () => linesWith(line).length > before || undefined, 3000);
        warmedUp = true;
      } catch { /* the session was not open yet: publish again */ }
    }
    assert.ok(warmedUp, 'the first refusal reached the channel');
    await sleep(500); // let the warm-up invocation's END/REPORT arrive

    const linesBefore = api.logs.lines().length;
    const appendsBefore = api.logs.appendCount();
    const t0 = performance.now();
    const expected = await refuse(3);
    const errorLine = await waitFor('the refusal in the channel', () => linesWith(expected)[0], 10_000);
    const ms = performance.now() - t0;
    console.log(`      Lambda refusal → its line in the channel: ${ms.toFixed(0)} ms (${api.logs.state()})`);
    assert.match(errorLine, /^\d\d:\d\d:\d\d\.\d{3} Lwm2mOperation \[[^\]]+\] Error: The number of keys must be equal to the number of values$/);
    const fresh = await waitFor('START, END and REPORT of the invocation', () => {
      const added = api.logs.lines().slice(linesBefore);
      return added.some((l) => / Lwm2mOperation \[[^\]]+\] END RequestId: /.test(l)) && added.some((l) => / REPORT RequestId: /.test(l)) ? added : undefined;
    }, 10_000);
    assert.ok(fresh.some((l) => / Lwm2mOperation \[[^\]]+\] START RequestId: /.test(l)), fresh.join('\n'));
    const appends = api.logs.appendCount() - appendsBefore;
    assert.ok(appends < fresh.length, `one append per batch, not per line: ${appends} appends for ${fresh.length} lines`);

    await vscode.commands.executeCommand('lwm2mShadows.stopLogs');
    assert.equal(api.logs.state(), 'idle');
    const stopped = api.logs.lines().length;
    assert.match(api.logs.lines()[stopped - 1]!, /stopped streaming/);
    // Two refusals after the stop, one after the other: once a tail outside the product has shown the
    // second, the first had long been handed to every live tail session, a stream not stopped included.
    const seen = witness(Date.now() - 1000);
    try {
      const afterStop = await refuseAs(`afterStop${Date.now()}`);
      await waitFor('the refusal after the stop, in a tail outside the product', () => seen.messages.some((m) => m.includes(afterStop)) || undefined, 15_000);
      const marker = await refuseAs(`marker${Date.now()}`);
      await waitFor('a later refusal, in a tail outside the product', () => seen.messages.some((m) => m.includes(marker)) || undefined, 15_000);
    } finally {
      seen.stop();
    }
    assert.equal(api.logs.lines().length, stopped, `no lines after stopping: ${api.logs.lines().slice(stopped).join('\n')}`);
  });

  test('"Show Logs" after a publish timeout: the Lambda\'s refusal written before is read back from then, then live tail follows', async function () {
    this.timeout(30_000);
    const since = Date.now() - 1000;
    const expected = await refuse(1 + 3); // keys 4, values 1
    await sleep(300);
    const seen = linesWith(expected).length;
    await vscode.commands.executeCommand('lwm2mShadows.streamLogs', { operationLambdaOnly: true, since });
    assert.equal(api.logs.state(), 'live');
    const line = await waitFor('the earlier refusal in the channel', () => (linesWith(expected).length > seen ? linesWith(expected).at(-1) : undefined), 10_000);
    assert.match(line, / Lwm2mOperation \[[^\]]+\] Error: The number of keys must be equal to the number of values$/);
    await vscode.commands.executeCommand('lwm2mShadows.stopLogs');
    assert.equal(api.logs.state(), 'idle');
  });

  test('run from the palette, "Last 5 minutes" (the first choice) shows the refusal of a request sent before, once, then live lines', async function () {
    this.timeout(60_000);
    await vscode.commands.executeCommand('lwm2mShadows.stopLogs');
    // Operation names no other test uses: their refusal lines are this test's own.
    const before = await refuseAs(`earlier${Date.now()}`);
    await sleep(1500);
    const linesBefore = api.logs.lines().length;
    // As a person does it: the command without arguments asks for the log groups, then where to start;
    // Enter takes what is preselected (the integration's groups, then the default "Last 5 minutes").
    const startedAt = Date.now();
    const run = vscode.commands.executeCommand('lwm2mShadows.streamLogs');
    let done = false;
    void run.then(() => { done = true; });
    for (let i = 0; i < 40 && !done; i++) {
      await sleep(400);
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    }
    await run;
    assert.notEqual(api.logs.state(), 'idle', 'streaming after two choices');
    const note = api.logs.lines().slice(linesBefore).find((l) => l.includes('showing events since'));
    assert.ok(note, api.logs.lines().slice(linesBefore).join('\n'));
    const [h, m, s] = note.match(/showing events since (\d\d):(\d\d):(\d\d)/)!.slice(1).map(Number);
    const start = new Date(startedAt);
    start.setHours(h!, m!, s!, 0);
    const back = (startedAt - start.getTime() + 86_400_000) % 86_400_000;
    assert.ok(back >= 4.5 * 60_000 && back <= 5.5 * 60_000, `starts 5 minutes back: ${note}`);

    await waitFor('the earlier refusal in the channel', () => linesWith(before)[0], 15_000);
    const live = await refuseAs(`later${Date.now()}`);
    await waitFor('a refusal sent after the start', () => linesWith(live)[0], 15_000);
    // The stream delivers in order: once a later refusal shows, the backlog read and the live lines before
    // it are all in, and a repeat of either would have come before it.
    const marker = await refuseAs(`marker${Date.now()}`);
    await waitFor('a later refusal', () => linesWith(marker)[0], 15_000);
    assert.equal(linesWith(before).length, 1, linesWith(before).join('\n'));
    assert.equal(linesWith(live).length, 1, linesWith(live).join('\n'));
    const added = api.logs.lines().slice(linesBefore);
    assert.ok(added.findIndex((l) => l.includes(before)) < added.findIndex((l) => l.includes(live)), 'in the order they were written');
    await vscode.commands.executeCommand('lwm2mShadows.stopLogs');
  });

  test('when live tail is refused (more than 10 groups) the channel says so once and polling delivers the refusal', async function () {
    this.timeout(40_000);
    // Ten more groups, made in the sandbox through its CloudWatch Logs API.
    const extra = Array.from({ length: 10 }, (_, i) => `/lwm2m-test/fallback-${i}`);
    for (const name of extra) {
      const res = await fetch(session.spec.endpoint!, {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Logs_20140328.CreateLogGroup' },
        body: JSON.stringify({ logGroupName: name }),
      });
      assert.ok(res.ok || res.status === 400, `CreateLogGroup ${name}: ${res.status}`);
    }
    // A person's own groups are offered once named in the setting lwm2mShadows.logs.extraLogGroups.
    await setSetting('logs.extraLogGroups', extra);
    const appendsBefore = api.logs.appendCount();
    await streamFromNow(['/aws/lambda/Lwm2mOperation', ...extra]);
    await waitFor('the fallback to polling', () => api.logs.state() === 'polling' || undefined, 10_000);
    const seen = linesWith('Error: The number of keys must be equal to the number of values').length;
    const t0 = performance.now();
    const expected = await refuse(2);
    await waitFor('the refusal, by polling', () => linesWith(expected).length > seen || undefined, 15_000);
    console.log(`      Lambda refusal → its line in the channel by polling: ${(performance.now() - t0).toFixed(0)} ms`);
    const fallbackNotes = api.logs.lines().filter((l) => l.includes('live tail is not available'));
    assert.equal(fallbackNotes.length, 1, fallbackNotes.join('\n'));
    assert.match(fallbackNotes[0]!, /live tail is not available \(.*10 log groups.*\): polling every 2 s/);
    assert.ok(api.logs.appendCount() > appendsBefore);
    await vscode.commands.executeCommand('lwm2mShadows.stopLogs');
    assert.equal(api.logs.state(), 'idle');
  });

  test('a connection switch stops the stream', async function () {
    this.timeout(30_000);
    await streamFromNow(['/aws/lambda/Lwm2mOperation']);
    assert.notEqual(api.logs.state(), 'idle');
    api.connection.disconnect();
    try {
      await waitFor('the stream to stop', () => api.logs.state() === 'idle' || undefined, 5000);
      assert.match(api.logs.lines().at(-1)!, /connection changed/);
    } finally {
      await api.connection.connectSandbox();
    }
  });
});
