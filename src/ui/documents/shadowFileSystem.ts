// Serves shadows as JSON documents on `lwm2m-shadow:/<connection>/<thing>/<shadow>.json`. The shadow's
// version is the file's mtime, so VS Code's own "file changed on disk" handling works when a shadow
// changes remotely. Classic, datamodel and other named shadows are read-only; the operation document is
// editable, and saving it keeps the text as a draft on this machine (served instead of the shadow until it
// is published or discarded): a save never sends anything to AWS or to a device. A save of exactly the text
// the document reads (its draft, else its shadow, or the text handed out to bring an editor back to it,
// see textNow) keeps no draft: it is a revert, not the user's text.
import * as vscode from 'vscode';
import type { ShadowDocument } from '../../aws/types';
import type { ConnectionManager } from '../connection/connectionManager';
import { describeError, isAwsError } from '../errors/describeError';
import { OPERATION_SHADOW, isEditableShadow } from '../format/shadowNames';
import type { ShadowStore } from '../shadows/shadowStore';
import { DraftNotKeptError, type OperationDraft, type OperationDrafts } from './operationDrafts';
import { renderShadowDocument } from './shadowDocumentText';
import type { ShadowRef } from './shadowPath';
import { parseShadowUri, shadowUri } from './shadowUri';

/** How long a fetched shadow is reused by the stat() + readFile() pair VS Code makes for one read. */
const READ_REUSE_MS = 1500;

export class ShadowFileSystem implements vscode.FileSystemProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.emitter.event;
  private readonly watched = new Map<string, { uri: vscode.Uri; count: number }>();
  private readonly rendered = new WeakMap<ShadowDocument, Uint8Array>();
  /** The mtime last served by readFile, per operation document. */
  private readonly served = new Map<string, number>();
  /** The text textNow last handed out per operation document, with its mtime; taken back by the save of it. */
  private readonly offered = new Map<string, { text: string; mtime: number }>();
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly store: ShadowStore,
    private readonly connections: ConnectionManager,
    readonly drafts: OperationDrafts,
  ) {
    // A new version of a shadow someone has open: tell VS Code, which re-reads it (or, when the user
    // has unsaved changes, keeps them).
    // A draft saved or removed (published, discarded): the same, so a clean editor shows what is served now.
    this.subscription = vscode.Disposable.from(
      store.onDidChange((ref) => this.changed(ref)),
      drafts.onDidChange((ref) => this.changed({ ...ref, shadowName: OPERATION_SHADOW })),
    );
  }

  private changed(ref: ShadowRef): void {
    const uri = shadowUri(ref);
    if (this.watched.has(uri.toString())) this.emitter.fire([{ type: vscode.FileChangeType.Changed, uri }]);
  }

  watch(uri: vscode.Uri): vscode.Disposable {
    const key = uri.toString();
    const entry = this.watched.get(key) ?? { uri, count: 0 };
    entry.count++;
    this.watched.set(key, entry);
    return new vscode.Disposable(() => {
      const e = this.watched.get(key);
      if (e && --e.count <= 0) this.watched.delete(key);
    });
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const ref = parseShadowUri(uri);
    if (!ref) {
      if (/^\/[^/]+(\/[^/]+)?\/?$/.test(uri.path) || uri.path === '/') {
        return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0, permissions: vscode.FilePermission.Readonly };
      }
      throw vscode.FileSystemError.FileNotFound(uri);
    }
    const draft = this.draftOf(ref);
    if (draft) return { type: vscode.FileType.File, ctime: 0, mtime: draft.savedAt, size: new TextEncoder().encode(draft.text).byteLength };
    const doc = await this.fetch(uri, ref);
    return {
      type: vscode.FileType.File,
      ctime: 0,
      mtime: this.unsavedBase(uri, ref) ?? doc.version,
      size: this.bytes(doc).byteLength,
      ...(isEditableShadow(ref.shadowName) ? {} : { permissions: vscode.FilePermission.Readonly }),
    };
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    const ref = parseShadowUri(uri);
    if (!ref) throw vscode.FileSystemError.FileNotFound(uri);
    const draft = this.draftOf(ref);
    const doc = draft ? undefined : await this.fetch(uri, ref);
    if (isEditableShadow(ref.shadowName)) this.served.set(uri.toString(), draft?.savedAt ?? doc!.version);
    return draft ? new TextEncoder().encode(draft.text) : this.bytes(doc!);
  }

  /**
   * What an operation document reads now (its draft, else its shadow) and that text's mtime, for bringing an
   * editor back to it without VS Code's revert command (which acts on the active editor): the editor's text
   * is replaced with it and saved, and that save keeps no draft (writeFile). Unlike readFile, it does not move
   * the version an unsaved editor is based on, so the save is not refused as "newer on disk".
   */
  async textNow(uri: vscode.Uri): Promise<string> {
    const ref = parseShadowUri(uri);
    if (!ref || !isEditableShadow(ref.shadowName)) throw vscode.FileSystemError.FileNotFound(uri);
    const draft = this.draftOf(ref);
    const served = draft ? { text: draft.text, mtime: draft.savedAt } : await this.fetch(uri, ref).then((doc) => ({ text: renderShadowDocument(doc), mtime: doc.version }));
    this.offered.set(uri.toString(), served);
    return served.text;
  }

  /** Tells VS Code to look at `uri` again (an editor brought back to an older text than the shadow holds now). */
  refresh(uri: vscode.Uri): void {
    const ref = parseShadowUri(uri);
    if (ref) this.changed(ref);
  }

  /**
   * Saving an operation document keeps its text as a draft (OperationDrafts) and writes nothing to AWS:
   * only Publish sends a request. Any text is kept, even invalid JSON, up to the draft limits; past them the
   * save fails with the reason and the editor keeps the text, unsaved. A save of the text the document
   * reads (see textNow) keeps nothing and says nothing: there is nothing of the user's in it.
   */
  async writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    const ref = parseShadowUri(uri);
    if (!ref) throw vscode.FileSystemError.FileNotFound(uri);
    if (!isEditableShadow(ref.shadowName)) {
      throw vscode.FileSystemError.NoPermissions(vscode.l10n.t('The {0} shadow is read-only: Coiote DM writes it.', ref.shadowName || 'classic'));
    }
    const text = new TextDecoder().decode(content);
    const same = this.servedAs(uri, ref, text);
    if (same !== undefined) {
      // The editor now holds this text as saved: VS Code's stat right after the write (the editor is still
      // dirty then) must give its mtime.
      this.served.set(uri.toString(), same);
      return;
    }
    try {
      await this.drafts.put(ref, text);
    } catch (e) {
      if (e instanceof DraftNotKeptError) throw vscode.FileSystemError.NoPermissions(e.message);
      throw e;
    }
    const shownMs = 6000;
    const message = vscode.window.setStatusBarMessage(vscode.l10n.t('Draft of {0} saved on this machine: nothing was sent. ▶ Publish sends it.', ref.thingName), shownMs);
    // Published or discarded within those seconds: "nothing was sent" beside the answer would be wrong.
    const changed = this.drafts.onDidChange((r) => {
      if (r.connection !== ref.connection || r.thingName !== ref.thingName) return;
      message.dispose();
      changed.dispose();
    });
    setTimeout(() => changed.dispose(), shownMs);
  }

  readDirectory(): [string, vscode.FileType][] {
    return [];
  }

  createDirectory(): void {
    throw vscode.FileSystemError.NoPermissions();
  }

  delete(): void {
    throw vscode.FileSystemError.NoPermissions(vscode.l10n.t('Shadows are not deleted from the editor.'));
  }

  rename(): void {
    throw vscode.FileSystemError.NoPermissions();
  }

  /** The open (watched) shadow documents. */
  watchedRefs(): ShadowRef[] {
    return [...this.watched.values()].map((w) => parseShadowUri(w.uri)).filter((r): r is ShadowRef => !!r);
  }

  /**
   * While an operation document has unsaved edits, it stays at the version the editor read: a save keeps a
   * draft and overwrites nothing, so VS Code must not call it "newer on disk" when the shadow has moved on
   * (Publish checks the version the text was typed on).
   */
  private unsavedBase(uri: vscode.Uri, ref: ShadowRef): number | undefined {
    if (!isEditableShadow(ref.shadowName)) return undefined;
    const key = uri.toString();
    const dirty = vscode.workspace.textDocuments.some((d) => d.isDirty && d.uri.toString() === key);
    return dirty ? this.served.get(key) : undefined;
  }

  /**
   * The mtime of `text` when it is what the document reads: the text textNow handed out (taken back here,
   * once; the shadow may have moved on since), or the draft, or (no draft) the shadow as last fetched.
   */
  private servedAs(uri: vscode.Uri, ref: ShadowRef, text: string): number | undefined {
    const key = uri.toString();
    const offered = this.offered.get(key);
    this.offered.delete(key);
    if (offered?.text === text) return offered.mtime;
    const draft = this.draftOf(ref);
    if (draft) return draft.text === text ? draft.savedAt : undefined;
    const doc = this.store.peek(ref);
    return doc && renderShadowDocument(doc) === text ? doc.version : undefined;
  }

  /** An operation document with a saved draft shows the draft (no AWS call: it reads offline too). */
  private draftOf(ref: ShadowRef): OperationDraft | undefined {
    return isEditableShadow(ref.shadowName) ? this.drafts.get(ref) : undefined;
  }

  private async fetch(uri: vscode.Uri, ref: ShadowRef): Promise<ShadowDocument> {
    await this.session(uri, ref);
    try {
      return await this.store.get(ref, READ_REUSE_MS);
    } catch (e) {
      if (isAwsError(e) && e.kind === 'not-found') throw vscode.FileSystemError.FileNotFound(uri);
      throw vscode.FileSystemError.Unavailable(describeError(e).message);
    }
  }

  private async session(uri: vscode.Uri, ref: ShadowRef) {
    if (!this.connections.sessionFor(ref.connection) && this.connections.pendingId === ref.connection) {
      await this.connections.ensureConnected();
    }
    const session = this.connections.sessionFor(ref.connection);
    if (!session) {
      throw vscode.FileSystemError.Unavailable(vscode.l10n.t('Not connected to "{0}": switch to that connection to read {1}.', ref.connection, uri.path));
    }
    return session;
  }

  private bytes(doc: ShadowDocument): Uint8Array {
    let b = this.rendered.get(doc);
    if (!b) {
      b = new TextEncoder().encode(renderShadowDocument(doc));
      this.rendered.set(doc, b);
    }
    return b;
  }

  dispose(): void {
    this.subscription.dispose();
    this.emitter.dispose();
  }
}

