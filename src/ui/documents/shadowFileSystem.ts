// Serves shadows as JSON documents on `lwm2m-shadow:/<connection>/<thing>/<shadow>.json`. The shadow's
// version is the file's mtime, so VS Code's own "file changed on disk" handling works when a shadow
// changes remotely. Classic, datamodel and other named shadows are read-only; the operation document is
// editable and saving writes its `desired` section with the version it was read at. Whatever happens,
// a failed save leaves the editor's text as the user typed it.
import * as vscode from 'vscode';
import type { ShadowDocument } from '../../aws/types';
import type { ConnectionManager } from '../connection/connectionManager';
import { describeError, isAwsError } from '../errors/describeError';
import { isEditableShadow } from '../format/shadowNames';
import type { ShadowStore } from '../shadows/shadowStore';
import { askModal } from '../prompts';
import { DocumentTextError, desiredUpdateFromText, renderShadowDocument } from './shadowDocumentText';
import type { ShadowRef } from './shadowPath';
import { parseShadowUri, shadowUri } from './shadowUri';
import type { SnapshotDocuments } from './snapshotDocuments';

/** How long a fetched shadow is reused by the stat() + readFile() pair VS Code makes for one read. */
const READ_REUSE_MS = 1500;

export class ShadowFileSystem implements vscode.FileSystemProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.emitter.event;
  private readonly watched = new Map<string, { uri: vscode.Uri; count: number }>();
  private readonly rendered = new WeakMap<ShadowDocument, Uint8Array>();
  private readonly subscription: vscode.Disposable;
  /** Saves made (tests). */
  writes = 0;
  /**
   * Checks an operation document's text before a save writes it (saving makes the device run it): returns
   * why it must not be written, or undefined. Set by the operation features (src/ui/operations).
   */
  saveCheck: ((uri: vscode.Uri, text: string) => string | undefined) | undefined;

  constructor(
    private readonly store: ShadowStore,
    private readonly connections: ConnectionManager,
    private readonly snapshots: SnapshotDocuments,
  ) {
    // A new version of a shadow someone has open: tell VS Code, which re-reads it (or, when the user
    // has unsaved changes, keeps them and asks on save).
    this.subscription = store.onDidChange((ref) => {
      const uri = shadowUri(ref);
      if (this.watched.has(uri.toString())) this.emitter.fire([{ type: vscode.FileChangeType.Changed, uri }]);
    });
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
    const doc = await this.fetch(uri, ref);
    return {
      type: vscode.FileType.File,
      ctime: 0,
      mtime: doc.version,
      size: this.bytes(doc).byteLength,
      ...(isEditableShadow(ref.shadowName) ? {} : { permissions: vscode.FilePermission.Readonly }),
    };
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    const ref = parseShadowUri(uri);
    if (!ref) throw vscode.FileSystemError.FileNotFound(uri);
    return this.bytes(await this.fetch(uri, ref));
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    const ref = parseShadowUri(uri);
    if (!ref) throw vscode.FileSystemError.FileNotFound(uri);
    if (!isEditableShadow(ref.shadowName)) {
      throw vscode.FileSystemError.NoPermissions(vscode.l10n.t('The {0} shadow is read-only: Coiote DM writes it.', ref.shadowName || 'classic'));
    }
    const text = new TextDecoder().decode(content);
    const refused = this.saveCheck?.(uri, text);
    if (refused) throw vscode.FileSystemError.NoPermissions(vscode.l10n.t('Not saved: {0} Your text is still in the editor.', refused));
    const session = await this.session(uri, ref);
    // The version VS Code validated this save against: the one the last stat() saw (VS Code stats
    // right before writing and asks the user itself when the shadow is newer than the editor's copy).
    let base = this.store.peek(ref);
    for (let attempt = 0; ; attempt++) {
      let update: { desired: Record<string, unknown> | null };
      try {
        update = desiredUpdateFromText(text, base?.state.desired);
      } catch (e) {
        if (e instanceof DocumentTextError) throw vscode.FileSystemError.NoPermissions(vscode.l10n.t('Not saved: {0}', e.message));
        throw e;
      }
      try {
        await session.shadows.update(ref.thingName, ref.shadowName, update, base?.version);
        this.writes++;
        this.store.expire(ref);
        await this.store.get(ref).catch(() => undefined);
        return;
      } catch (e) {
        if (!(isAwsError(e) && e.kind === 'version-conflict') || attempt > 0) {
          throw vscode.FileSystemError.Unavailable(vscode.l10n.t('Not saved: {0}', describeError(e, { operation: vscode.l10n.t('save the operation shadow') }).message));
        }
        const latest = await this.store.get(ref);
        const choice = await this.askOnConflict(ref, latest);
        if (choice === 'overwrite') {
          base = latest;
          continue;
        }
        if (choice === 'compare') {
          const remote = this.snapshots.put(ref, 'remote', renderShadowDocument(latest));
          await vscode.commands.executeCommand('vscode.diff', remote, uri,
            vscode.l10n.t('{0}: operation shadow v{1} (remote) ↔ yours', ref.thingName, latest.version));
          throw vscode.FileSystemError.Unavailable(vscode.l10n.t('Not saved: the operation shadow changed (now version {0}). Compare, then save again.', latest.version));
        }
        throw vscode.FileSystemError.Unavailable(vscode.l10n.t('Not saved: the operation shadow changed (now version {0}). Your text is still in the editor.', latest.version));
      }
    }
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

  private async askOnConflict(ref: ShadowRef, latest: ShadowDocument): Promise<'overwrite' | 'compare' | 'cancel'> {
    const overwrite = vscode.l10n.t('Overwrite');
    const compare = vscode.l10n.t('Compare');
    const picked = await askModal(
      vscode.l10n.t('The operation shadow of {0} changed while you were editing it (now version {1}).', ref.thingName, latest.version),
      vscode.l10n.t('Overwrite replaces its desired section with your text. Compare shows both. Your text stays in the editor either way.'),
      overwrite,
      compare,
    );
    return picked === overwrite ? 'overwrite' : picked === compare ? 'compare' : 'cancel';
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

