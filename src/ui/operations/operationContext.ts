// What validation, completion and hover know about an operation document besides its text: the LwM2M
// registry (core, loaded on first use) and, for a thing's operation shadow, that thing's datamodel as the
// ShadowStore last fetched it. The datamodel is fetched once in the background when a thing's operation
// document is first looked at; typing never waits for it.
import * as vscode from 'vscode';
import type { ValidateOptions } from '../../core/index';
import { loadCore, type Core } from '../layers';
import type { ShadowRef } from '../documents/shadowPath';
import { DATAMODEL_SHADOW } from '../format/shadowNames';
import type { ShadowStore } from '../shadows/shadowStore';
import { operationShadowOf } from './operationDocuments';

export class OperationContext implements vscode.Disposable {
  private readonly requested = new Set<string>();
  private readonly datamodelArrived = new vscode.EventEmitter<ShadowRef>();
  /** A thing's datamodel was fetched or changed (ref of the datamodel shadow). */
  readonly onDidChangeDatamodel = this.datamodelArrived.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly store: ShadowStore, private readonly log: vscode.LogOutputChannel) {
    this.subscription = store.onDidChange((ref) => {
      if (ref.shadowName === DATAMODEL_SHADOW) this.datamodelArrived.fire(ref);
    });
  }

  core(): Core {
    return loadCore();
  }

  /** Registry and, when known, the datamodel of the document's thing; starts fetching it if never asked. */
  optionsFor(uri: vscode.Uri): ValidateOptions {
    const core = this.core();
    const options: ValidateOptions = { registry: core.loadRegistry() };
    const ref = operationShadowOf(uri);
    if (!ref) return options;
    const dmRef = { ...ref, shadowName: DATAMODEL_SHADOW };
    const doc = this.store.peek(dmRef);
    if (doc) options.datamodel = doc.state.reported ?? {};
    else this.fetchOnce(dmRef);
    return options;
  }

  private fetchOnce(ref: ShadowRef): void {
    const key = `${ref.connection}/${ref.thingName}`;
    if (this.requested.has(key)) return;
    this.requested.add(key);
    // The store fires onDidChange when it arrives; diagnostics re-validate then.
    this.store.get(ref, 5000).catch((e) => {
      this.log.info(`operation document: no datamodel for ${ref.thingName} (${(e as Error).message}); validating against the registry only`);
    });
  }

  dispose(): void {
    this.subscription.dispose();
    this.datamodelArrived.dispose();
  }
}
