// Drafts of operation documents. Saving a thing's operation document never writes its shadow (the
// integration would run the request): the text is kept here, per connection and thing, on this machine
// (VS Code's global state, so it survives reloads), and the document shows it until it is published or
// discarded. Only Publish sends a request.
import * as vscode from 'vscode';
import type { ShadowRef } from './shadowPath';

export interface OperationDraft {
  text: string;
  /** ms since epoch; also the document's mtime while the draft exists */
  savedAt: number;
}

const STATE_KEY = 'lwm2mShadows.operationDrafts';

type DraftRef = Pick<ShadowRef, 'connection' | 'thingName'>;

function keyOf(ref: DraftRef): string {
  return `${ref.connection}\n${ref.thingName}`;
}

export class OperationDrafts implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<DraftRef>();
  /** A draft was saved or removed. */
  readonly onDidChange = this.emitter.event;

  constructor(private readonly memento: vscode.Memento) {}

  private all(): Record<string, OperationDraft> {
    return this.memento.get<Record<string, OperationDraft>>(STATE_KEY) ?? {};
  }

  get(ref: DraftRef): OperationDraft | undefined {
    const d = this.all()[keyOf(ref)];
    return d && typeof d.text === 'string' && typeof d.savedAt === 'number' ? d : undefined;
  }

  async put(ref: DraftRef, text: string): Promise<OperationDraft> {
    // Strictly increasing, so VS Code sees every save as a newer file.
    const savedAt = Math.max(Date.now(), (this.get(ref)?.savedAt ?? 0) + 1);
    const draft = { text, savedAt };
    await this.memento.update(STATE_KEY, { ...this.all(), [keyOf(ref)]: draft });
    this.emitter.fire({ connection: ref.connection, thingName: ref.thingName });
    return draft;
  }

  /** Removes the draft; false when there was none. */
  async delete(ref: DraftRef): Promise<boolean> {
    const all = this.all();
    const key = keyOf(ref);
    if (!(key in all)) return false;
    delete all[key];
    await this.memento.update(STATE_KEY, all);
    this.emitter.fire({ connection: ref.connection, thingName: ref.thingName });
    return true;
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
