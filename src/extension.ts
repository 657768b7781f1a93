// Composition root: builds the services and registers the UI. Nothing else lives here.
import * as vscode from 'vscode';
import { loadedLayers } from './ui/layers';
import { requireTestMode } from './ui/features/featureLoader';
import { registerUi } from './ui/registerUi';
import { vscodeInteraction } from './ui/vscodeInteraction';
import { markStartup, startTimeline } from './ui/startupTimeline';

export type { ExtensionApi } from './ui/testMode/testApi';

declare const __lwm2mBundleStart: number | undefined;

/** What activate() returns to every other extension. */
export interface PublicApi {
  /** Milliseconds from requiring the bundle to the end of activate(). */
  activationMs: number;
  /** Layers (core, aws, sandbox) loaded so far. */
  loadedLayers(): string[];
}

/**
 * While extension tests run (ExtensionMode.Test) activate() returns the test API (src/ui/testMode/testApi.ts): hooks
 * that answer the user's confirmations, hand in sessions or move the clock. Its bundle is loaded in that mode only,
 * so they never reach other extensions.
 */
export function activate(context: vscode.ExtensionContext): PublicApi {
  const start = typeof __lwm2mBundleStart === 'number' ? __lwm2mBundleStart : performance.now();
  const called = performance.now() - start;
  const log = vscode.window.createOutputChannel('LwM2M Shadows', { log: true });
  context.subscriptions.push(log);
  startTimeline(start, log);
  // Outside tests the UI talks to VS Code and the SDK directly: nothing can swap what a person is asked.
  const testMode = context.extensionMode === vscode.ExtensionMode.Test ? requireTestMode().createTestMode(vscodeInteraction) : undefined;
  const registered = registerUi(context, log, testMode?.ports ?? { interaction: vscodeInteraction });
  markStartup('activated');
  const activationMs = performance.now() - start;
  log.info(`activated in ${activationMs.toFixed(1)} ms (activate() called at ${called.toFixed(1)} ms)`);
  return testMode ? testMode.api(registered, activationMs) : { activationMs, loadedLayers };
}

export function deactivate(): void {
  // Services registered in context.subscriptions are disposed by VS Code (the sandbox stops with them).
}
