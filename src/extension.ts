// Composition root: builds the services and registers the UI. Nothing else lives here.
import * as vscode from 'vscode';
import { loadedLayers } from './ui/layers';

declare const __lwm2mBundleStart: number | undefined;

export interface ExtensionApi {
  /** Milliseconds from requiring the bundle to the end of activate(). */
  activationMs: number;
  /** Layers (core, aws, sandbox) loaded so far. */
  loadedLayers(): string[];
}

export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const start = typeof __lwm2mBundleStart === 'number' ? __lwm2mBundleStart : performance.now();
  const log = vscode.window.createOutputChannel('LwM2M Shadows', { log: true });
  context.subscriptions.push(log);
  const activationMs = performance.now() - start;
  log.info(`activated in ${activationMs.toFixed(1)} ms`);
  return { activationMs, loadedLayers };
}

export function deactivate(): void {
  // Services registered in context.subscriptions are disposed by VS Code.
}
