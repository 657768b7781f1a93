// Read-only text shown on the left of a diff: the previous snapshot of a datamodel, or the remote
// operation shadow when a save conflicts. Served on `lwm2m-shadow-snapshot:/<connection>/<thing>/<shadow>.<which>.json`.
import * as vscode from 'vscode';
import { MemoryTextDocuments } from './memoryTextDocuments';
import { shadowPath, type ShadowRef } from './shadowPath';

export const SNAPSHOT_SCHEME = 'lwm2m-shadow-snapshot';

export class SnapshotDocuments extends MemoryTextDocuments {
  constructor() {
    super(SNAPSHOT_SCHEME, () => vscode.l10n.t('// This snapshot is no longer available.'));
  }

  /** Stores a text and returns the URI that shows it. */
  put(ref: ShadowRef, which: string, text: string): vscode.Uri {
    return this.store(shadowPath(ref).replace(/\.json$/, `.${which}.json`), text);
  }
}
