// The top level of the Fleet tree for one connection: thing types, page by page, then "Things without
// a type". Not a row itself.
import * as vscode from 'vscode';
import type { ThingTypeSummary } from '../../aws/types';
import { PagedList } from './pagedList';
import type { FleetContext, FleetNode } from './fleetContext';
import { LoadMoreNode, type PagedOwner } from './nodes/loadMoreNode';
import { MessageNode } from './nodes/messageNode';
import { ThingTypeNode } from './nodes/thingTypeNode';
import { UntypedThingsNode } from './nodes/untypedThingsNode';
import type { ThingGroupNode } from './nodes/thingGroupNode';

export class FleetRoot implements PagedOwner {
  readonly id: string;
  readonly thingTypes: PagedList<ThingTypeSummary>;
  readonly untyped: UntypedThingsNode;
  private readonly typeNodes = new Map<string, ThingTypeNode>();

  constructor(private readonly ctx: FleetContext, readonly connection: string) {
    this.id = connection;
    this.untyped = new UntypedThingsNode(ctx, connection);
    this.thingTypes = new PagedList((nextToken) => {
      const session = ctx.connections.sessionFor(connection);
      if (!session) throw new Error(vscode.l10n.t('Not connected.'));
      return session.fleet.listThingTypes({ maxResults: ctx.pageSize(), ...(nextToken ? { nextToken } : {}) });
    });
  }

  async children(): Promise<FleetNode[]> {
    await this.thingTypes.ensureLoaded();
    const out: FleetNode[] = this.thingTypes.items.map((t) => this.typeNode(t));
    if (this.thingTypes.error) {
      out.push(MessageNode.error(undefined, this.id, this.thingTypes.error, { operation: vscode.l10n.t('list thing types') }));
      return out;
    }
    if (this.thingTypes.hasMore || this.thingTypes.isLoading) out.push(new LoadMoreNode(this, undefined, this.thingTypes.isLoading));
    out.push(this.untyped);
    return out;
  }

  loadMore(): Promise<void> {
    return this.thingTypes.loadMore();
  }

  /** Every thing group listed so far (types, then the untyped group). */
  groups(): ThingGroupNode[] {
    return [...this.thingTypes.items.map((t) => this.typeNode(t)), this.untyped];
  }

  typeNode(t: ThingTypeSummary): ThingTypeNode {
    let node = this.typeNodes.get(t.name);
    if (!node || node.thingType !== t) {
      const old = node;
      node = new ThingTypeNode(this.ctx, this.connection, t);
      if (old?.filter) node.setFilter(old.filter);
      this.typeNodes.set(t.name, node);
    }
    return node;
  }

  /** Lists the thing types (and so their things) again, keeping each type's filter. */
  relist(): void {
    this.thingTypes.reset();
    this.untyped.reset();
  }

  reset(): void {
    this.thingTypes.reset();
    this.typeNodes.clear();
    this.untyped.reset();
  }
}
