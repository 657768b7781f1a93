// A paged list of things: the things of one thing type, or the things without a type. Lists N things
// with ceil(N / page size) ListThings calls and nothing else; an optional name filter narrows it.
import * as vscode from 'vscode';
import type { ThingSummary } from '../../../aws/types';
import { PagedList } from '../pagedList';
import type { FleetContext, FleetNode } from '../fleetContext';
import { LoadMoreNode, type PagedOwner } from './loadMoreNode';
import { MessageNode } from './messageNode';
import { ThingNode } from './thingNode';

export abstract class ThingGroupNode implements PagedOwner, FleetNode {
  readonly parent: FleetNode | undefined = undefined;
  readonly things: PagedList<ThingSummary>;
  private filterText = '';
  private readonly nodes = new Map<string, ThingNode>();

  constructor(
    readonly id: string,
    protected readonly ctx: FleetContext,
    protected readonly connection: string,
    query: { thingTypeName?: string; withoutType?: boolean },
  ) {
    this.things = new PagedList((nextToken) => {
      const session = ctx.connections.sessionFor(connection);
      if (!session) throw new Error(vscode.l10n.t('Not connected.'));
      return session.fleet.listThings({
        ...query,
        maxResults: ctx.pageSize(),
        ...(nextToken ? { nextToken } : {}),
        ...(this.filterText ? { nameFilter: this.filterText } : {}),
      });
    });
  }

  abstract treeItem(): vscode.TreeItem;

  get filter(): string {
    return this.filterText;
  }

  /** Shows only things whose name contains `text` (case-insensitive); '' shows all. */
  setFilter(text: string): void {
    this.filterText = text.trim();
    this.reset();
  }

  async children(): Promise<FleetNode[]> {
    await this.things.ensureLoaded();
    const out: FleetNode[] = this.things.items.map((t) => this.thingNode(t));
    if (this.things.error) {
      out.push(MessageNode.error(this, this.id, this.things.error, { operation: vscode.l10n.t('list things') }));
    } else if (out.length === 0) {
      out.push(new MessageNode(`${this.id}/empty`, this, this.filterText
        ? vscode.l10n.t('No thing name contains "{0}". Clear the filter to see all.', this.filterText)
        : this.emptyText()));
    }
    if (this.things.hasMore || this.things.isLoading) out.push(new LoadMoreNode(this, this, this.things.isLoading));
    return out;
  }

  protected abstract emptyText(): string;

  loadMore(): Promise<void> {
    return this.things.loadMore();
  }

  /** The node of a thing already listed here, if any. */
  findThing(name: string): ThingNode | undefined {
    const thing = this.things.items.find((t) => t.name === name);
    return thing ? this.thingNode(thing) : undefined;
  }

  reset(): void {
    this.things.reset();
    this.nodes.clear();
  }

  protected filterDescription(): string | undefined {
    return this.filterText ? vscode.l10n.t('filter: "{0}"', this.filterText) : undefined;
  }

  private thingNode(t: ThingSummary): ThingNode {
    let node = this.nodes.get(t.name);
    if (!node) {
      node = new ThingNode(this, this.ctx, this.connection, t);
      this.nodes.set(t.name, node);
    }
    return node;
  }
}
