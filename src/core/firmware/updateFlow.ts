// The decisions of one firmware update, as a pure reducer: from what is observed of the device (State,
// Update Result, Firmware Version, registrations) and what the flow did (Package URI written, Update
// executed), which stage it is in (Downloading → Downloaded → Updating → back), whether the Update execute
// may be sent, whether to offer a reset (an empty Package URI write), and the verdict. No I/O, no timers:
// the caller feeds events in the order they happened and asks after each one.
import type { Registry } from '../registry';
import { FirmwareState, UpdateResult, isFailureResult, stateText, updateResultText } from './firmwareObject';

export type FlowStage = 'writingUri' | 'downloading' | 'downloaded' | 'deferred' | 'updating' | 'done';

/** What is known of the device before the flow writes anything. */
export interface FlowStart {
  state?: number;
  updateResult?: number;
  firmwareVersion?: string;
}

export type FlowEvent =
  /** The Package URI write was answered without failed keys. */
  | { type: 'uriWritten' }
  /** The Package URI write came back in failedKeys (or the Lambda refused it). */
  | { type: 'uriRefused'; detail?: string }
  /**
   * Values read or notified after the write was sent (any subset). `afterWrite`: the device reported State or
   * Update Result after the Package URI write (the shadow's metadata says so), so they are this attempt's even
   * when they equal what it showed before (a download that failed again with the same Update Result between two
   * looks: State 1 came and went unseen).
   */
  | { type: 'observed'; state?: number; updateResult?: number; firmwareVersion?: string; pkgName?: string; pkgVersion?: string; afterWrite?: boolean }
  /** The Update execute was sent (after the user confirmed it). */
  | { type: 'updateSent' }
  /** The Update execute came back in failedKeys. */
  | { type: 'updateRefused'; detail?: string }
  /** The device registered (again): a Register, not a registration Update. */
  | { type: 'registered' }
  | { type: 'deregistered' }
  /** The user cancelled (honoured only before the Update execute is sent). */
  | { type: 'cancel' }
  /** The caller's time for the current stage ran out. */
  | { type: 'timeout' };

export type FlowVerdict =
  | { kind: 'updated'; from?: string; to?: string; versionChanged: boolean }
  | { kind: 'failed'; phase: 'download' | 'update'; updateResult: number; firmwareVersion?: string }
  | { kind: 'refused'; phase: 'write' | 'execute'; detail?: string }
  | { kind: 'cancelled'; stage: FlowStage }
  | { kind: 'timeout'; stage: FlowStage; state?: number; updateResult?: number };

export interface FlowState {
  readonly stage: FlowStage;
  readonly before: FlowStart;
  /** The latest value of each, from observations after the write. */
  readonly latest: { state?: number; updateResult?: number; firmwareVersion?: string; pkgName?: string; pkgVersion?: string };
  readonly uriWritten: boolean;
  /**
   * An observation after the write differed from the device as it was before it (State left Idle, or Update
   * Result changed): until then an old failure result still showing is not this attempt's.
   */
  readonly sawChange: boolean;
  /** The Update execute was sent (or the device began installing by itself, Automatic Upgrade at Download). */
  readonly updateSent: boolean;
  readonly registeredAfterUpdate: boolean;
  /** A Firmware Version was observed after the Update execute was sent. */
  readonly versionAfterUpdate: boolean;
  readonly verdict?: FlowVerdict;
}

export type StartProblem = { code: 'downloading' | 'updating' | 'downloaded'; message: string };

/** Why the flow should not start now, or undefined. A device already holding a package is offered a reset first. */
export function checkFlowStart(start: FlowStart): StartProblem | undefined {
  switch (start.state) {
    case FirmwareState.Downloading:
      return { code: 'downloading', message: 'The device is already downloading firmware (State 1). Wait for it to finish, or reset it with an empty Package URI.' };
    case FirmwareState.Updating:
      return { code: 'updating', message: 'The device is installing firmware now (State 3). Wait until it is back.' };
    case FirmwareState.Downloaded:
      return { code: 'downloaded', message: 'The device already holds a downloaded package (State 2). Reset it (an empty Package URI) before writing a new one.' };
    default:
      return undefined;
  }
}

export function startFlow(start: FlowStart): FlowState {
  return { stage: 'writingUri', before: { ...start }, latest: {}, uriWritten: false, sawChange: false, updateSent: false, registeredAfterUpdate: false, versionAfterUpdate: false };
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The state after `event`. A finished flow (a verdict) stays as it is. */
export function advance(s: FlowState, event: FlowEvent): FlowState {
  if (s.verdict) return s;
  const n: Mutable<FlowState> = { ...s, latest: { ...s.latest } };
  switch (event.type) {
    case 'uriWritten':
      n.uriWritten = true;
      break;
    case 'uriRefused':
      return finish(n, { kind: 'refused', phase: 'write', ...(event.detail ? { detail: event.detail } : {}) });
    case 'observed': {
      for (const k of ['state', 'updateResult', 'firmwareVersion', 'pkgName', 'pkgVersion'] as const) {
        if (event[k] !== undefined) (n.latest as Record<string, unknown>)[k] = event[k];
      }
      if (event.firmwareVersion !== undefined && n.updateSent) n.versionAfterUpdate = true;
      const stateMoved = event.state !== undefined && (event.state !== FirmwareState.Idle || (s.before.state !== undefined && event.state !== s.before.state));
      const resultMoved = event.updateResult !== undefined && event.updateResult !== s.before.updateResult;
      const reportedAfterWrite = event.afterWrite === true && n.uriWritten && (event.state !== undefined || event.updateResult !== undefined);
      if (stateMoved || resultMoved || reportedAfterWrite) n.sawChange = true;
      break;
    }
    case 'updateSent':
      if (!canExecuteUpdate(s)) return s;
      n.updateSent = true;
      // The device resets Update Result when the update starts: what was seen before is not this update's.
      n.latest = { ...n.latest, updateResult: undefined };
      n.stage = 'updating';
      break;
    case 'updateRefused':
      return finish(n, { kind: 'refused', phase: 'execute', ...(event.detail ? { detail: event.detail } : {}) });
    case 'registered':
      if (n.updateSent) n.registeredAfterUpdate = true;
      break;
    case 'deregistered':
      break;
    case 'cancel':
      if (n.updateSent) return s;
      return finish(n, { kind: 'cancelled', stage: n.stage });
    case 'timeout':
      return finish(n, { kind: 'timeout', stage: n.stage, ...(n.latest.state !== undefined ? { state: n.latest.state } : {}), ...(n.latest.updateResult !== undefined ? { updateResult: n.latest.updateResult } : {}) });
  }
  return settle(n);
}

function finish(n: Mutable<FlowState>, verdict: FlowVerdict): FlowState {
  n.verdict = verdict;
  n.stage = 'done';
  return n;
}

/** Decides the stage (or the verdict) from the facts gathered so far. */
function settle(n: Mutable<FlowState>): FlowState {
  const { state, updateResult, firmwareVersion } = n.latest;
  if (!n.updateSent) {
    if (!n.uriWritten || !n.sawChange) return n;
    // A failure result ends the download whatever State last said (its notification may come separately).
    if (updateResult !== undefined && isFailureResult(updateResult)) {
      if (updateResult === UpdateResult.Cancelled) return finish(n, { kind: 'cancelled', stage: n.stage });
      return finish(n, { kind: 'failed', phase: 'download', updateResult, ...defined('firmwareVersion', n.before.firmwareVersion) });
    }
    if (state === FirmwareState.Updating) {
      // Automatic Upgrade at Download: the device installs without the Update execute.
      n.updateSent = true;
      n.stage = 'updating';
    } else if (state === FirmwareState.Downloaded) n.stage = 'downloaded';
    else if (state === FirmwareState.Downloading || n.stage === 'writingUri') n.stage = 'downloading';
    return n;
  }
  if (updateResult !== undefined && isFailureResult(updateResult)) {
    return finish(n, { kind: 'failed', phase: 'update', updateResult, ...defined('firmwareVersion', firmwareVersion ?? n.before.firmwareVersion) });
  }
  if (updateResult === UpdateResult.Deferred && state === FirmwareState.Downloaded) {
    n.stage = 'deferred';
    return n;
  }
  if (state === FirmwareState.Updating) n.stage = 'updating';
  if (updateResult === UpdateResult.Success && n.versionAfterUpdate) {
    const changed = firmwareVersion !== n.before.firmwareVersion;
    // Back: registered again, or (a device that updates without a reboot) already running another version.
    if (n.registeredAfterUpdate || changed) return finish(n, { kind: 'updated', ...defined('from', n.before.firmwareVersion), ...defined('to', firmwareVersion), versionChanged: changed });
  }
  return n;
}

/** `{ [key]: v }`, or nothing when v is undefined (optional fields stay absent, not undefined). */
function defined<K extends string>(key: K, v: string | undefined): { [P in K]?: string } {
  return (v === undefined ? {} : { [key]: v }) as { [P in K]?: string };
}

/** The Update execute may be sent: the device has the package (State 2) and nothing has ended the flow. */
export function canExecuteUpdate(s: FlowState): boolean {
  return !s.verdict && !s.updateSent && s.stage === 'downloaded' && s.latest.state === FirmwareState.Downloaded;
}

/** The user may still cancel (before the Update execute is sent). */
export function canCancel(s: FlowState): boolean {
  return !s.verdict && !s.updateSent;
}

/**
 * Offer to reset (write an empty Package URI): the flow ended without an update after the device took the
 * URI — a failed, cancelled or timed-out download, or an update the device refused or failed.
 */
export function offerReset(s: FlowState): boolean {
  const v = s.verdict;
  if (!v || !s.uriWritten || v.kind === 'updated') return false;
  if (v.kind === 'refused') return v.phase === 'execute';
  return true;
}

/**
 * The device answered the Update with Success and re-registered, but no Firmware Version was seen since:
 * the caller should read Device.0.Firmware Version.
 */
export function needsFirmwareVersion(s: FlowState): boolean {
  return !s.verdict && s.updateSent && !s.versionAfterUpdate && (s.registeredAfterUpdate || s.latest.updateResult === UpdateResult.Success);
}

/** The verdict in one line: "updated: Firmware Version 1.4.2 → 1.4.3, Update Result 1 (success)". */
export function describeVerdict(v: FlowVerdict, registry?: Registry): string {
  const shown = (x: string | undefined) => (x === undefined ? 'unknown' : x);
  switch (v.kind) {
    case 'updated':
      return v.versionChanged
        ? `updated: Firmware Version ${shown(v.from)} → ${shown(v.to)}, ${updateResultText(UpdateResult.Success, registry)}`
        : `${updateResultText(UpdateResult.Success, registry)}, but Firmware Version is still ${shown(v.to)}`;
    case 'failed':
      return `${v.phase === 'download' ? 'download failed' : 'update failed'}: ${updateResultText(v.updateResult, registry)}; Firmware Version ${shown(v.firmwareVersion)}`;
    case 'refused':
      return v.phase === 'write'
        ? `the Package URI write failed${v.detail ? ` (${v.detail})` : ''}: nothing was downloaded`
        : `the device refused the Update execute${v.detail ? ` (${v.detail})` : ''}`;
    case 'cancelled':
      return v.stage === 'writingUri' ? 'cancelled before the device started the download' : `cancelled while ${v.stage}, before the Update execute`;
    case 'timeout': {
      const last = [v.state !== undefined ? stateText(v.state, registry) : undefined, v.updateResult !== undefined ? updateResultText(v.updateResult, registry) : undefined].filter(Boolean);
      return `no verdict in time while ${v.stage}${last.length ? `: last ${last.join(', ')}` : ': nothing observed from the device'}`;
    }
  }
}

/** The stage as a progress notification names it. */
export function stageLabel(stage: FlowStage): string {
  switch (stage) {
    case 'writingUri': return 'Writing Package URI';
    case 'downloading': return 'Downloading';
    case 'downloaded': return 'Downloaded';
    case 'deferred': return 'Deferred by the device';
    case 'updating': return 'Updating';
    case 'done': return 'Back';
  }
}
