// A thing. Expanding it lists its shadows (one ListNamedShadowsForThing call) and reads the classic and
// operation shadows for their one-line summaries; nothing is fetched before that.
import * as vscode from 'vscode';
import type { ThingSummary } from '../../../aws/types';
import { CLASSIC_SHADOW, DATAMODEL_SHADOW, OPERATION_SHADOW } from '../../format/shadowNames';
import type { FleetContext, FleetNode } from '../fleetContext';
import { MessageNode } from './messageNode';
import { ShadowNode } from './shadowNode';
import { isAwsError } from '../../errors/describeError';
import { connectivityIcon, connectivityText } from '../../format/connectivityStyle';
import type { SandboxRealDevice } from '../../connection/connectionManager';
import type { DeviceLink } from '../../../core/deviceLink';

const MAX_SHADOW_PAGES = 10;

export class ThingNode implements FleetNode {
  readonly id: string;
  private shadowNames: string[] | undefined;
  private readonly nodes = new Map<string, ShadowNode>();

  constructor(
    readonly parent: FleetNode,
    private readonly ctx: FleetContext,
    readonly connection: string,
    readonly thing: ThingSummary,
  ) {
    this.id = `${parent.id}/thing/${thing.name}`;
  }

  get name(): string {
    return this.thing.name;
  }

  treeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.thing.name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('circuit-board');
    item.contextValue = 'thing';
    // Fleet indexing listed the thing with its classic shadow: its state, without a shadow call.
    const indexed = this.thing.indexedClassicReported ? this.ctx.core().readConnectivity(this.thing.indexedClassicReported).state : undefined;
    const real = this.ctx.connections.sandboxRealDevice(this.connection, this.thing.name);
    const link = this.link(real);
    const linkText = link ? this.ctx.core().deviceLinkText(link) : undefined;
    const state = indexed ?? (real && !real.registered ? 'offline' : undefined);
    if (state) item.iconPath = connectivityIcon(state);
    // The row names how a device is reached when that is known (`LwM2M 1.1 · 127.0.0.1:56830`); a version alone,
    // which every thing of a fleet has, stays in the tooltip.
    const rowLink = link?.address ? linkText : undefined;
    item.description = [state ? connectivityText(state) : undefined, rowLink].filter(Boolean).join(' · ') || undefined;
    const attrs = Object.entries(this.thing.attributes ?? {});
    const lines = [vscode.l10n.t('Thing {0}', this.thing.name)];
    if (this.thing.thingTypeName) lines.push(vscode.l10n.t('Type: {0}', this.thing.thingTypeName));
    for (const [k, v] of attrs) lines.push(`${k}: ${v}`);
    if (indexed) lines.push(vscode.l10n.t('Connectivity (from the fleet index): {0}', connectivityText(indexed)));
    if (real) {
      lines.push(real.registered
        ? vscode.l10n.t('A real LwM2M client registered with the sandbox from {0} (LwM2M {1}).', link?.address ?? '?', link?.lwm2mVersion ?? '?')
        : vscode.l10n.t('A real LwM2M client, not registered now (last from {0}).', link?.address ?? '?'));
    } else if (linkText) lines.push(vscode.l10n.t('From the classic shadow: {0}', linkText));
    item.tooltip = lines.join('\n'); // plain text: attribute values come from devices and users
    this.ctx.rows?.decorateThing({ connection: this.connection, thing: this.thing.name }, item);
    return item;
  }

  /**
   * LwM2M version and address: a real client of the embedded sandbox as its LwM2M server knows it, else what
   * the classic shadow says where the listing carries it (fleet indexing; no shadow call per row). Device text:
   * only what looks like a version or an address is kept. Undefined (and core not loaded) when nothing says.
   */
  private link(real: SandboxRealDevice | undefined): DeviceLink | undefined {
    if (real) {
      const core = this.ctx.core();
      const version = core.lwm2mVersionText(real.lwm2mVersion);
      const address = core.addressText(real.address);
      return { ...(version ? { lwm2mVersion: version } : {}), ...(address ? { address } : {}) };
    }
    const classic = this.thing.indexedClassicReported;
    return classic === undefined ? undefined : this.ctx.core().readDeviceLink(classic);
  }

  async children(): Promise<FleetNode[]> {
    const session = this.ctx.connections.sessionFor(this.connection);
    if (!session) return [new MessageNode(`${this.id}/offline`, this, vscode.l10n.t('Not connected.'))];
    const ref = (shadowName: string) => ({ connection: this.connection, thingName: this.thing.name, shadowName });
    const [named, classic, operation] = await Promise.allSettled([
      this.shadowNames ? Promise.resolve(this.shadowNames) : this.listNamed(),
      this.ctx.store.get(ref(CLASSIC_SHADOW), 2000),
      this.ctx.store.get(ref(OPERATION_SHADOW), 2000),
    ]);
    if (named.status === 'rejected') {
      return [MessageNode.error(this, this.id, named.reason, { operation: vscode.l10n.t('list the shadows of {0}', this.thing.name) })];
    }
    this.shadowNames = named.value;
    const names = new Set(named.value);
    const out: FleetNode[] = [];
    const classicMissing = classic.status === 'rejected' && isAwsError(classic.reason) && classic.reason.kind === 'not-found';
    out.push(this.shadowNode(CLASSIC_SHADOW, classicMissing ? 'missing' : classic.status === 'rejected' ? classic.reason : undefined));
    if (names.has(DATAMODEL_SHADOW)) out.push(this.shadowNode(DATAMODEL_SHADOW));
    if (names.has(OPERATION_SHADOW) || operation.status === 'fulfilled') {
      out.push(this.shadowNode(OPERATION_SHADOW, operation.status === 'rejected' ? operation.reason : undefined));
    }
    for (const n of [...names].filter((n) => n !== DATAMODEL_SHADOW && n !== OPERATION_SHADOW).sort()) {
      out.push(this.shadowNode(n));
    }
    return out;
  }

  reset(): void {
    this.shadowNames = undefined;
    for (const name of [CLASSIC_SHADOW, OPERATION_SHADOW]) {
      this.ctx.store.expire({ connection: this.connection, thingName: this.thing.name, shadowName: name });
    }
  }

  /** The node of one of this thing's shadows (after children() ran). */
  shadow(shadowName: string): ShadowNode | undefined {
    return this.nodes.get(shadowName);
  }

  private async listNamed(): Promise<string[]> {
    const session = this.ctx.connections.sessionFor(this.connection);
    if (!session) throw new Error(vscode.l10n.t('Not connected.'));
    const names: string[] = [];
    let nextToken: string | undefined;
    for (let i = 0; i < MAX_SHADOW_PAGES; i++) {
      const page = await session.shadows.listNamed(this.thing.name, nextToken ? { nextToken } : {});
      names.push(...page.items);
      nextToken = page.nextToken;
      if (!nextToken) break;
    }
    return names;
  }

  private shadowNode(shadowName: string, problem?: unknown): ShadowNode {
    let node = this.nodes.get(shadowName);
    if (!node) {
      node = new ShadowNode(this, this.ctx, { connection: this.connection, thingName: this.thing.name, shadowName });
      this.nodes.set(shadowName, node);
      this.ctx.trackShadowNode(node.ref, node);
    }
    node.problem = problem;
    return node;
  }
}

