// The LwM2M object registry the views read with: the OMA registry, plus vendor object definitions (DDF
// XML) from the folders in `lwm2mShadows.objectDefinitionFolders`, plus the local sandbox's own vendor
// objects while connected to it. Built on first need and again when the folders or the connection change.
import * as vscode from 'vscode';
import type { Registry } from '../../core/index';
import type { ConnectionManager } from '../connection/connectionManager';
import { loadCore, loadSandbox } from '../layers';

export class RegistryProvider implements vscode.Disposable {
  private cached: { key: string; registry: Promise<Registry> } | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  /** The registry must be rebuilt (folders or connection changed). */
  readonly onDidChange = this.changed.event;

  constructor(private readonly connections: ConnectionManager, private readonly log: vscode.LogOutputChannel) {
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('lwm2mShadows.objectDefinitionFolders')) {
          this.cached = undefined;
          this.changed.fire();
        }
      }),
    );
  }

  private folders(): string[] {
    return vscode.workspace.getConfiguration('lwm2mShadows').get<string[]>('objectDefinitionFolders', []).filter((f) => f.trim());
  }

  registry(): Promise<Registry> {
    const sandbox = this.connections.current?.spec.kind === 'sandbox';
    const folders = this.folders();
    const key = JSON.stringify({ sandbox, folders });
    if (this.cached?.key !== key) this.cached = { key, registry: this.build(sandbox, folders) };
    return this.cached.registry;
  }

  private async build(sandbox: boolean, folders: string[]): Promise<Registry> {
    const core = loadCore();
    const files: { file: string; text: string }[] = [];
    for (const folder of folders) files.push(...(await this.readFolder(folder)));
    if (sandbox) files.push(...loadSandbox().vendorDdfFiles());
    if (files.length === 0) return core.loadRegistry();
    const registry = core.loadRegistry({ vendorDdf: files });
    for (const p of (registry as Registry & { problems?: { file: string; message: string }[] }).problems ?? []) {
      this.log.warn(`object definition ${p.file} skipped: ${p.message}`);
    }
    return registry;
  }

  private async readFolder(folder: string): Promise<{ file: string; text: string }[]> {
    const base = vscode.workspace.workspaceFolders?.[0]?.uri;
    const uri = folder.startsWith('/') || /^[a-zA-Z]:[\\/]/.test(folder) || !base ? vscode.Uri.file(folder) : vscode.Uri.joinPath(base, folder);
    try {
      const entries = await vscode.workspace.fs.readDirectory(uri);
      const xml = entries.filter(([name, type]) => type === vscode.FileType.File && name.toLowerCase().endsWith('.xml'));
      return await Promise.all(xml.map(async ([name]) => {
        const file = vscode.Uri.joinPath(uri, name);
        return { file: file.fsPath, text: new TextDecoder().decode(await vscode.workspace.fs.readFile(file)) };
      }));
    } catch (e) {
      this.log.warn(`object definition folder ${uri.fsPath} not read: ${(e as Error).message}`);
      return [];
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.changed.dispose();
  }
}
