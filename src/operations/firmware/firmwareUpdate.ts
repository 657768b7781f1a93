// One firmware update of one thing, from a file (or URL) to a verdict: observe State and Update Result,
// write the Package URI (checked first), wait for State = Downloaded, execute Update (confirmed, as every
// execute is), then follow State, Update Result and the registration until the device is back with a new
// Firmware Version or reports a failure. Every decision is core's reducer (core/firmware/updateFlow.ts); this
// file only does the I/O: sends, reads of the datamodel and classic shadows (woken by live changes where MQTT
// is up, polled otherwise), and the caller's stage callback. A request is sent once; a send that got no answer
// is never repeated. No 'vscode': the command, the device check and the tests share it.
import { FIRMWARE_OBJECT, FW, DEVICE_OBJECT, FIRMWARE_VERSION } from '../../core/firmware/firmwareObject';
import { readFirmware, type FirmwareReading } from '../../core/firmware/firmwareReading';
import { RESET_PACKAGE_URI } from '../../core/firmware/packageUri';
import {
  advance, canCancel, canExecuteUpdate, checkFlowStart, describeVerdict, needsFirmwareVersion, offerReset, startFlow,
  type FlowEvent, type FlowStage, type FlowState, type FlowVerdict,
} from '../../core/firmware/updateFlow';
import type { Clock } from '../../core/tests/clock';
import type { ShadowApi, ShadowDocument } from '../../aws/types';
import { chooseDelivery } from '../../core/firmware/delivery';
import { DeliveryError, packageUriFor, type ConfirmLongUri, type FirmwareHost, type FirmwareSource } from './firmwareDelivery';
import type { FirmwareRequest, FirmwareSender, SentResult } from './firmwareSender';

export interface FirmwarePorts {
  shadows: Pick<ShadowApi, 'get'>;
  send: FirmwareSender;
  clock: Clock;
  /** Where a file is hosted; undefined: only a URL can be given. */
  host?: FirmwareHost;
  /** Calls `wake` when the datamodel or classic shadow of the thing changes (live, over MQTT); returns the stop. */
  watch?(thing: string, wake: () => void): () => void;
}

export interface FirmwareStep {
  request: FirmwareRequest;
  outcome: SentResult;
  /** Epoch ms the request was sent. */
  at: number;
}

export interface FirmwareUpdateOptions {
  thing: string;
  source: FirmwareSource;
  /** Asked right before the Update execute; false: nothing is executed (the flow ends cancelled). */
  confirmExecute(thing: string, keys: readonly string[]): Promise<boolean>;
  /** Asked when the Package URI is longer than the object declares (0..255 bytes); absent: such a URI is refused. */
  confirmLongUri?: ConfirmLongUri;
  /** Aborts the flow; honoured until the Update execute is sent. */
  signal?: AbortSignal;
  /** Each stage as it is reached (Downloading → Downloaded → Updating → back), with the latest State and Update Result. */
  onStage?(stage: FlowStage, state: FlowState): void;
  /** Each request as it was sent and how it ended (operation history). */
  onStep?(step: FirmwareStep): void;
  /** How often the shadows are read (ms): default 1000 polling, 5000 while live changes wake the flow. */
  pollMs?: number;
  /** Time the device has to download (from the Package URI write to State 2), ms. Default 10 min. */
  downloadTimeoutMs?: number;
  /** Time the device has to install and come back (from the Update execute), ms. Default 10 min. */
  updateTimeoutMs?: number;
  /** How long a send waits for its answer, ms (default 30 s). */
  answerTimeoutMs?: number;
}

export interface FirmwareUpdateResult {
  verdict: FlowVerdict;
  /** "updated: Firmware Version 1.4.2 → 1.4.3, Update Result 1 (success)". */
  text: string;
  /** The Package URI written (undefined: the flow ended before writing one). */
  packageUri?: string;
  /** The flow ended after the device took the URI without an update: a reset (empty Package URI) is worth offering. */
  offerReset: boolean;
  before: FirmwareReading;
  state: FlowState;
  steps: FirmwareStep[];
}

/** Why the flow cannot start (no Firmware Update object, a download already under way): nothing was sent. */
export class FirmwareStartError extends Error {
  constructor(readonly code: 'no-firmware-object' | 'busy', message: string) {
    super(message);
    this.name = 'FirmwareStartError';
  }
}

const DATAMODEL = 'datamodel';
const CLASSIC = '';
const key = (instance: string, resource: string) => `${FIRMWARE_OBJECT}.${instance}.${resource}`;
const isNotFound = (e: unknown) => typeof e === 'object' && e !== null && (e as { kind?: unknown }).kind === 'not-found';

async function readShadow(shadows: Pick<ShadowApi, 'get'>, thing: string, name: string): Promise<ShadowDocument | undefined> {
  try {
    return await shadows.get(thing, name);
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

/** The mark a Register leaves in the classic shadow (its time), whatever the integration calls it. */
function registrationMark(classic: ShadowDocument | undefined): string | undefined {
  const r = classic?.state.reported ?? {};
  for (const k of ['lastRegistration', 'lastRegistered', 'registrationTime', 'lastRegister', 'lastRegisterUpdate']) if (typeof r[k] === 'string' || typeof r[k] === 'number') return String(r[k]);
  return undefined;
}

function isRegistered(classic: ShadowDocument | undefined): boolean {
  const r = classic?.state.reported ?? {};
  return r.registered === true || r.registrationStatus === 'registered';
}

interface ReportTimes {
  state?: number;
  updateResult?: number;
}

/** When the datamodel shadow last had State and Update Result reported (its metadata: epoch seconds). */
function reportTimes(doc: ShadowDocument | undefined, instance: string): ReportTimes {
  const at = (resource: string): number | undefined => {
    let m: unknown = doc?.metadata?.reported;
    for (const k of [FIRMWARE_OBJECT, instance, resource, 'timestamp']) m = typeof m === 'object' && m !== null ? (m as Record<string, unknown>)[k] : undefined;
    return typeof m === 'number' ? m : undefined;
  };
  return { state: at(FW.state), updateResult: at(FW.updateResult) };
}

/**
 * Either was reported in a later second than before the write. The same second could be either side of the
 * write, so it does not count (the send pipeline sends a request only after the second of the last answer).
 */
function reportedAfter(now: ReportTimes, before: ReportTimes): boolean {
  return (['state', 'updateResult'] as const).some((k) => now[k] !== undefined && before[k] !== undefined && now[k]! > before[k]!);
}

/** What the datamodel now says that differs from what it said last (only changes are news to the reducer). */
function changes(last: FirmwareReading, now: FirmwareReading): Extract<FlowEvent, { type: 'observed' }> | undefined {
  const e: Extract<FlowEvent, { type: 'observed' }> = { type: 'observed' };
  let any = false;
  for (const k of ['state', 'updateResult', 'firmwareVersion', 'pkgName', 'pkgVersion'] as const) {
    if (now[k] !== undefined && now[k] !== last[k]) {
      (e as Record<string, unknown>)[k] = now[k];
      any = true;
    }
  }
  return any ? e : undefined;
}

/** Runs one firmware update to its verdict. Throws FirmwareStartError / DeliveryError only before anything is written. */
export async function runFirmwareUpdate(ports: FirmwarePorts, o: FirmwareUpdateOptions): Promise<FirmwareUpdateResult> {
  const { thing } = o;
  const steps: FirmwareStep[] = [];
  const answerMs = o.answerTimeoutMs ?? 30_000;
  const send = async (request: FirmwareRequest, waitMs = answerMs, confirm?: FirmwareUpdateOptions['confirmExecute']): Promise<SentResult> => {
    const at = ports.clock.now();
    const outcome = await ports.send.send(thing, request, { waitMs, ...(confirm ? { confirmExecute: confirm } : {}) });
    const step = { request, outcome, at };
    steps.push(step);
    o.onStep?.(step);
    return outcome;
  };

  const datamodel = await readShadow(ports.shadows, thing, DATAMODEL);
  const before = readFirmware(datamodel?.state);
  if (!before.present) {
    throw new FirmwareStartError('no-firmware-object', `${thing} has no Firmware Update object (LwM2M object 5) in its datamodel: it cannot be updated over LwM2M.`);
  }
  const instance = before.instance ?? '0';
  const start = { ...(before.state !== undefined ? { state: before.state } : {}), ...(before.updateResult !== undefined ? { updateResult: before.updateResult } : {}), ...(before.firmwareVersion !== undefined ? { firmwareVersion: before.firmwareVersion } : {}) };
  const delivery = { ...(before.protocols ? { protocols: before.protocols } : {}), ...(before.deliveryMethod !== undefined ? { deliveryMethod: before.deliveryMethod } : {}) };
  // A device that takes no Package URI at all is told so first: its State says nothing a reset would change
  // (Wakaama's example client is push only and sits in State 1 for ever).
  const pushOnly = chooseDelivery(delivery, []);
  if (!pushOnly.ok && pushOnly.reason === 'push-only') throw new DeliveryError('unsupported', pushOnly.message);
  const problem = checkFlowStart(start);
  if (problem) throw new FirmwareStartError('busy', problem.message);
  const { uri } = await packageUriFor(o.source, delivery, ports.host, o.signal, o.confirmLongUri, thing);

  let s = startFlow(start);
  let stage: FlowStage = s.stage;
  const feed = (e: FlowEvent) => {
    s = advance(s, e);
    if (s.stage !== stage) {
      stage = s.stage;
      o.onStage?.(stage, s);
    }
  };
  const finish = (): FirmwareUpdateResult => ({
    verdict: s.verdict!, text: describeVerdict(s.verdict!), ...(s.uriWritten ? { packageUri: uri } : {}), offerReset: offerReset(s), before, state: s, steps,
  });
  o.onStage?.(stage, s);
  if (o.signal?.aborted) {
    feed({ type: 'cancel' });
    return finish();
  }

  // Live changes wake the flow from the first send on: a State the device publishes while the write is on its way,
  // or while the flow reads the shadows, is kept for the next wait (which then does not sleep).
  let woken: (() => void) | undefined;
  let wakePending = false;
  const wake = () => {
    wakePending = true;
    woken?.();
  };
  const stopWatch = ports.watch?.(thing, wake);
  const onAbort = () => wake();
  o.signal?.addEventListener('abort', onAbort);
  // The sends and looks, from the observe to the verdict.
  const follow = async (): Promise<FirmwareUpdateResult> => {
    // Observe first, so the notifications of this attempt's State and Update Result reach the datamodel shadow.
    const observed = await send({ operation: 'observe', keys: [key(instance, FW.state), key(instance, FW.updateResult)], attributes: [{}, {}] }, Math.min(answerMs, 5000));
    const observing = !(observed.kind === 'answered' && observed.failedKeys.some((k) => k !== '')) && observed.kind !== 'not-sent' && observed.kind !== 'refused';
    // When State and Update Result were last reported before the write (the observe's answer rewrote them): a later
    // report is this attempt's, even with the values the device showed before.
    const reportedBeforeWrite = observed.kind === 'answered' ? reportTimes(await readShadow(ports.shadows, thing, DATAMODEL).catch(() => undefined), instance) : undefined;

    const written = await send({ operation: 'write', keys: [key(instance, FW.packageUri)], values: [uri] });
    if (written.kind === 'not-sent' || written.kind === 'refused') {
      feed({ type: 'uriRefused', detail: written.kind === 'refused' ? `the integration refused it: ${written.reason}` : written.detail ?? written.reason });
      return finish();
    }
    if (written.kind === 'answered' && written.failedKeys.some((k) => k !== '')) {
      feed({ type: 'uriRefused', detail: `the device failed ${written.failedKeys.join(', ')}` });
      return finish();
    }
    // No answer in time (or an unknown outcome): the write was sent once; what the device does with it shows in State.
    feed({ type: 'uriWritten' });

    const pollMs = o.pollMs ?? (stopWatch ? 5000 : 1000);
    let last: FirmwareReading = before;
    let lastDatamodelVersion = datamodel?.version;
    let classic = await readShadow(ports.shadows, thing, CLASSIC).catch(() => undefined);
    let markAtUpdate = registrationMark(classic);
    let wasDeregistered = false;
    let readVersion = false;
    /** Reads State and Update Result when the device cannot be observed (one read a poll, each a new request). */
    const pollRead = async () => {
      const r = await send({ operation: 'read', keys: [key(instance, FW.state), key(instance, FW.updateResult)] }, Math.min(answerMs, pollMs * 4));
      if (r.kind !== 'answered') return;
      const st = Number(r.values[key(instance, FW.state)]);
      const ur = Number(r.values[key(instance, FW.updateResult)]);
      feed({ type: 'observed', ...(Number.isInteger(st) && r.values[key(instance, FW.state)] !== undefined ? { state: st } : {}), ...(Number.isInteger(ur) && r.values[key(instance, FW.updateResult)] !== undefined ? { updateResult: ur } : {}) });
    };
    let deadline = ports.clock.now() + (o.downloadTimeoutMs ?? 600_000);
    while (!s.verdict) {
      if (o.signal?.aborted && canCancel(s)) {
        feed({ type: 'cancel' });
        break;
      }
      if (canExecuteUpdate(s)) {
        markAtUpdate = registrationMark(classic);
        const ex = await send({ operation: 'execute', keys: [key(instance, FW.update)] }, Math.min(answerMs, 5000), o.confirmExecute);
        if (ex.kind === 'not-sent' || ex.kind === 'refused') {
          if (ex.kind === 'not-sent' && ex.reason === 'not-confirmed') feed({ type: 'cancel' });
          else feed({ type: 'updateRefused', detail: ex.kind === 'refused' ? `the integration refused it: ${ex.reason}` : ex.detail ?? ex.reason });
          break;
        }
        if (ex.kind === 'answered' && ex.failedKeys.some((k) => k !== '')) {
          feed({ type: 'updateRefused', detail: `the device failed ${ex.failedKeys.join(', ')}` });
          break;
        }
        feed({ type: 'updateSent' });
        deadline = ports.clock.now() + (o.updateTimeoutMs ?? 600_000);
        continue;
      }
      if (needsFirmwareVersion(s) && !readVersion) {
        readVersion = true;
        const r = await send({ operation: 'read', keys: [`${DEVICE_OBJECT}.0.${FIRMWARE_VERSION}`] });
        const v = r.kind === 'answered' ? r.values[`${DEVICE_OBJECT}.0.${FIRMWARE_VERSION}`] : undefined;
        if (v !== undefined) feed({ type: 'observed', firmwareVersion: v });
        continue;
      }
      if (ports.clock.now() >= deadline) {
        feed({ type: 'timeout' });
        break;
      }
      if (!wakePending) {
        await new Promise<void>((resolve) => {
          const ac = new AbortController();
          woken = () => ac.abort();
          void ports.clock.sleep(Math.min(pollMs, Math.max(0, deadline - ports.clock.now())), ac.signal).then(resolve);
        });
      }
      woken = undefined;
      wakePending = false;
      if (o.signal?.aborted && canCancel(s)) continue;
      // One look: the classic shadow first, then the datamodel. A device writes its datamodel as it registers,
      // so a new registration seen here comes with a datamodel read after it (read the other way round, the
      // datamodel could predate the registration, and the flow sent a needless Firmware Version read).
      const updateWasSent = s.updateSent;
      classic = await readShadow(ports.shadows, thing, CLASSIC).catch(() => classic);
      const dm = await readShadow(ports.shadows, thing, DATAMODEL).catch(() => undefined);
      if (dm && dm.version !== lastDatamodelVersion) {
        lastDatamodelVersion = dm.version;
        const now = readFirmware(dm.state);
        let e = changes(last, now);
        last = now;
        if (!s.sawChange && !s.updateSent && reportedBeforeWrite && reportedAfter(reportTimes(dm, instance), reportedBeforeWrite)) {
          e = { ...e, type: 'observed', ...(now.state !== undefined ? { state: now.state } : {}), ...(now.updateResult !== undefined ? { updateResult: now.updateResult } : {}), afterWrite: true };
        }
        if (e) feed(e);
      }
      if (s.verdict) break;
      if (!observing && !s.updateSent) await pollRead();
      if (updateWasSent) {
        const registered = isRegistered(classic);
        if (!registered && !wasDeregistered) {
          wasDeregistered = true;
          feed({ type: 'deregistered' });
        }
        const mark = registrationMark(classic);
        if (registered && (wasDeregistered || (mark !== undefined && mark !== markAtUpdate)) && !s.registeredAfterUpdate) feed({ type: 'registered' });
      } else {
        // the registration as it was before the update began (the execute, or a device that installs by itself)
        markAtUpdate = registrationMark(classic);
      }
    }
    return finish();
  };
  try {
    return await follow();
  } finally {
    o.signal?.removeEventListener('abort', onAbort);
    stopWatch?.();
  }
}

/** Writes an empty Package URI: the device drops what it downloaded (State 0, Update Result 0), as LwM2M specifies. */
export async function resetFirmware(ports: Pick<FirmwarePorts, 'send'>, thing: string, instance = '0', onStep?: (step: FirmwareStep) => void, clock?: Clock): Promise<SentResult> {
  const request = { operation: 'write', keys: [key(instance, FW.packageUri)], values: [RESET_PACKAGE_URI] };
  const at = clock?.now() ?? Date.now();
  const outcome = await ports.send.send(thing, request, { waitMs: 30_000 });
  onStep?.({ request, outcome, at });
  return outcome;
}
