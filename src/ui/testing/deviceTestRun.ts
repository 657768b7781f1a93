// A run of device checks (the testing feature, dist/feature-testing.js, loaded on the first run): the run itself
// through the shared runner (src/runner). Nothing runs in an untrusted workspace; a run on any connection but the
// local sandbox is confirmed first, in one modal question that lists the files, their things and the operations
// they send. A failed step shows expected vs actual as a diff at the step's line; the run's output shows each
// request, its answer and the timing; cancelling stops the current wait and publishes nothing more (each request
// is one atomic shadow update, so no desired state is ever half-written).
import * as vscode from 'vscode';
import type { AwsSession } from '../../aws/types';
import type { RunNote, StepResult, TestFile, TestRunResult } from '../../core/index';
import type { RunnerSession } from '../../runner/index';
import { loadCore, loadRunner } from '../layers';
import { toVsRange } from '../operations/corePositions';
import type { UiServices } from '../services';
import type { DeviceTests, ProfileKind, RecordedOutcome } from './deviceTests';
import { runNoteText } from './runNoteText';
import { stepIndexOf } from './testItems';

const THING_CHOICE_KEY = 'lwm2mShadows.testThing';

/** The confirmation lists at most this many lines (files and their operations); the rest are counted. */
const MAX_CONFIRM_LINES = 30;

interface Planned {
  file: vscode.TestItem;
  test: TestFile;
  /** The thing chosen (no target) or picked of the type; undefined: the file's own thing. */
  thing?: string;
}

export class DeviceTestRunner {
  constructor(private readonly services: UiServices, private readonly state: vscode.Memento) {}

  private async session(kind: ProfileKind): Promise<AwsSession | undefined> {
    const c = this.services.connections;
    if (kind === 'sandbox') return c.sessionFor('sandbox') ?? c.connectSandbox();
    return c.current ?? c.ensureConnected();
  }

  private async thingFor(file: vscode.TestItem, test: TestFile, connection: string): Promise<string | undefined> {
    if (test.target.thing || test.target.thingType) return undefined;
    const key = `${THING_CHOICE_KEY}:${connection}:${file.id}`;
    const remembered = this.state.get<string>(key);
    const name = await this.services.interaction.input({
      title: vscode.l10n.t('Run {0} on which thing?', file.label),
      prompt: vscode.l10n.t('The file names no target: the thing (LwM2M device) on {0} whose operation shadow receives the requests.', connection),
      ...(remembered !== undefined ? { value: remembered } : {}),
      validate: (v) => (/^[a-zA-Z0-9:_-]{1,128}$/.test(v) ? undefined : vscode.l10n.t('Thing names are 1–128 characters of a–z, A–Z, 0–9, :, _ and -.')),
    });
    if (name) await this.state.update(key, name);
    return name;
  }

  async run(tests: DeviceTests, request: vscode.TestRunRequest, token: vscode.CancellationToken, kind: ProfileKind): Promise<void> {
    if (!request.include && tests.controller.items.size === 0) await tests.items.discover();
    /** file → the last step to run (undefined: all of them); a step runs with the steps before it, which may capture values it uses */
    const files = new Map<vscode.TestItem, number | undefined>();
    for (const item of request.include ?? [...tests.controller.items].map(([, i]) => i)) {
      const file = item.parent ?? item;
      const step = stepIndexOf(item);
      const known = files.get(file);
      if (step === undefined) files.set(file, undefined);
      else if (!files.has(file)) files.set(file, step);
      else if (known !== undefined) files.set(file, Math.max(known, step));
    }
    const run = tests.controller.createTestRun(request);
    const recorded: RecordedOutcome[] = [];
    const output: string[] = [];
    const write = (line: string, file?: vscode.TestItem) => {
      // one line of the run each: a line break in a step name, device or log text is escaped, never a new line
      const text = loadCore().visible(line);
      output.push(text);
      run.appendOutput(text + '\r\n', undefined, file);
    };
    const record = (item: vscode.TestItem, state: RecordedOutcome['state'], messages: vscode.TestMessage[] = []) => {
      recorded.push({
        id: item.id, state,
        messages: messages.map((m) => ({
          message: typeof m.message === 'string' ? m.message : m.message.value,
          ...(m.expectedOutput !== undefined ? { expected: m.expectedOutput } : {}),
          ...(m.actualOutput !== undefined ? { actual: m.actualOutput } : {}),
          ...(m.location ? { line: m.location.range.start.line } : {}),
        })),
      });
    };
    const notRun = (file: vscode.TestItem, text: string, state: 'errored' | 'skipped' = 'errored') => {
      const message = new vscode.TestMessage(text);
      if (state === 'skipped') run.skipped(file);
      else run.errored(file, message);
      record(file, state, [message]);
    };
    const abort = new AbortController();
    const sub = token.onCancellationRequested(() => abort.abort());
    try {
      if (!this.services.interaction.workspaceTrusted()) {
        // A cloned repository's test file must not reach a device before the user trusts the workspace.
        const why = vscode.l10n.t('Device checks do not run in an untrusted workspace: a test file publishes to real devices. Trust the workspace to run them.');
        write(why);
        void this.services.interaction.notify('warning', why);
        for (const [file] of files) notRun(file, vscode.l10n.t('Not run: the workspace is not trusted.'));
        return;
      }
      let session: AwsSession | undefined;
      try {
        session = await this.session(kind);
      } catch (e) {
        session = undefined;
        write(e instanceof Error ? e.message : String(e));
      }
      const planned: Planned[] = [];
      for (const [file, upTo] of files) {
        if (token.isCancellationRequested) {
          run.skipped(file);
          record(file, 'skipped');
          continue;
        }
        const fresh = file.uri ? await tests.items.refresh(file.uri) : file;
        const data = fresh ? tests.items.fileData(fresh) : undefined;
        if (fresh?.error && data && !data.test && !data.text) {
          notRun(file, typeof fresh.error === 'string' ? fresh.error : fresh.error.value); // too large to read
          continue;
        }
        const problems = data ? loadCore().validateTestDocument(data.text, { registry: loadCore().loadRegistry() }).filter((d) => d.severity === 'error') : [];
        if (!data?.test || problems.length) {
          const first = problems[0];
          const message = new vscode.TestMessage(first ? vscode.l10n.t('Not run: {0} (line {1})', first.message, first.range.start.line + 1) : vscode.l10n.t('Not run: the file is not a device check.'));
          if (first && file.uri) message.location = new vscode.Location(file.uri, toVsRange(first.range));
          run.errored(file, message);
          record(file, 'errored', [message]);
          continue;
        }
        if (!session) {
          notRun(file, kind === 'sandbox' ? vscode.l10n.t('Not run: the local sandbox did not start.') : vscode.l10n.t('Not run: connect to AWS or the local sandbox first.'));
          continue;
        }
        const test: TestFile = upTo === undefined ? data.test : { ...data.test, steps: data.test.steps.slice(0, upTo + 1) };
        let thing = await this.thingFor(file, test, session.spec.label);
        if (!test.target.thing && !test.target.thingType && !thing) {
          notRun(file, vscode.l10n.t('Not run: no thing chosen.'), 'skipped');
          continue;
        }
        if (!thing && !test.target.thing && session.spec.kind !== 'sandbox') {
          // The thing of a type is picked now, so that the confirmation names it and the run uses exactly it.
          try {
            thing = await loadRunner().resolveThing(test, session as unknown as RunnerSession, undefined, abort.signal);
          } catch (e) {
            notRun(file, vscode.l10n.t('Not run: {0}', runNoteText((e as { note?: RunNote }).note, e instanceof Error ? e.message : String(e)) ?? ''));
            continue;
          }
        }
        planned.push({ file, test, thing });
      }
      if (session && planned.length && session.spec.kind !== 'sandbox' && !token.isCancellationRequested && !(await this.confirm(session, planned))) {
        write(vscode.l10n.t('Not run: the run on {0} was not confirmed; nothing was sent.', session.spec.label));
        for (const p of planned) notRun(p.file, vscode.l10n.t('Not run: not confirmed.'), 'skipped');
        return;
      }
      for (const { file, test, thing } of planned) {
        if (token.isCancellationRequested) {
          run.skipped(file);
          record(file, 'skipped');
          continue;
        }
        const steps = [...file.children].map(([, c]) => c).sort((a, b) => (stepIndexOf(a) ?? 0) - (stepIndexOf(b) ?? 0));
        run.started(file);
        const result = await this.runFile(run, file, steps, test, session!, thing, abort.signal, record, write);
        const fileState = result.status === 'passed' ? 'passed' : result.status === 'failed' ? 'failed' : 'errored';
        const fileMessage = new vscode.TestMessage(runNoteText(result.note, result.message) ?? vscode.l10n.t('{0} of {1} step(s) passed on {2}.', result.steps.filter((s) => s.status === 'passed').length, result.steps.length, result.thing ?? ''));
        if (fileState === 'passed') run.passed(file, result.durationMs);
        else if (fileState === 'failed') run.failed(file, fileMessage, result.durationMs);
        else run.errored(file, fileMessage, result.durationMs);
        record(file, result.cancelled && fileState === 'passed' ? 'skipped' : fileState, fileState === 'passed' ? [] : [fileMessage]);
      }
    } finally {
      sub.dispose();
      run.end();
      tests.lastRun = recorded;
      tests.lastOutput = output;
    }
  }

  /** One modal question per run on a connection that is not the local sandbox: the files, their things and what they send. */
  private async confirm(session: AwsSession, planned: Planned[]): Promise<boolean> {
    const core = loadCore();
    const lines: string[] = [];
    for (const p of planned) {
      const type = p.test.target.thingType;
      const target = p.test.target.thing && !p.thing ? p.test.target.thing
        : p.thing && type && !p.test.target.thing ? vscode.l10n.t('{0} (picked of thing type {1})', p.thing, type)
          : p.thing ?? '';
      lines.push(`${p.file.description ?? p.file.label} → ${core.visible(target)}`);
      const ops = core.plannedOperations(p.test);
      lines.push(...(ops.length ? ops.map((o) => `    ${core.visible(o)}`) : [`    ${vscode.l10n.t('(waits only: sends nothing)')}`]));
    }
    const shown = lines.length > MAX_CONFIRM_LINES ? [...lines.slice(0, MAX_CONFIRM_LINES - 1), vscode.l10n.t('… and {0} more line(s)', lines.length - MAX_CONFIRM_LINES + 1)] : lines;
    const go = vscode.l10n.t('Run on {0}', session.spec.label);
    const picked = await this.services.interaction.confirm(
      vscode.l10n.t('Run {0} device check file(s) on {1}? They publish these operations to real devices.', planned.length, session.spec.label),
      shown.join('\n'),
      go,
    );
    return picked === go;
  }

  private async runFile(
    run: vscode.TestRun, file: vscode.TestItem, steps: vscode.TestItem[], test: TestFile, session: AwsSession,
    thing: string | undefined, signal: AbortSignal, record: (item: vscode.TestItem, state: RecordedOutcome['state'], messages?: vscode.TestMessage[]) => void,
    write: (line: string, file?: vscode.TestItem) => void,
  ): Promise<TestRunResult> {
    const itemOf = (index: number) => steps.find((s) => stepIndexOf(s) === index);
    const location = (item: vscode.TestItem | undefined) => (item?.uri && item.range ? new vscode.Location(item.uri, item.range) : undefined);
    const finished = (index: number, r: StepResult) => {
      const item = itemOf(index);
      if (!item) return;
      if (r.status === 'passed') {
        run.passed(item, r.durationMs);
        record(item, 'passed');
      } else if (r.status === 'failed') {
        const messages = r.failures.map((f) => {
          const m = vscode.TestMessage.diff(vscode.l10n.t('{0}: expected {1}, got {2}', f.what, f.expected, f.actual), f.expected, f.actual);
          m.location = location(item);
          return m;
        });
        run.failed(item, messages, r.durationMs);
        record(item, 'failed', messages);
      } else if (r.status === 'errored') {
        const m = new vscode.TestMessage(runNoteText(r.note, r.message) ?? vscode.l10n.t('The step did not complete.'));
        m.location = location(item);
        run.errored(item, m, r.durationMs);
        record(item, 'errored', [m]);
      } else {
        const why = runNoteText(r.note, r.message);
        const messages = why ? [new vscode.TestMessage(why)] : [];
        run.skipped(item);
        record(item, 'skipped', messages);
      }
    };
    return loadRunner().runTest(test, {
      session: session as unknown as RunnerSession,
      // the one pipeline: a step waits behind a Publish or tree action on the same thing, never interleaved
      pipeline: this.services.pipeline, connection: session.spec.id,
      // a firmware update step's file: served by the sandbox's file server (on AWS, a URL step, or S3 below)
      ...(session.spec.kind === 'sandbox' && session.spec.endpoint ? { firmwareHost: loadRunner().firmware.sandboxFirmwareHost(session.spec.endpoint) } : {}),
      file: file.uri?.fsPath ?? file.id,
      ...(thing ? { thing } : {}),
      signal,
      listener: {
        output: (line) => write(line, file),
        stepStarted: (s) => {
          const item = itemOf(s.index);
          if (item) run.started(item);
        },
        stepFinished: (s, r) => finished(s.index, r),
      },
    });
  }

}
