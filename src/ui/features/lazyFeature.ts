// A feature whose code loads on first use. Its commands are registered at activation with stubs, so menus, the
// palette, links and other extensions find them as before; the first time one runs, the stubs go, the feature is
// started (it registers its real commands) and the command runs again with the same arguments. VS Code runs a
// command of this extension in this extension host with its arguments as they are (tree rows, selections), and
// hands back what the real command returns.
import * as vscode from 'vscode';
import { FEATURE_COMMANDS, type FeatureName } from './featureCommands';
import { requireFeature, type FeatureModules } from './featureLoader';

export class LazyFeature<T> implements vscode.Disposable {
  private value: T | undefined;
  private stubs: vscode.Disposable[] = [];

  constructor(private readonly commands: readonly string[], private readonly start: () => T) {
    this.registerStubs();
  }

  /** The feature, started now if it was not yet. */
  get(): T {
    if (this.value === undefined) {
      for (const stub of this.stubs.splice(0)) stub.dispose();
      try {
        this.value = this.start();
      } catch (e) {
        this.registerStubs();
        throw e;
      }
    }
    return this.value;
  }

  /** The feature if it was started, without starting it. */
  get started(): T | undefined {
    return this.value;
  }

  private registerStubs(): void {
    this.stubs = this.commands.map((id) => vscode.commands.registerCommand(id, (...args: unknown[]) => {
      this.get();
      return vscode.commands.executeCommand(id, ...args);
    }));
  }

  dispose(): void {
    for (const stub of this.stubs.splice(0)) stub.dispose();
  }
}

/**
 * The feature `name` (dist/feature-<name>.js), started on its first command (FEATURE_COMMANDS) or `get()`:
 * `start` registers it and hands back its disposables, which go with the extension's.
 */
export function lazyFeature<K extends FeatureName, T extends { disposables: vscode.Disposable[] }>(
  context: vscode.ExtensionContext, name: K, start: (feature: FeatureModules[K]) => T,
): LazyFeature<T> {
  const feature = new LazyFeature(FEATURE_COMMANDS[name], () => {
    const started = start(requireFeature(name));
    context.subscriptions.push(...started.disposables);
    return started;
  });
  context.subscriptions.push(feature);
  return feature;
}

/**
 * Calls `load` once, when a document `matches`: one open now (right after activation, so that activate() does not
 * wait for it) or the first one opened later.
 */
export function whenDocumentOpens(matches: (doc: vscode.TextDocument) => boolean, load: () => void): vscode.Disposable {
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    subscription.dispose();
    clearTimeout(timer);
    load();
  };
  const subscription = vscode.workspace.onDidOpenTextDocument((doc) => {
    if (matches(doc)) once();
  });
  const timer = setTimeout(() => {
    if (vscode.workspace.textDocuments.some(matches)) once();
  }, 0);
  return { dispose: () => { done = true; subscription.dispose(); clearTimeout(timer); } };
}
