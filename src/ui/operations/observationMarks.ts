// Observations the extension started, per connection and thing, kept in the extension's global state so
// they are still marked after a reload. One counts as active until it is cancelled from here, or the
// thing's classic shadow says the device is offline (a device that registers again has no observations).
import * as vscode from 'vscode';
import type { AttributeSet } from '../../core/index';
import type { ThingKey } from '../fleet/rowMarks';

const STATE_KEY = 'lwm2mShadows.observations';

export interface ObservationMark {
  key: string;
  attributes: AttributeSet;
  /** epoch ms of the answer that started it */
  since: number;
}

type Stored = Record<string, Record<string, Record<string, ObservationMark>>>;

export class ObservationMarks implements vscode.Disposable {
  private data: Stored;
  private readonly changed = new vscode.EventEmitter<ThingKey>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly memento: vscode.Memento) {
    this.data = memento.get<Stored>(STATE_KEY) ?? {};
  }

  list(t: ThingKey): ObservationMark[] {
    return Object.values(this.data[t.connection]?.[t.thing] ?? {});
  }

  /** Whether `key` (or an observed ancestor of it) is observed. */
  observes(t: ThingKey, key: string): boolean {
    const marks = this.data[t.connection]?.[t.thing];
    if (!marks) return false;
    if (marks[key]) return true;
    return Object.keys(marks).some((k) => key.startsWith(`${k}.`));
  }

  add(t: ThingKey, keys: readonly string[], attributes: AttributeSet): void {
    const things = (this.data[t.connection] ??= {});
    const marks = (things[t.thing] ??= {});
    for (const key of keys) marks[key] = { key, attributes, since: Date.now() };
    this.save(t);
  }

  /** Removes observations of `keys` (and what they cover); `all` removes every one of the thing. */
  remove(t: ThingKey, keys: readonly string[]): void {
    const marks = this.data[t.connection]?.[t.thing];
    if (!marks) return;
    for (const k of Object.keys(marks)) {
      if (keys.includes('all') || keys.some((key) => k === key || k.startsWith(`${key}.`))) delete marks[k];
    }
    if (!Object.keys(marks).length) delete this.data[t.connection][t.thing];
    this.save(t);
  }

  private save(t: ThingKey): void {
    void this.memento.update(STATE_KEY, this.data);
    this.changed.fire(t);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
