// The Fleet view (`lwm2mShadows.fleet`): thing types → things → shadows → the LwM2M data model.
// Nothing is fetched before its row is expanded; every level can be refreshed on its own.
import * as vscode from 'vscode';
import type { ConnectionManager } from '../connection/connectionManager';
import type { SavedConnection } from '../connection/savedConnection';
import type { ErrorContext } from '../errors/describeError';
import { shadowKey, type ShadowRef } from '../documents/shadowPath';
import type { ShadowStore } from '../shadows/shadowStore';
import { loadCore } from '../layers';
import { finishStartup, markStartup } from '../startupTimeline';
import type { RegistryProvider } from '../registry/registryProvider';
import { FleetRoot } from './fleetRoot';
import type { FleetContext, FleetNode } from './fleetContext';
import { MessageNode } from './nodes/messageNode';
import { ShadowNode } from './nodes/shadowNode';
import { ThingNode } from './nodes/thingNode';
import { AgeTicker, systemClock, type TickerClock } from './ageTicker';

export const FLEET_VIEW_ID = 'lwm2mShadows.fleet';

export class FleetTreeProvider implements vscode.TreeDataProvider<FleetNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<FleetNode | FleetNode[] | undefined | void>();
  readonly onDidChangeTreeData = this.changed.event;
  private rootValue: FleetRoot | undefined;
  private readonly shadowNodes = new Map<string, FleetNode>();
  private readonly expandedDatamodels = new Map<string, ShadowRef>();
  private readonly disposables: vscode.Disposable[] = [];
  /** Top-level fetches waiting for the connection: they show whatever state it ends in. */
  private rootsAwaitingConnection = 0;
  readonly ctx: FleetContext;
  /** Redraws rows showing a relative time as it ages, while the view is visible. */
  readonly ages: AgeTicker<FleetNode>;

  constructor(
    private readonly connections: ConnectionManager,
    private readonly store: ShadowStore,
    log: vscode.LogOutputChannel,
    registries: RegistryProvider,
    /** What row ages are counted and redrawn by. */
    clock: TickerClock = systemClock,
  ) {
    this.ages = new AgeTicker<FleetNode>((nodes) => this.changed.fire(nodes), clock);
    this.ctx = {
      connections,
      store,
      core: loadCore,
      registry: () => registries.registry(),
      log,
      pageSize: () => Math.min(250, Math.max(1, vscode.workspace.getConfiguration('lwm2mShadows').get<number>('fleet.pageSize', 100))),
      refreshNode: (node) => this.changed.fire(node),
      ages: this.ages,
      trackShadowNode: (ref, node) => this.shadowNodes.set(shadowKey(ref), node),
      datamodelExpanded: (node, expanded) => {
        if (!(node instanceof ShadowNode)) return;
        if (expanded) this.expandedDatamodels.set(shadowKey(node.ref), node.ref);
        else this.expandedDatamodels.delete(shadowKey(node.ref));
      },
    };
    this.disposables.push(
      connections.onDidChange(() => this.connectionChanged()),
      registries.onDidChange(() => this.changed.fire(undefined)),
      connections.onDidChangeRealDevices((names) => this.realDevicesChanged(names)),
      store.onDidChange((ref) => {
        const node = this.shadowNodes.get(shadowKey(ref));
        if (node) this.changed.fire(node);
      }),
    );
  }

  /** The top level of the current connection, if connected. */
  get root(): FleetRoot | undefined {
    const session = this.connections.current;
    if (!session) return undefined;
    if (this.rootValue?.connection !== session.spec.id) this.rootValue = new FleetRoot(this.ctx, session.spec.id);
    return this.rootValue;
  }

  /** Follows the view's visibility and collapses (the relative times run only for rows on screen). */
  followView(view: vscode.TreeView<FleetNode>): vscode.Disposable {
    this.ages.setVisible(view.visible);
    return vscode.Disposable.from(
      view.onDidChangeVisibility((e) => this.ages.setVisible(e.visible)),
      view.onDidCollapseElement((e) => this.ages.forgetUnder(e.element)),
    );
  }

  /** Datamodel shadows whose node is expanded (the watcher refreshes them while the view is visible). */
  expandedDatamodelRefs(): ShadowRef[] {
    return [...this.expandedDatamodels.values()];
  }

  getTreeItem(node: FleetNode): vscode.TreeItem {
    return node.treeItem();
  }

  getParent(node: FleetNode): FleetNode | undefined {
    return node.parent;
  }

  async getChildren(node?: FleetNode): Promise<FleetNode[]> {
    if (node) return node.children ? node.children() : [];
    markStartup('view asked');
    if (this.connections.state.status === 'connecting') {
      this.rootsAwaitingConnection++;
      try {
        await vscode.window.withProgress({ location: { viewId: FLEET_VIEW_ID } }, () => this.connections.ensureConnected());
      } finally {
        this.rootsAwaitingConnection--;
      }
    }
    const state = this.connections.state;
    if (state.status === 'failed') {
      return [
        MessageNode.error(undefined, 'connection', state.error, this.errorContext(state.target)),
        new MessageNode('connection/switch', undefined, vscode.l10n.t('Switch connection…'), {
          icon: 'plug',
          command: { title: vscode.l10n.t('Switch Connection…'), command: 'lwm2mShadows.switchConnection' },
        }),
      ];
    }
    const root = this.root;
    if (!root) return [];
    const rows = await root.children();
    if (root.thingTypes.items.length) finishStartup();
    return rows;
  }

  /** Forgets what a node loaded and redraws it; no node: the whole tree. */
  refresh(node?: FleetNode): void {
    if (!node) {
      this.rootValue?.reset();
      const id = this.connections.current?.spec.id;
      if (id) this.store.expire({ connection: id });
      this.ages.clear();
      this.changed.fire(undefined);
      return;
    }
    node.reset?.();
    this.ages.forgetUnder(node);
    this.changed.fire(node);
  }

  /** The thing node of a listed thing, searching every group loaded so far. */
  findThing(name: string): ThingNode | undefined {
    for (const g of this.root?.groups() ?? []) {
      const found = g.findThing(name);
      if (found) return found;
    }
    return undefined;
  }

  /**
   * Real devices registered with (or left) the embedded sandbox: a listed thing's row is redrawn; a device not
   * listed yet (a new thing, perhaps of a new type) makes the top level list again, as Refresh would.
   */
  private realDevicesChanged(names: string[]): void {
    if (this.connections.current?.spec.id !== 'sandbox' || !this.rootValue) return;
    const nodes = names.map((n) => this.findThing(n));
    if (nodes.every((n) => n !== undefined)) {
      this.changed.fire(nodes as FleetNode[]);
      return;
    }
    this.rootValue.relist();
    this.changed.fire(undefined);
  }

  private connectionChanged(): void {
    this.rootValue = undefined;
    this.shadowNodes.clear();
    this.expandedDatamodels.clear();
    this.ages.clear();
    // A refresh now would make VS Code drop the top level it is waiting for and ask again.
    if (this.rootsAwaitingConnection === 0) this.changed.fire(undefined);
  }

  private errorContext(target: SavedConnection): ErrorContext {
    const operation = vscode.l10n.t('connect');
    return target.kind === 'aws' ? { profile: target.profile, region: target.region, sso: target.sso, operation } : { operation };
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.ages.dispose();
    this.changed.dispose();
  }
}
