// Reveal Thing…: type part of a name, pick the thing, and the Fleet view shows it (its type expanded,
// filtered to that name when the thing is not among the pages loaded so far).
import * as vscode from 'vscode';
import type { ThingSummary } from '../../aws/types';
import { showError } from '../errors/showError';
import type { ThingGroupNode } from '../fleet/nodes/thingGroupNode';
import type { UiServices } from '../services';
import { connectivityText } from '../format/connectivityStyle';

const MAX_TYPE_PAGES = 20;

export function registerRevealThing(s: UiServices): vscode.Disposable {
  return vscode.commands.registerCommand('lwm2mShadows.revealThing', async (name?: unknown) => {
    const session = s.connections.current ?? (await s.connections.ensureConnected());
    if (!session) {
      await vscode.commands.executeCommand('lwm2mShadows.switchConnection');
      return;
    }
    const thing = typeof name === 'string' ? await session.fleet.describeThing(name).catch(() => undefined) : await pickThing(s);
    if (!thing) return;
    try {
      await reveal(s, thing);
    } catch (e) {
      await showError(s.interaction, e, { operation: vscode.l10n.t('reveal {0}', thing.name) });
    }
  });
}

/** The person types part of a name and picks the thing (the Reveal, Update Firmware… and tree-action F1 picker). */
export async function pickThing(s: UiServices): Promise<ThingSummary | undefined> {
  const session = s.connections.current;
  if (!session) return undefined;
  // A name filter scans ListThings page by page: the port aborts an older scan when the person types on.
  const picked = await s.interaction.search(
    { title: vscode.l10n.t('Reveal thing'), placeHolder: vscode.l10n.t('Part of the thing name'), matchOnDescription: true },
    (text, signal) => session.fleet.listThings({ maxResults: s.fleetContext.pageSize(), ...(text ? { nameFilter: text } : {}), signal }).then(
      (page) => page.items.map((t) => {
        // Listed by fleet indexing with its classic shadow: the state too, at no extra call.
        const state = t.indexedClassicReported ? connectivityText(s.fleetContext.core().readConnectivity(t.indexedClassicReported).state) : undefined;
        return { label: t.name, description: [t.thingTypeName ?? vscode.l10n.t('no type'), state].filter(Boolean).join(' · '), thing: t };
      }),
      (e: unknown) => {
        if (!signal.aborted) void showError(s.interaction, e, { operation: vscode.l10n.t('list things') });
        throw e;
      },
    ),
  );
  return picked?.thing;
}

async function reveal(s: UiServices, thing: ThingSummary): Promise<void> {
  const root = s.fleet.root;
  if (!root) return;
  let group: ThingGroupNode = root.untyped;
  if (thing.thingTypeName) {
    await root.thingTypes.ensureLoaded();
    for (let i = 0; i < MAX_TYPE_PAGES && !root.thingTypes.items.some((t) => t.name === thing.thingTypeName) && root.thingTypes.hasMore; i++) {
      await root.thingTypes.loadMore();
    }
    const type = root.thingTypes.items.find((t) => t.name === thing.thingTypeName);
    if (type) group = root.typeNode(type);
  }
  await group.things.ensureLoaded();
  let node = group.findThing(thing.name);
  if (!node) {
    group.setFilter(thing.name);
    s.fleet.ctx.refreshNode(group);
    await group.children();
    node = group.findThing(thing.name);
  }
  if (!node) throw new Error(vscode.l10n.t('{0} is not listed under its type.', thing.name));
  await vscode.commands.executeCommand('lwm2mShadows.fleet.focus');
  await s.treeView.reveal(node, { select: true, focus: true, expand: true });
}
