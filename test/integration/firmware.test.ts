// Update Firmware… in a real VS Code against the sandbox: from a file on disk to the verdict, the Update
// execute asked like every execute, each request in the operation history; a package the device fails the
// integrity check of ends in its named verdict.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import type { UpdateFirmwareOutcome } from '../../src/ui/firmware/updateFirmware';
import { answerPrompts, child, replaceInteraction, resetInteraction, rows, sandboxApi, withAnswers } from './fleetHelpers';

suite('Update Firmware on the sandbox', () => {
  let api: ExtensionApi;
  let things: string[];
  let dir: string;

  const version = async (thing: string) => (await api.connection.session()!.shadows.get(thing, 'datamodel')).state.reported!.Device as Record<string, Record<string, string>>;
  const file = (name: string, size: number) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, Buffer.alloc(size, 7));
    return p;
  };

  suiteSetup(async function () {
    this.timeout(60_000);
    api = await sandboxApi();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lwm2m-fw-'));
    // the Thingy:91 downloads over CoAP, HTTP and HTTPS; the sandbox serves files over CoAP (its LwM2M server) and HTTP
    const type = await child(api, undefined, 'thingy91');
    things = [];
    for (const t of await rows(api, type.node)) {
      if ((await child(api, t.node, 'Classic')).description.startsWith('online')) things.push(t.label);
    }
    assert.ok(things.length >= 2, 'two online Thingy:91s');
  });

  teardown(() => resetInteraction(api));

  /** Update Firmware… on `thing` as a person runs it: "Choose a File…", then `file` in the open dialog. */
  async function updateFirmware(thing: string, file: string): Promise<UpdateFirmwareOutcome> {
    const opened: string[] = [];
    replaceInteraction(api, { openFile: async (options) => { opened.push(options.title); return vscode.Uri.file(file).toString(); } });
    try {
      const out = await withAnswers(api, { picks: ['Choose a File…'] }, () => vscode.commands.executeCommand<UpdateFirmwareOutcome>('lwm2mShadows.updateFirmware', { thing }));
      assert.deepEqual(opened, ['Firmware file'], 'the file is picked in the open dialog');
      return out;
    } finally {
      replaceInteraction(api, { openFile: undefined });
    }
  }

  suiteTeardown(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('from a file on disk to "updated: Firmware Version … → 5.0.1, Update Result 1 (success)"', async function () {
    this.timeout(120_000);
    const thing = things[things.length - 1];
    const from = (await version(thing))['0']['Firmware Version'];
    // Earlier suites in the same VS Code may have sent to this thing (the history keeps their entries): only the
    // entries this update adds are its steps. The history lists newest first.
    const ofThing = () => api.operationHistory('sandbox').filter((e) => e.thing === thing);
    const earlier = new Set(ofThing().map((e) => e.id));
    const asked: string[] = [];
    answerPrompts(api, (message, choices) => { asked.push(message); return choices[0]; });
    const shown: string[] = [];
    replaceInteraction(api, { notify: async (level, message) => { shown.push(`${level}: ${message}`); return undefined; } });
    const out = await updateFirmware(thing, file('app-5.0.1.bin', 16 * 1024));
    assert.equal(out.status, 'done', JSON.stringify(out));
    assert.equal(out.status === 'done' && out.result.text, `updated: Firmware Version ${from} → 5.0.1, Update Result 1 (success)`);
    assert.deepEqual(asked, [`Execute Firmware Update.0.Update on ${thing}?`], 'the Update execute is confirmed, like every execute');
    assert.ok(shown.includes(`info: Update Firmware on ${thing}: updated: Firmware Version ${from} → 5.0.1, Update Result 1 (success)`), shown.join('\n'));
    assert.equal((await version(thing))['0']['Firmware Version'], '5.0.1');
    const history = ofThing().filter((e) => !earlier.has(e.id)).map((e) => `${e.operation} ${e.keys.join(',')}`).reverse();
    assert.deepEqual(history, ['observe Firmware Update.0.State,Firmware Update.0.Update Result', 'write Firmware Update.0.Package URI', 'execute Firmware Update.0.Update']);
  });

  test('a package that fails the integrity check ends in its named verdict, with a reset offered and no Update executed', async function () {
    this.timeout(120_000);
    const thing = things[0];
    const running = (await version(thing))['0']['Firmware Version'];
    // The verdict is an error notification offering Reset; the person dismisses it (no reset is sent).
    const offered: { level: string; message: string; actions: string[] }[] = [];
    replaceInteraction(api, { notify: async (level, message, ...actions) => { offered.push({ level, message, actions }); return undefined; } });
    const failed = await updateFirmware(thing, file('app-FAIL=5.bin', 8 * 1024));
    assert.equal(failed.status === 'done' && failed.result.text, `download failed: Update Result 5 (integrity check failure); Firmware Version ${running}`);
    assert.equal(failed.status === 'done' && failed.result.offerReset, true);
    assert.ok(failed.status === 'done' && !failed.result.steps.some((x) => x.request.operation === 'execute'));
    assert.deepEqual(offered, [{ level: 'error', message: `Update Firmware on ${thing}: download failed: Update Result 5 (integrity check failure); Firmware Version ${running}`, actions: ['Reset'] }]);
    assert.ok(failed.status === 'done' && !failed.reset, 'dismissed: no reset');
  });

  test('a presigned URL is kept in the operation history with its signature, credential and token redacted', async function () {
    this.timeout(120_000);
    const thing = things[0];
    const ofThing = () => api.operationHistory('sandbox').filter((e) => e.thing === thing);
    const earlier = new Set(ofThing().map((e) => e.id));
    // a URL on the sandbox that serves nothing, signed like S3's: the device is given it as it is and fails the download
    const url = `${api.connection.session()!.spec.endpoint!}/fw/nosuchtoken0123456789/app.bin?X-Amz-Credential=AKIAEXAMPLE%2F20270115%2Fs3&X-Amz-Security-Token=SECRETTOKEN&X-Amz-Signature=deadbeefcafe&X-Amz-Expires=60`;
    // "Enter a URL…", the URL typed; the verdict (offering Reset) is dismissed.
    replaceInteraction(api, { notify: async () => undefined });
    const out = await withAnswers(api, { picks: ['Enter a URL…'], inputs: [url] }, () => vscode.commands.executeCommand<UpdateFirmwareOutcome>('lwm2mShadows.updateFirmware', { thing }));
    assert.equal(out.status, 'done', JSON.stringify(out));
    assert.match(out.status === 'done' ? out.result.text : '', /^download failed: Update Result 7/);
    assert.equal(out.status === 'done' && out.result.packageUri, url, 'the device was sent the real URL');
    const added = ofThing().filter((e) => !earlier.has(e.id));
    const write = added.find((e) => e.operation === 'write');
    assert.ok(write, 'the write is in the history');
    const stored = JSON.stringify(added);
    for (const secret of ['AKIAEXAMPLE', 'SECRETTOKEN', 'deadbeefcafe']) assert.ok(!stored.includes(secret), `${secret} is not in the history`);
    assert.deepEqual((write.request as { values?: unknown[] }).values, [url.replace('AKIAEXAMPLE%2F20270115%2Fs3', 'REDACTED').replace('SECRETTOKEN', 'REDACTED').replace('deadbeefcafe', 'REDACTED')]);
  });
});
