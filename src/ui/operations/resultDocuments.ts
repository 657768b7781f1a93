// Read-only documents with operation results: `lwm2m-operation-result:/<connection>/<thing>/<name>.txt`,
// the name from resultDocumentName (`read Device.0.Manufacturer — urn_imei_1 v3`).
import * as vscode from 'vscode';
import { MemoryTextDocuments } from '../documents/memoryTextDocuments';

export const RESULT_SCHEME = 'lwm2m-operation-result';

export class ResultDocuments extends MemoryTextDocuments {
  constructor() {
    super(RESULT_SCHEME, () => vscode.l10n.t('This result is no longer available: open it again from the operation history.'));
  }

  put(connection: string, thing: string, name: string, text: string): vscode.Uri {
    const safe = (s: string) => s.replace(/[/\\]/g, '_');
    return this.store(`/${safe(connection)}/${safe(thing)}/${safe(name)}.txt`, text);
  }
}
