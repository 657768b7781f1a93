// Walks the Fleet tree the way the view does (getChildren + getTreeItem) for the integration suites.
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import type { FleetNode } from '../../src/ui/fleet/fleetContext';

export const EXTENSION_ID = 'lwm2m-tools.lwm2m-shadows';

export async function extensionApi(): Promise<ExtensionApi> {
  const ext = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not installed`);
  return ext.activate();
}

/** The extension, connected to the in-process sandbox (connecting only when another suite has not). */
export async function sandboxApi(): Promise<ExtensionApi> {
  const api = await extensionApi();
  if (api.connection.id() !== 'sandbox') await api.connection.connectSandbox();
  return api;
}

export interface Row {
  node: FleetNode;
  label: string;
  description: string;
  item: vscode.TreeItem;
}

export function labelOf(item: vscode.TreeItem): string {
  return typeof item.label === 'string' ? item.label : item.label?.label ?? '';
}

export function tooltipText(item: vscode.TreeItem): string {
  const t = item.tooltip;
  return t === undefined ? '' : typeof t === 'string' ? t : t.value;
}

export async function rows(api: ExtensionApi, parent?: FleetNode): Promise<Row[]> {
  const nodes = await api.fleet.getChildren(parent);
  return nodes.map((node) => {
    const item = api.fleet.getTreeItem(node);
    return { node, item, label: labelOf(item), description: typeof item.description === 'string' ? item.description : '' };
  });
}

/** The child row whose label is `label` (or matches it). */
export async function child(api: ExtensionApi, parent: FleetNode | undefined, label: string | RegExp): Promise<Row> {
  const all = await rows(api, parent);
  const found = all.find((r) => (typeof label === 'string' ? r.label === label : label.test(r.label)));
  if (!found) throw new Error(`no row ${label} under ${parent?.id ?? 'the root'}; rows: ${JSON.stringify(all.map((r) => r.label))}`);
  return found;
}

export async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('lwm2mShadows').update(key, value, vscode.ConfigurationTarget.Global);
}

/** Waits until `check` returns a value (polling), or fails with `what`. */
export async function waitFor<T>(what: string, check: () => T | undefined | Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v as T;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
