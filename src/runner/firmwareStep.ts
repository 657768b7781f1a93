// A device check's firmware update step: the file (relative to the test file) or URL, through the same flow as
// the Update Firmware command (src/operations/firmware: Package URI written and checked, State followed, Update
// executed, the device followed until it is back), every request through the run's send pipeline; then the
// verdict checked against the step's "expect" (core/tests/firmwareExpectations.ts).
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { ShadowApi, ShadowDocument } from '../aws/types';
import { shownFirmwareRequest, shownPackageUri } from '../core/firmware/packageUri';
import { stageLabel } from '../core/firmware/updateFlow';
import type { Clock } from '../core/tests/clock';
import { checkFirmwareVerdict } from '../core/tests/firmwareExpectations';
import type { TestStep } from '../core/tests/testFile';
import type { StepFailure } from '../core/tests/testResult';
import { type FirmwareHost, type FirmwareSource } from '../operations/firmware/firmwareDelivery';
import { pipelineSender } from '../operations/firmware/firmwareSender';
import { FirmwareStartError, runFirmwareUpdate } from '../operations/firmware/firmwareUpdate';
import type { ConflictChoice, SendPipeline } from '../operations/sendPipeline';
import { sessionPorts } from '../operations/sessionPorts';

/** Ten minutes for the download and ten for the update, unless the step says otherwise. */
const DEFAULT_STAGE_S = 600;

export interface FirmwareStepDeps {
  shadows: ShadowApi;
  pipeline: SendPipeline;
  connection: string;
  clock: Clock;
  /** Where a file is hosted for the device (the sandbox's file server, S3); undefined: only a URL works. */
  host?: FirmwareHost;
  /** The test file's path: a "file" is relative to its folder. */
  testFile: string;
  /** Seconds each request waits for its answer (the file's timeoutSeconds). */
  answerTimeoutS: number;
  confirmExecute(thing: string, keys: readonly string[]): Promise<boolean>;
  /** A 409: the run's rule (only `reported` moved → the same request again). */
  onConflict(latest: ShadowDocument, stored: ShadowDocument | undefined): Promise<ConflictChoice>;
  signal?: AbortSignal;
  out(line: string): void;
  pollMs?: number;
}

export type FirmwareStepResult =
  | { kind: 'checked'; failures: StepFailure[]; request: Record<string, unknown>; verdict: string }
  | { kind: 'cancelled'; message: string };

/** A step that could not run: its message says why (nothing was sent unless it says so). */
export class FirmwareStepError extends Error {}

async function sourceOf(pkg: NonNullable<TestStep['firmwareUpdate']>, testFile: string): Promise<FirmwareSource> {
  if ('url' in pkg) return { kind: 'url', url: pkg.url };
  const where = path.resolve(path.dirname(testFile), pkg.file);
  try {
    return { kind: 'file', bytes: new Uint8Array(await readFile(where)), name: path.basename(where) };
  } catch (e) {
    throw new FirmwareStepError(`cannot read the firmware file ${pkg.file} (${where}): ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}; nothing was sent`);
  }
}

export async function runFirmwareStep(step: TestStep, thing: string, d: FirmwareStepDeps, captures: ReadonlyMap<string, string>): Promise<FirmwareStepResult> {
  const pkg = step.firmwareUpdate!;
  const source = await sourceOf(pkg, d.testFile);
  const stageMs = (pkg.timeoutSeconds ?? DEFAULT_STAGE_S) * 1000;
  const send = pipelineSender(d.pipeline, {
    connection: d.connection,
    ports: (t) => sessionPorts(d.shadows, t),
    onConflict: (_t, latest, stored) => d.onConflict(latest, stored),
  });
  d.out(`  → firmware update of ${thing} from ${source.kind === 'url' ? source.url : `${'file' in pkg ? pkg.file : ''} (${source.bytes.length} bytes, hosted on ${d.host?.label ?? 'nowhere'})`}`);
  let result;
  try {
    result = await runFirmwareUpdate({ shadows: d.shadows, send, clock: d.clock, ...(d.host ? { host: d.host } : {}) }, {
      thing, source, confirmExecute: d.confirmExecute,
      ...(d.signal ? { signal: d.signal } : {}),
      downloadTimeoutMs: stageMs, updateTimeoutMs: stageMs, answerTimeoutMs: d.answerTimeoutS * 1000,
      ...(d.pollMs !== undefined ? { pollMs: d.pollMs } : {}),
      onStage: (stage) => d.out(`    … ${stageLabel(stage)}`),
      onStep: (s) => d.out(`    → ${JSON.stringify(shownFirmwareRequest(s.request))} (${s.outcome.kind === 'not-sent' ? `not sent: ${s.outcome.reason}` : s.outcome.kind})`),
    });
  } catch (e) {
    // FirmwareStartError, DeliveryError: thrown before anything was written to the device
    throw new FirmwareStepError(`${(e as Error).message}${e instanceof FirmwareStartError || (e as Error).name === 'DeliveryError' ? ' (nothing was sent)' : ''}`);
  }
  d.out(`  ← ${result.text}`);
  const request = { firmwareUpdate: 'url' in pkg ? { url: pkg.url } : { file: pkg.file }, ...(result.packageUri ? { packageUri: shownPackageUri(result.packageUri) } : {}) };
  if (result.verdict.kind === 'cancelled' && d.signal?.aborted) return { kind: 'cancelled', message: `cancelled: ${result.text}` };
  return { kind: 'checked', failures: checkFirmwareVerdict(step.expect, result.verdict, result.before.firmwareVersion, captures), request, verdict: result.text };
}
