// The firmware update flow's decisions, step by step as a device goes Downloading → Downloaded →
// Updating → back, and each way it can end otherwise.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  advance, canCancel, canExecuteUpdate, checkFlowStart, describeVerdict, needsFirmwareVersion, offerReset, startFlow,
  type FlowEvent, type FlowStart, type FlowState,
} from '../../../../src/core/firmware/updateFlow';

const IDLE: FlowStart = { state: 0, updateResult: 0, firmwareVersion: '1.4.2' };
const run = (events: FlowEvent[], start: FlowStart = IDLE): FlowState => events.reduce(advance, startFlow(start));
const seen = (state?: number, updateResult?: number, firmwareVersion?: string): FlowEvent => ({
  type: 'observed', ...(state !== undefined ? { state } : {}), ...(updateResult !== undefined ? { updateResult } : {}), ...(firmwareVersion !== undefined ? { firmwareVersion } : {}),
});

const DOWNLOADED: FlowEvent[] = [{ type: 'uriWritten' }, seen(1, 0), seen(2, 0)];

test('the whole way: Downloading → Downloaded → Updating → back with the new version', () => {
  let s = startFlow(IDLE);
  assert.equal(s.stage, 'writingUri');
  s = advance(s, { type: 'uriWritten' });
  s = advance(s, seen(1, 0));
  assert.equal(s.stage, 'downloading');
  assert.equal(canExecuteUpdate(s), false, 'no Update before the package is downloaded');
  s = advance(s, seen(2));
  assert.equal(s.stage, 'downloaded');
  assert.equal(canExecuteUpdate(s), true);
  assert.equal(canCancel(s), true);
  s = advance(s, { type: 'updateSent' });
  assert.equal(s.stage, 'updating');
  assert.equal(canCancel(s), false, 'once Update is sent there is nothing to cancel');
  s = advance(s, seen(3));
  s = advance(s, { type: 'deregistered' });
  s = advance(s, { type: 'registered' });
  assert.equal(s.verdict, undefined, 'registered, but the result is not known yet');
  s = advance(s, seen(0, 1));
  assert.equal(needsFirmwareVersion(s), true, 'the verdict waits for the Firmware Version after the update');
  s = advance(s, seen(undefined, undefined, '1.4.3'));
  assert.equal(s.stage, 'done');
  assert.deepEqual(s.verdict, { kind: 'updated', from: '1.4.2', to: '1.4.3', versionChanged: true });
  assert.equal(describeVerdict(s.verdict!), 'updated: Firmware Version 1.4.2 → 1.4.3, Update Result 1 (success)');
  assert.equal(offerReset(s), false);
});

test('each download failure gives its named verdict and offers the reset', () => {
  const names: Record<number, string> = { 2: 'not enough flash', 3: 'out of RAM', 4: 'connection lost during download', 5: 'integrity check failure', 6: 'unsupported package type', 7: 'invalid URI', 9: 'unsupported protocol' };
  for (const [code, name] of Object.entries(names)) {
    const s = run([{ type: 'uriWritten' }, seen(1, 0), seen(0, Number(code))]);
    assert.deepEqual(s.verdict, { kind: 'failed', phase: 'download', updateResult: Number(code), firmwareVersion: '1.4.2' });
    assert.equal(describeVerdict(s.verdict!), `download failed: Update Result ${code} (${name}); Firmware Version 1.4.2`);
    assert.equal(offerReset(s), true);
  }
});

test('a failure result wins over a State notified earlier', () => {
  const s = run([{ type: 'uriWritten' }, seen(1), seen(undefined, 4)]);
  assert.equal(s.verdict?.kind, 'failed');
});

test('an update that fails after the execute (8) names it; the version is what the device runs', () => {
  const s = run([...DOWNLOADED, { type: 'updateSent' }, seen(3, 0), { type: 'registered' }, seen(2, 8, '1.4.2')]);
  assert.deepEqual(s.verdict, { kind: 'failed', phase: 'update', updateResult: 8, firmwareVersion: '1.4.2' });
  assert.equal(describeVerdict(s.verdict!), 'update failed: Update Result 8 (firmware update failed); Firmware Version 1.4.2');
  assert.equal(offerReset(s), true);
});

test('an old result still showing right after the write is not this attempt\'s', () => {
  // The previous attempt ended with 7; the first notification after the write still says so.
  const start = { state: 0, updateResult: 7, firmwareVersion: '1.4.2' };
  let s = run([{ type: 'uriWritten' }, seen(0, 7)], start);
  assert.equal(s.verdict, undefined);
  s = advance(s, seen(1, 0));
  assert.equal(s.stage, 'downloading');
  // …and a previous success (Update Result 1) is not a verdict either
  const again = run([{ type: 'uriWritten' }, seen(0, 1)], { state: 0, updateResult: 1, firmwareVersion: '1.4.3' });
  assert.equal(again.verdict, undefined);
  assert.equal(again.stage, 'writingUri');
});

test('observations before the write is answered count once it is', () => {
  let s = run([seen(1, 0), seen(2, 0)]);
  assert.equal(s.stage, 'writingUri');
  s = advance(s, { type: 'uriWritten' });
  assert.equal(s.stage, 'downloaded');
});

test('the Update execute is not taken before State 2, nor twice', () => {
  const downloading = run([{ type: 'uriWritten' }, seen(1, 0)]);
  assert.equal(advance(downloading, { type: 'updateSent' }), downloading);
  const sent = run([...DOWNLOADED, { type: 'updateSent' }]);
  assert.equal(canExecuteUpdate(sent), false);
});

test('cancel before the execute ends the flow and offers the reset; after it, cancel is ignored', () => {
  const s = run([{ type: 'uriWritten' }, seen(1, 0), { type: 'cancel' }]);
  assert.deepEqual(s.verdict, { kind: 'cancelled', stage: 'downloading' });
  assert.equal(offerReset(s), true);
  assert.equal(describeVerdict(s.verdict!), 'cancelled while downloading, before the Update execute');
  const early = run([{ type: 'cancel' }]);
  assert.equal(offerReset(early), false, 'nothing was written: nothing to reset');
  const late = run([...DOWNLOADED, { type: 'updateSent' }, { type: 'cancel' }]);
  assert.equal(late.verdict, undefined);
});

test('the device\'s own Cancel (Update Result 10) ends the flow as cancelled', () => {
  const s = run([{ type: 'uriWritten' }, seen(1, 0), seen(0, 10)]);
  assert.equal(s.verdict?.kind, 'cancelled');
});

test('a refused write ends the flow with nothing to reset; a refused execute offers it', () => {
  const w = run([{ type: 'uriRefused', detail: 'failedKeys: Firmware Update.0.Package URI' }]);
  assert.deepEqual(w.verdict, { kind: 'refused', phase: 'write', detail: 'failedKeys: Firmware Update.0.Package URI' });
  assert.equal(offerReset(w), false);
  const e = run([...DOWNLOADED, { type: 'updateSent' }, { type: 'updateRefused' }]);
  assert.equal(e.verdict?.kind, 'refused');
  assert.equal(offerReset(e), true);
});

test('a timeout names the stage and the last values seen', () => {
  const s = run([{ type: 'uriWritten' }, seen(1, 0), { type: 'timeout' }]);
  assert.deepEqual(s.verdict, { kind: 'timeout', stage: 'downloading', state: 1, updateResult: 0 });
  assert.equal(describeVerdict(s.verdict!), 'no verdict in time while downloading: last State 1 (Downloading), Update Result 0 (initial value)');
  assert.equal(offerReset(s), true);
  assert.equal(describeVerdict(run([{ type: 'timeout' }]).verdict!), 'no verdict in time while writingUri: nothing observed from the device');
});

test('success with the same version: said plainly, not as an update', () => {
  const s = run([...DOWNLOADED, { type: 'updateSent' }, { type: 'registered' }, seen(0, 1, '1.4.2')]);
  assert.deepEqual(s.verdict, { kind: 'updated', from: '1.4.2', to: '1.4.2', versionChanged: false });
  assert.equal(describeVerdict(s.verdict!), 'Update Result 1 (success), but Firmware Version is still 1.4.2');
});

test('a device that updates without re-registering is back when it runs the new version', () => {
  const s = run([...DOWNLOADED, { type: 'updateSent' }, seen(0, 1, '1.4.3')]);
  assert.equal(s.verdict?.kind, 'updated');
  const same = run([...DOWNLOADED, { type: 'updateSent' }, seen(0, 1, '1.4.2')]);
  assert.equal(same.verdict, undefined, 'same version and no registration: wait for the device to come back');
});

test('a result seen before the execute does not count after it', () => {
  // Downloaded with Update Result 0; a stale success from the previous update must not end the new one.
  const s = run([{ type: 'uriWritten' }, seen(1, 0), seen(2, 0), { type: 'updateSent' }, seen(undefined, undefined, '1.4.2'), { type: 'registered' }]);
  assert.equal(s.verdict, undefined);
});

test('deferred by the device\'s user (11) is a stage, not an end', () => {
  let s = run([...DOWNLOADED, { type: 'updateSent' }, seen(2, 11)]);
  assert.equal(s.stage, 'deferred');
  assert.equal(s.verdict, undefined);
  s = advance(s, seen(3, 0));
  assert.equal(s.stage, 'updating');
});

test('a device that installs by itself after the download (State 3 without the execute) is followed, never sent Update', () => {
  const s = run([{ type: 'uriWritten' }, seen(1, 0), seen(3, 0)]);
  assert.equal(s.stage, 'updating');
  assert.equal(canExecuteUpdate(s), false);
  assert.equal(advance(advance(s, { type: 'registered' }), seen(0, 1, '1.4.3')).verdict?.kind, 'updated');
});

test('a finished flow ignores what comes after', () => {
  const s = run([{ type: 'uriWritten' }, seen(0, 7)]);
  assert.equal(advance(s, seen(2, 0)), s);
});

test('a device already downloading, updating or holding a package is not started on', () => {
  assert.equal(checkFlowStart(IDLE), undefined);
  assert.equal(checkFlowStart({}), undefined);
  assert.equal(checkFlowStart({ state: 1 })?.code, 'downloading');
  assert.equal(checkFlowStart({ state: 3 })?.code, 'updating');
  assert.match(checkFlowStart({ state: 2 })!.message, /Reset it \(an empty Package URI\)/);
});

test('values reported after the write are this attempt\'s, even when they equal what the device showed before', () => {
  const failedBefore: FlowStart = { state: 0, updateResult: 7, firmwareVersion: '1.4.2' };
  const reported: FlowEvent = { type: 'observed', state: 0, updateResult: 7, afterWrite: true };
  // the same Update Result still on show, nothing reported since the write: the last attempt's, no verdict
  assert.equal(run([{ type: 'uriWritten' }, seen(0, 7)], failedBefore).verdict, undefined);
  // reported after the write (State 1 came and went between two looks): this download failed again
  const s = run([{ type: 'uriWritten' }, reported], failedBefore);
  assert.equal(s.verdict && describeVerdict(s.verdict), 'download failed: Update Result 7 (invalid URI); Firmware Version 1.4.2');
  // before the write is answered, a report says nothing of this attempt
  assert.equal(run([reported, { type: 'uriWritten' }], failedBefore).verdict, undefined);
});
