// Device checks in VS Code's Testing view: the TestController, its items and its two run profiles ("Run on the
// local sandbox", the default, and "Run on the active connection"), created at activation so that the Testing
// view lists the checks without a command first. A run is the testing feature's (deviceTestRun.ts,
// dist/feature-testing.js), loaded when the first run starts.
import * as vscode from 'vscode';
import type { DeviceTestRunner } from './deviceTestRun';
import { TestItems } from './testItems';

export const TEST_CONTROLLER_ID = 'lwm2mShadows.deviceChecks';

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
  /** The two run profiles the Testing view offers (VS Code runs their handlers). */
  readonly profiles: Record<ProfileKind, vscode.TestRunProfile>;
  /** The outcomes of the last run. */
  lastRun: RecordedOutcome[] = [];
  /** The lines the last run wrote to its output (as the Test Results terminal got them). */
  lastOutput: string[] = [];

  /** `runner`: the testing feature's runner, loaded on the first call. */
  constructor(private readonly runner: () => DeviceTestRunner) {
    this.profiles = {
      active: this.controller.createRunProfile(vscode.l10n.t('Run on the active connection'), vscode.TestRunProfileKind.Run, (r, t) => this.run(r, t, 'active'), false),
      sandbox: this.controller.createRunProfile(vscode.l10n.t('Run on the local sandbox'), vscode.TestRunProfileKind.Run, (r, t) => this.run(r, t, 'sandbox'), true),
    };
  }

  private async run(request: vscode.TestRunRequest, token: vscode.CancellationToken, kind: ProfileKind): Promise<void> {
    return this.runner().run(this, request, token, kind);
  }

  dispose(): void {
    this.items.dispose();
    this.profiles.active.dispose();
    this.profiles.sandbox.dispose();
    this.controller.dispose();
  }
}

/** The Testing view's device checks (handed back too: the extension's test API drives them). */
export function registerDeviceTests(runner: () => DeviceTestRunner): DeviceTests {
  return new DeviceTests(runner);
}
