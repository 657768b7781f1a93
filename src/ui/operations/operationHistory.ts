// The last published operations per connection (thing, operation, keys, time, outcome, result text),
// in memory and in the extension's global state, so they outlive the window and are the same in every
// workspace. A presigned URL in an entry (a firmware update's Package URI) is kept with its signature, credential
// and session token redacted: the history is stored in plain text, and what it shows is what it stores.
import * as vscode from 'vscode';
import type { OperationResult } from '../../core/index';
import type { OperationRequest } from './operationRequest';
import { redactPresignedIn } from '../../core/presignedUrl';

export const HISTORY_LIMIT = 20;
const STATE_KEY = 'lwm2mShadows.operationHistory';
/** Result texts above this are cut in the stored history (global state is not a database). */
const MAX_RESULT_CHARS = 16_000;

export type HistoryOutcome = 'pending' | 'answered' | 'timeout' | 'cancelled';

export interface HistoryEntry {
  id: string;
  connection: string;
  thing: string;
  operation: string;
  keys: string[];
  request: OperationRequest;
  /** Epoch ms of the request. */
  time: number;
  outcome: HistoryOutcome;
  acceptedVersion?: number;
  /** e.g. "read on urn:…: 3 values, failed keys: none" */
  summary?: string;
  resultText?: string;
  /** The answer as read (Save as Test… turns it into expectations). */
  result?: OperationResult;
}

export class OperationHistory {
  private entries: Record<string, HistoryEntry[]>;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly memento: vscode.Memento) {
    const stored = memento.get<Record<string, HistoryEntry[]>>(STATE_KEY) ?? {};
    // entries stored before redaction was done here are redacted (and stored so) on load
    this.entries = redactPresignedIn({ ...stored });
    if (Object.entries(this.entries).some(([k, v]) => v !== stored[k])) void memento.update(STATE_KEY, this.entries);
  }

  /** Newest first; one connection, or all of them. */
  list(connection?: string): HistoryEntry[] {
    const all = connection ? (this.entries[connection] ?? []) : Object.values(this.entries).flat();
    return [...all].sort((a, b) => b.time - a.time);
  }

  add(entry: Omit<HistoryEntry, 'id'>): HistoryEntry {
    const full: HistoryEntry = { ...redactPresignedIn(entry), id: `${entry.time.toString(36)}-${Math.random().toString(36).slice(2, 8)}` };
    const list = [full, ...(this.entries[entry.connection] ?? [])].slice(0, HISTORY_LIMIT);
    this.entries = { ...this.entries, [entry.connection]: list };
    this.save();
    return full;
  }

  update(entry: HistoryEntry, patch: Partial<Omit<HistoryEntry, 'id' | 'connection'>>): void {
    // a very large answer is not kept structured (Save as Test… then asks for a smaller one)
    if (patch.result && JSON.stringify(patch.result).length > MAX_RESULT_CHARS) patch = { ...patch, result: undefined };
    if (patch.resultText && patch.resultText.length > MAX_RESULT_CHARS) {
      patch = { ...patch, resultText: patch.resultText.slice(0, MAX_RESULT_CHARS) + '\n… (cut)\n' };
    }
    Object.assign(entry, redactPresignedIn(patch));
    const list = this.entries[entry.connection];
    const i = list?.findIndex((e) => e.id === entry.id) ?? -1;
    if (list && i >= 0) list[i] = entry;
    this.save();
  }

  find(id: string): HistoryEntry | undefined {
    return this.list().find((e) => e.id === id);
  }

  private save(): void {
    void this.memento.update(STATE_KEY, this.entries);
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }
}
