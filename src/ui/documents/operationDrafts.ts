// Drafts of operation documents. Saving a thing's operation document never writes its shadow (the
// integration would run the request): the text is kept here, per connection and thing, on this machine
// (VS Code's global state, so it survives reloads), and the document shows it until it is published or
// discarded. Only Publish sends a request. What is kept is capped (core/draftLimits): a draft past a limit
// is refused with the reason, its text stays in the editor, and no other draft is dropped for it.
import * as vscode from 'vscode';
import type { DraftRefusal } from '../../core/draftLimits';
import { loadCore } from '../layers';
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

/** A draft that was not kept: the message says why and what to do; its text was not changed anywhere. */
export class DraftNotKeptError extends Error {}

const kb = (bytes: number) => Math.ceil(bytes / 1024);

function refusalMessage(ref: DraftRef, r: DraftRefusal): string {
  const things = (ids: string[]) => ids.map((id) => id.split('\n')[1] ?? id).join(', ');
  switch (r.kind) {
    case 'too-large':
      return vscode.l10n.t('The draft of {0} was not saved: it is {1} KB, and AWS refuses shadow messages over {2} KB, so it could never be published. Your text is still in the editor.', ref.thingName, kb(r.bytes), kb(r.limit));
    case 'too-many':
      return vscode.l10n.t('The draft of {0} was not saved: {1} drafts are already kept on this machine, the most it keeps. Publish or discard some (oldest: {2}). Your text is still in the editor.', ref.thingName, r.count, things(r.oldest));
    case 'total-too-large':
      return vscode.l10n.t('The draft of {0} was not saved: all drafts together would take {1} KB, more than the {2} KB this machine keeps. Publish or discard some (oldest: {3}). Your text is still in the editor.', ref.thingName, kb(r.bytes), kb(r.limit), things(r.oldest));
  }
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

  /** Keeps `text` as the thing's draft; throws DraftNotKeptError (changing nothing) past a limit. */
  async put(ref: DraftRef, text: string): Promise<OperationDraft> {
    const all = this.all();
    const kept = Object.entries(all).map(([id, d]) => ({ id, text: typeof d?.text === 'string' ? d.text : '', savedAt: d?.savedAt ?? 0 }));
    const refusal = loadCore().draftRefusal(kept, keyOf(ref), text);
    if (refusal) throw new DraftNotKeptError(refusalMessage(ref, refusal));
    // Strictly increasing, so VS Code sees every save as a newer file.
    const savedAt = Math.max(Date.now(), (this.get(ref)?.savedAt ?? 0) + 1);
    const draft = { text, savedAt };
    await this.memento.update(STATE_KEY, { ...all, [keyOf(ref)]: draft });
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
