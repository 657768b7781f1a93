// Update Firmware…: on a thing whose datamodel has Firmware Update (its tree row, its Firmware Update object
// row, or F1, which asks for the thing), pick a file (or enter a URL), then follow the update in a progress
// notification (cancellable until the Update execute) and end with the verdict. Thin: the flow is
// src/operations/firmware (loaded with the runner bundle); this only asks, shows and records.
import * as vscode from 'vscode';
import { withStagedProgress } from './stagedProgress';
import type { FirmwareUpdateResult, FirmwareStep, FirmwareHost, FirmwareSource, LongUri } from '../../operations/firmware/index';
import type { FlowStage } from '../../core/firmware/updateFlow';
import type { AwsSession } from '../../aws/types';
import type { Interaction } from '../../operations/interaction';
import { OPERATION_SHADOW } from '../../operations/sendPipeline';
import { pickThing } from '../commands/revealThing';
import { DatamodelObjectNode } from '../fleet/nodes/datamodelNodes';
import { ThingNode } from '../fleet/nodes/thingNode';
import { inertText } from '../format/inertText';
import { loadAws, loadCore, loadRunner } from '../layers';
import { confirmExecute } from '../operations/confirmExecute';
import { storeWatch } from '../shadows/storeWatch';
import type { OperationHistory } from '../operations/operationHistory';
import type { UiServices } from '../services';

export const UPDATE_FIRMWARE_COMMAND = 'lwm2mShadows.updateFirmware';
const MAX_FILE_BYTES = 32 * 1024 * 1024;

/** What a caller may pass: the thing. The firmware is always picked by the person. */
export interface UpdateFirmwareArgs {
  thing?: string;
}

export type UpdateFirmwareOutcome =
  | { status: 'done'; result: FirmwareUpdateResult; reset?: boolean }
  | { status: 'not-started'; reason: string };

function stageText(stage: FlowStage): string {
  switch (stage) {
    case 'writingUri': return vscode.l10n.t('Writing the Package URI…');
    case 'downloading': return vscode.l10n.t('Downloading…');
    case 'downloaded': return vscode.l10n.t('Downloaded; confirm the Update…');
    case 'deferred': return vscode.l10n.t('Downloaded; the device deferred the update…');
    case 'updating': return vscode.l10n.t('Updating (no longer cancellable)…');
    case 'done': return vscode.l10n.t('Back');
  }
}

function thingOf(arg: unknown): string | undefined {
  if (arg instanceof ThingNode) return arg.name;
  if (arg instanceof DatamodelObjectNode) return arg.parent.ref.thingName;
  if (typeof arg === 'object' && arg !== null && typeof (arg as UpdateFirmwareArgs).thing === 'string') return (arg as UpdateFirmwareArgs).thing;
  return undefined;
}

export function registerUpdateFirmware(s: UiServices, history: () => OperationHistory | undefined): vscode.Disposable {
  return vscode.commands.registerCommand(UPDATE_FIRMWARE_COMMAND, (arg?: unknown) => updateFirmware(s, history(), arg));
}

const S3_BUCKET_SETTING = 'firmware.s3Bucket';
/** S3's bucket naming rules (3–63 lower-case letters, digits, dots and hyphens). */
const S3_BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * Where a file is hosted: the sandbox's file server; on AWS the S3 bucket of lwm2mShadows.firmware.s3Bucket,
 * asked for once (and remembered in the setting) when none is set. undefined: the person gave no bucket.
 */
async function hostFor(ui: Interaction, session: AwsSession): Promise<FirmwareHost | undefined> {
  const fw = loadRunner().firmware;
  if (session.spec.kind === 'sandbox' && session.spec.endpoint) return fw.sandboxFirmwareHost(session.spec.endpoint);
  const config = vscode.workspace.getConfiguration('lwm2mShadows');
  let bucket = config.get<string>(S3_BUCKET_SETTING, '').trim();
  if (!bucket) {
    bucket = (await ui.input({
      title: vscode.l10n.t('Update Firmware: S3 bucket for firmware files'),
      prompt: vscode.l10n.t('The file is uploaded there and the device gets a presigned URL. Remembered in the setting lwm2mShadows.firmware.s3Bucket.'),
      placeHolder: 'my-firmware-builds',
      ignoreFocusOut: true,
      validate: (v) => (S3_BUCKET.test(v.trim()) ? undefined : vscode.l10n.t('A bucket name is 3–63 lower-case letters, digits, dots and hyphens.')),
    }))?.trim() ?? '';
    if (!bucket) return undefined;
    await config.update(S3_BUCKET_SETTING, bucket, vscode.ConfigurationTarget.Global);
  }
  const spec = session.spec;
  return fw.s3FirmwareHost(bucket, (req) => loadAws().uploadFirmwareToS3(spec, req));
}

/** A Package URI longer than the object declares: the person decides, told the length and the limit. */
async function confirmLongUri(ui: Interaction, long: LongUri): Promise<boolean> {
  const write = vscode.l10n.t('Write Anyway');
  const picked = await ui.confirm(
    vscode.l10n.t('The Package URI from {0} is {1} bytes; the Firmware Update object declares at most {2} bytes.', long.from, long.bytes, long.maxBytes),
    vscode.l10n.t('Many devices take longer URIs; some cut them or refuse the write (the download then fails, e.g. with Update Result 7, invalid URI). A presigned S3 URL is always this long. Write it anyway?'),
    write,
  );
  return picked === write;
}

async function pickSource(ui: Interaction): Promise<FirmwareSource | undefined> {
  const chooseFile = vscode.l10n.t('Choose a File…');
  const enterUrl = vscode.l10n.t('Enter a URL…');
  const pick = await ui.pick(
    [
      { label: chooseFile, detail: vscode.l10n.t('Hosted where the device can fetch it (the sandbox serves it itself)') },
      { label: enterUrl, detail: vscode.l10n.t('A URL the device downloads from (coap://, coaps://, http://, https://)') },
    ],
    { title: vscode.l10n.t('Update Firmware: the new firmware') },
  );
  if (!pick) return undefined;
  if (pick.label === enterUrl) {
    const core = loadCore();
    const url = await ui.input({
      title: vscode.l10n.t('Update Firmware: Package URI'),
      prompt: vscode.l10n.t('The URL the device downloads the firmware from'),
      placeHolder: 'coap://192.0.2.1/fw/app.bin',
      // longer than the object declares: a warning (the person is asked before it is written), not a refusal
      validate: (v) => {
        const problem = core.firmware.checkPackageUri(v.trim());
        if (!problem) return undefined;
        return problem.code === 'too-long' ? { message: problem.message, severity: 'warning' } : problem.message;
      },
    });
    return url ? { kind: 'url', url: url.trim() } : undefined;
  }
  const picked = await ui.openFile({ openLabel: vscode.l10n.t('Update Firmware'), title: vscode.l10n.t('Firmware file') });
  if (!picked) return undefined;
  const file = vscode.Uri.parse(picked);
  const stat = await vscode.workspace.fs.stat(file);
  if (stat.size > MAX_FILE_BYTES) throw new Error(vscode.l10n.t('{0} is {1} bytes; at most {2} can be hosted.', file.fsPath, stat.size, MAX_FILE_BYTES));
  const bytes = await vscode.workspace.fs.readFile(file);
  return { kind: 'file', bytes, name: file.path.split('/').pop() ?? 'firmware.bin' };
}

function record(history: OperationHistory | undefined, connection: string, thing: string, step: FirmwareStep): void {
  if (!history) return;
  const o = step.outcome;
  const keys = Array.isArray(step.request.keys) ? step.request.keys.map(String) : [];
  const entry = history.add({ connection, thing, operation: String(step.request.operation), keys, request: step.request, time: step.at, outcome: o.kind === 'answered' ? 'answered' : o.kind === 'no-answer' || o.kind === 'unknown' ? 'timeout' : 'cancelled' });
  const operation = String(step.request.operation);
  const summary = o.kind === 'answered'
    ? vscode.l10n.t('Update Firmware: {0} on {1}, failed keys: {2}', operation, thing, o.failedKeys.length ? o.failedKeys.join(', ') : vscode.l10n.t('none'))
    : o.kind === 'no-answer' ? vscode.l10n.t('Update Firmware: {0} on {1}, sent; no answer in the operation shadow', operation, thing)
    : o.kind === 'refused' ? vscode.l10n.t('Update Firmware: {0} on {1}, refused by the integration: {2}', operation, thing, o.reason)
    : o.kind === 'unknown' ? vscode.l10n.t('Update Firmware: {0} on {1}, no answer to the update; it may have applied and was not sent again', operation, thing)
    : vscode.l10n.t('Update Firmware: {0} on {1}, not sent ({2})', operation, thing, o.reason);
  history.update(entry, { summary, ...('acceptedVersion' in o ? { acceptedVersion: o.acceptedVersion } : {}) });
}

async function updateFirmware(s: UiServices, history: OperationHistory | undefined, arg: unknown): Promise<UpdateFirmwareOutcome> {
  const session = s.connections.current ?? await s.connections.ensureConnected();
  if (!session) return { status: 'not-started', reason: 'not-connected' };
  const thing = thingOf(arg) ?? (await pickThing(s))?.name;
  if (!thing) return { status: 'not-started', reason: 'no-thing' };
  const core = loadCore();
  const runner = loadRunner();
  const fw = runner.firmware;
  let dm;
  try {
    dm = await session.shadows.get(thing, 'datamodel');
  } catch (e) {
    void s.interaction.notify('error', vscode.l10n.t('Update Firmware: the datamodel of {0} could not be read: {1}', inertText(thing), inertText((e as Error).message)));
    return { status: 'not-started', reason: 'datamodel-unreadable' };
  }
  if (!core.firmware.readFirmware(dm.state).present) {
    void s.interaction.notify('warning', vscode.l10n.t('{0} has no Firmware Update object (LwM2M object 5) in its datamodel: it cannot be updated over LwM2M.', inertText(thing)));
    return { status: 'not-started', reason: 'no-firmware-object' };
  }
  let source: FirmwareSource | undefined;
  try {
    source = await pickSource(s.interaction);
  } catch (e) {
    void s.interaction.notify('error', inertText((e as Error).message));
    return { status: 'not-started', reason: 'file-unreadable' };
  }
  if (!source) return { status: 'not-started', reason: 'no-file' };
  const host = source.kind === 'file' ? await hostFor(s.interaction, session) : undefined;
  if (source.kind === 'file' && !host) return { status: 'not-started', reason: 'no-bucket' };
  const connection = session.spec.id;
  // The one pipeline (shared with Publish, tree actions and device checks): its queue, 409 question and answer wait.
  const sender = fw.pipelineSender(s.pipeline, {
    connection,
    ports: (t) => ({ shadows: session.shadows, watch: storeWatch(s.store, { connection, thingName: t, shadowName: OPERATION_SHADOW }), matchAnswer: core.matchAnswer }),
    onConflict: async (t, latest) => {
      const overwrite = vscode.l10n.t('Overwrite');
      const picked = await s.interaction.confirm(
        vscode.l10n.t('The operation shadow of {0} changed since the firmware update read it (now version {1}).', t, latest.version),
        vscode.l10n.t('Overwrite sends the firmware update\'s request now. Cancel sends nothing and ends the update.'),
        overwrite,
      );
      return picked === overwrite ? 'overwrite' : 'cancel';
    },
  });
  const ports = {
    shadows: session.shadows, send: sender, clock: runner.systemClock, ...(host ? { host } : {}),
    ...(session.live ? { watch: (t: string, wake: () => void) => {
      const ws = ['datamodel', ''].map((shadow) => session.live!.watch(t, shadow, (e) => { if (e.kind === 'document') wake(); }));
      return () => ws.forEach((w) => w.dispose());
    } } : {}),
  };
  let result: FirmwareUpdateResult;
  try {
    result = await withStagedProgress(vscode.l10n.t('Update Firmware on {0}', thing), (progress) =>
      fw.runFirmwareUpdate(ports, {
        thing, source: source!, signal: progress.signal,
        confirmExecute: (t, keys) => confirmExecute(s.interaction, t, keys),
        confirmLongUri: (long) => confirmLongUri(s.interaction, long),
        onStage: (stage) => {
          progress.report(stageText(stage), stage === 'updating');
          s.log.info(`Update Firmware on ${thing}: ${stage}`);
        },
        onStep: (step) => {
          record(history, connection, thing, step);
          s.log.info(`Update Firmware on ${thing}: ${JSON.stringify(core.firmware.shownFirmwareRequest(step.request))} → ${step.outcome.kind}`);
        },
      }));
  } catch (e) {
    void s.interaction.notify('error', vscode.l10n.t('Update Firmware on {0}: {1}', inertText(thing), inertText((e as Error).message)));
    return { status: 'not-started', reason: (e as { code?: string }).code ?? 'error' };
  }
  s.log.info(`Update Firmware on ${thing}: ${result.text}`);
  const text = vscode.l10n.t('Update Firmware on {0}: {1}', inertText(thing), inertText(result.text));
  if (!result.offerReset) {
    void s.interaction.notify(result.verdict.kind === 'updated' && result.verdict.versionChanged ? 'info' : 'warning', text);
    return { status: 'done', result };
  }
  const reset = vscode.l10n.t('Reset');
  const answer = await s.interaction.notify(result.verdict.kind === 'cancelled' ? 'warning' : 'error', text, reset);
  if (answer !== reset) return { status: 'done', result };
  const r = await fw.resetFirmware(ports, thing, result.before.instance, (step) => record(history, connection, thing, step));
  void s.interaction.notify('info', r.kind === 'answered' && !r.failedKeys.length
    ? vscode.l10n.t('Update Firmware on {0}: reset (an empty Package URI written).', inertText(thing))
    : vscode.l10n.t('Update Firmware on {0}: the reset was not confirmed by the device ({1}).', inertText(thing), r.kind));
  return { status: 'done', result, reset: true };
}
