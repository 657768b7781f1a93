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

export async function pickThing(s: UiServices): Promise<ThingSummary | undefined> {
  const session = s.connections.current;
  if (!session) return undefined;
  const qp = vscode.window.createQuickPick<vscode.QuickPickItem & { thing: ThingSummary }>();
  qp.title = vscode.l10n.t('Reveal thing');
  qp.placeholder = vscode.l10n.t('Part of the thing name');
  qp.matchOnDescription = true;
  let seq = 0;
  let timer: NodeJS.Timeout | undefined;
  // A name filter scans ListThings page by page: a newer keystroke (or closing the pick) stops the older scan.
  let scan: AbortController | undefined;
  const search = (text: string) => {
    const mine = ++seq;
    scan?.abort();
    scan = new AbortController();
    qp.busy = true;
    session.fleet
      .listThings({ maxResults: s.fleetContext.pageSize(), ...(text ? { nameFilter: text } : {}), signal: scan.signal })
      .then((page) => {
        if (mine !== seq) return;
        qp.items = page.items.map((t) => {
          // Listed by fleet indexing with its classic shadow: the state too, at no extra call.
          const state = t.indexedClassicReported ? connectivityText(s.fleetContext.core().readConnectivity(t.indexedClassicReported).state) : undefined;
          return { label: t.name, description: [t.thingTypeName ?? vscode.l10n.t('no type'), state].filter(Boolean).join(' · '), thing: t };
        });
      }, (e: unknown) => {
        if (mine === seq) void showError(s.interaction, e, { operation: vscode.l10n.t('list things') });
      })
      .finally(() => {
        if (mine === seq) qp.busy = false;
      });
  };
  qp.onDidChangeValue((v) => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => search(v.trim()), 250);
  });
  search('');
  const picked = await new Promise<ThingSummary | undefined>((resolve) => {
    qp.onDidAccept(() => {
      resolve(qp.selectedItems[0]?.thing);
      qp.hide();
    });
    qp.onDidHide(() => resolve(undefined));
    qp.show();
  });
  if (timer) clearTimeout(timer);
  scan?.abort();
  qp.dispose();
  return picked;
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
