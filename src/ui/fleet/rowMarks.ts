// What a tree action shows on the rows it acts on: progress while the thing is busy ("reading…"), then
// the answer in place (the new value marked, or the failed key with the reason), and the observations the
// extension started. In memory, per connection and thing; observations are kept by ObservationMarks.
import * as vscode from 'vscode';

export type RowMark =
  /** sent, waiting for the answer */
  | { kind: 'busy'; text: string }
  /** waiting behind another action on the same thing */
  | { kind: 'queued'; text: string }
  /** no answer in time: still waiting in the background (queue mode, offline) */
  | { kind: 'late'; text: string }
  /** answered: `value` is the value the answer carried for this key (read, write) */
  | { kind: 'done'; operation: string; value?: string; at: number }
  | { kind: 'failed'; operation: string; reason: string; at: number };

export interface ThingKey { connection: string; thing: string }

const id = (t: ThingKey) => `${t.connection}\u0000${t.thing}`;

export class RowMarks implements vscode.Disposable {
  private readonly marks = new Map<string, Map<string, RowMark>>();
  private readonly changed = new vscode.EventEmitter<ThingKey>();
  /** Marks of a thing changed (its rows want redrawing). */
  readonly onDidChange = this.changed.event;
  /** What the thing is doing now (shown on its row), e.g. "read…". */
  private readonly activity = new Map<string, string>();

  /** The mark of a key (exactly, or the nearest marked ancestor key for busy states). */
  get(t: ThingKey, key: string): RowMark | undefined {
    const m = this.marks.get(id(t));
    if (!m) return undefined;
    const own = m.get(key);
    if (own) return own;
    // A read of Device.0 is in progress for every row under it.
    for (const [k, mark] of m) {
      if ((mark.kind === 'busy' || mark.kind === 'queued' || mark.kind === 'late') && (k === 'all' || key.startsWith(`${k}.`))) return mark;
    }
    return undefined;
  }

  set(t: ThingKey, keys: readonly string[], mark: RowMark | undefined): void {
    let m = this.marks.get(id(t));
    if (!m) this.marks.set(id(t), (m = new Map()));
    for (const k of keys) {
      if (mark) m.set(k, mark);
      else m.delete(k);
    }
    this.changed.fire(t);
  }

  /** Drops the answered / failed marks of a thing (before a new action shows its own). */
  clearAnswers(t: ThingKey): void {
    const m = this.marks.get(id(t));
    if (!m) return;
    for (const [k, mark] of m) if (mark.kind === 'done' || mark.kind === 'failed') m.delete(k);
  }

  setActivity(t: ThingKey, text: string | undefined): void {
    if (text) this.activity.set(id(t), text);
    else this.activity.delete(id(t));
    this.changed.fire(t);
  }

  activityOf(t: ThingKey): string | undefined {
    return this.activity.get(id(t));
  }

  dispose(): void {
    this.changed.dispose();
  }
}
