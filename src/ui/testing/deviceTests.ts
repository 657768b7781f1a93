// Device checks in VS Code's Testing view: the TestController, its two run profiles ("Run on the active
// connection", "Run on the local sandbox") and the run itself through the shared runner (src/runner). A failed
// step shows expected vs actual as a diff at the step's line; the run's output shows each request, its answer
// and the timing; cancelling stops the current wait and publishes nothing more (each request is one atomic
// shadow update, so no desired state is ever half-written).
import * as vscode from 'vscode';
import type { AwsSession } from '../../aws/types';
import type { StepResult, TestFile, TestRunResult } from '../../core/index';
import type { RunnerSession } from '../../runner/index';
import { loadCore, loadRunner } from '../layers';
import { toVsRange } from '../operations/corePositions';
import type { UiServices } from '../services';
import { stepIndexOf, TestItems } from './testItems';

export const TEST_CONTROLLER_ID = 'lwm2mShadows.deviceChecks';
const THING_CHOICE_KEY = 'lwm2mShadows.testThing';

export type ProfileKind = 'active' | 'sandbox';

/** What a run reported for one item (tests read it; people see the Testing view). */
export interface RecordedOutcome {
  id: string;
  state: 'passed' | 'failed' | 'errored' | 'skipped';
  messages: { message: string; expected?: string; actual?: string; line?: number }[];
}

export class DeviceTests implements vscode.Disposable {
  readonly controller = vscode.tests.createTestController(TEST_CONTROLLER_ID, vscode.l10n.t('LwM2M device checks'));
  readonly items = new TestItems(this.controller);
  private readonly profiles: Record<ProfileKind, vscode.TestRunProfile>;
  /** The outcomes of the last run. */
  lastRun: RecordedOutcome[] = [];
  /** Tests: answers the "which thing?" question instead of a person. */
  askThing?: (file: vscode.TestItem) => Promise<string | undefined>;

  constructor(private readonly services: UiServices, private readonly state: vscode.Memento) {
    this.profiles = {
      active: this.controller.createRunProfile(vscode.l10n.t('Run on the active connection'), vscode.TestRunProfileKind.Run, (r, t) => this.run(r, t, 'active'), true),
      sandbox: this.controller.createRunProfile(vscode.l10n.t('Run on the local sandbox'), vscode.TestRunProfileKind.Run, (r, t) => this.run(r, t, 'sandbox'), false),
    };
  }

  /** Runs items (all when none) with a profile, as the Testing view does. */
  runWith(kind: ProfileKind, include: vscode.TestItem[] | undefined, token: vscode.CancellationToken): Promise<void> {
    return this.run(new vscode.TestRunRequest(include, undefined, this.profiles[kind]), token, kind);
  }

  private async session(kind: ProfileKind): Promise<AwsSession | undefined> {
    const c = this.services.connections;
    if (kind === 'sandbox') return c.sessionFor('sandbox') ?? c.connectSandbox();
    return c.current ?? c.ensureConnected();
  }

  private async thingFor(file: vscode.TestItem, test: TestFile, connection: string): Promise<string | undefined> {
    if (test.target.thing || test.target.thingType) return undefined;
    const key = `${THING_CHOICE_KEY}:${connection}:${file.id}`;
    const remembered = this.state.get<string>(key);
    const name = this.askThing ? await this.askThing(file) : await vscode.window.showInputBox({
      title: vscode.l10n.t('Run {0} on which thing?', file.label),
      prompt: vscode.l10n.t('The file names no target: the thing (LwM2M device) on {0} whose operation shadow receives the requests.', connection),
      value: remembered,
      validateInput: (v) => (/^[a-zA-Z0-9:_-]{1,128}$/.test(v) ? undefined : vscode.l10n.t('Thing names are 1–128 characters of a–z, A–Z, 0–9, :, _ and -.')),
    });
    if (name) await this.state.update(key, name);
    return name;
  }

  private async run(request: vscode.TestRunRequest, token: vscode.CancellationToken, kind: ProfileKind): Promise<void> {
    if (!request.include && this.controller.items.size === 0) await this.items.discover();
    /** file → the last step to run (undefined: all of them); a step runs with the steps before it, which may capture values it uses */
    const files = new Map<vscode.TestItem, number | undefined>();
    for (const item of request.include ?? [...this.controller.items].map(([, i]) => i)) {
      const file = item.parent ?? item;
      const step = stepIndexOf(item);
      const known = files.get(file);
      if (step === undefined) files.set(file, undefined);
      else if (!files.has(file)) files.set(file, step);
      else if (known !== undefined) files.set(file, Math.max(known, step));
    }
    const run = this.controller.createTestRun(request);
    const recorded: RecordedOutcome[] = [];
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
    const abort = new AbortController();
    const sub = token.onCancellationRequested(() => abort.abort());
    try {
      let session: AwsSession | undefined;
      try {
        session = await this.session(kind);
      } catch (e) {
        session = undefined;
        run.appendOutput(`${e instanceof Error ? e.message : String(e)}\r\n`);
      }
      for (const [file, upTo] of files) {
        if (token.isCancellationRequested) {
          run.skipped(file);
          record(file, 'skipped');
          continue;
        }
        const fresh = file.uri ? await this.items.refresh(file.uri) : file;
        const data = fresh ? this.items.fileData(fresh) : undefined;
        const steps = [...file.children].map(([, c]) => c).sort((a, b) => (stepIndexOf(a) ?? 0) - (stepIndexOf(b) ?? 0));
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
          const message = new vscode.TestMessage(kind === 'sandbox' ? vscode.l10n.t('Not run: the local sandbox did not start.') : vscode.l10n.t('Not run: connect to AWS or the local sandbox first.'));
          run.errored(file, message);
          record(file, 'errored', [message]);
          continue;
        }
        const test: TestFile = upTo === undefined ? data.test : { ...data.test, steps: data.test.steps.slice(0, upTo + 1) };
        const thing = await this.thingFor(file, test, session.spec.label);
        if (!test.target.thing && !test.target.thingType && !thing) {
          const message = new vscode.TestMessage(vscode.l10n.t('Not run: no thing chosen.'));
          run.skipped(file);
          record(file, 'skipped', [message]);
          continue;
        }
        run.started(file);
        const result = await this.runFile(run, file, steps, test, session, thing, abort.signal, record);
        const fileState = result.status === 'passed' ? 'passed' : result.status === 'failed' ? 'failed' : 'errored';
        const fileMessage = new vscode.TestMessage(result.message ?? vscode.l10n.t('{0} of {1} step(s) passed on {2}.', result.steps.filter((s) => s.status === 'passed').length, result.steps.length, result.thing ?? ''));
        if (fileState === 'passed') run.passed(file, result.durationMs);
        else if (fileState === 'failed') run.failed(file, fileMessage, result.durationMs);
        else run.errored(file, fileMessage, result.durationMs);
        record(file, result.cancelled && fileState === 'passed' ? 'skipped' : fileState, fileState === 'passed' ? [] : [fileMessage]);
      }
    } finally {
      sub.dispose();
      run.end();
      this.lastRun = recorded;
    }
  }

  private async runFile(
    run: vscode.TestRun, file: vscode.TestItem, steps: vscode.TestItem[], test: TestFile, session: AwsSession,
    thing: string | undefined, signal: AbortSignal, record: (item: vscode.TestItem, state: RecordedOutcome['state'], messages?: vscode.TestMessage[]) => void,
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
        const m = new vscode.TestMessage(r.message ?? vscode.l10n.t('The step did not complete.'));
        m.location = location(item);
        run.errored(item, m, r.durationMs);
        record(item, 'errored', [m]);
      } else {
        run.skipped(item);
        record(item, 'skipped', r.message ? [new vscode.TestMessage(r.message)] : []);
      }
    };
    return loadRunner().runTest(test, {
      session: session as unknown as RunnerSession,
      file: file.uri?.fsPath ?? file.id,
      ...(thing ? { thing } : {}),
      signal,
      listener: {
        output: (line) => run.appendOutput(line.replace(/\n/g, '\r\n') + '\r\n', undefined, file),
        stepStarted: (s) => {
          const item = itemOf(s.index);
          if (item) run.started(item);
        },
        stepFinished: (s, r) => finished(s.index, r),
      },
    });
  }

  dispose(): void {
    this.items.dispose();
    this.profiles.active.dispose();
    this.profiles.sandbox.dispose();
    this.controller.dispose();
  }
}

let active: DeviceTests | undefined;

/** The Testing view's device checks of the running extension (tests drive it through the extension API). */
export function deviceTests(): DeviceTests | undefined {
  return active;
}

export function registerDeviceTests(services: UiServices, extension: vscode.ExtensionContext): vscode.Disposable[] {
  active = new DeviceTests(services, extension.workspaceState);
  return [active];
}
