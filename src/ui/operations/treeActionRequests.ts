// The request a tree action sends, built by core's builders from what the person answers: a value for
// Write… (a pick list or a checked input box), arguments for Execute…, attributes for Observe… and Write
// Attributes…, each asked through the Interaction port (services.interaction); the confirmation of an execute is the pipeline's.
import * as vscode from 'vscode';
import type { AttributeSet, KeyTarget, ResourceDef, TreeActionKind } from '../../core/index';
import { DATAMODEL_SHADOW } from '../format/shadowNames';
import { inertText } from '../format/inertText';
import { displayUnits } from '../format/resourceValueText';
import type { UiServices } from '../services';
import type { OperationRequest } from './operationRequest';
import type { Resolved } from './treeActionRows';

/** An action that is not sent, with the reason shown to the user. */
export class Refusal {
  constructor(readonly message: string) {}
}

export class ActionRequests {
  constructor(private readonly s: UiServices) {}

  async build(kind: TreeActionKind, r: Resolved): Promise<OperationRequest | Refusal | undefined> {
    const core = this.s.fleetContext.core();
    const keys = r.targets.map((t) => t.key);
    const first = r.targets[0];
    switch (kind) {
      case 'read': {
        const dm = this.s.store.peek({ connection: r.thing.connection, thingName: r.thing.thing, shadowName: DATAMODEL_SHADOW })?.state.reported;
        return { ...core.readRequest(keys, await this.s.fleetContext.registry(), dm) };
      }
      case 'readAll':
        return { ...core.readAllRequest() };
      case 'cancelAllObservations':
        return { ...core.cancelAllObservationsRequest() };
      case 'cancelObserve':
        return { ...core.cancelObserveRequest(keys) };
      case 'reboot':
        return { ...core.executeRequest(first.key) };
      case 'write': {
        if (r.targets.length !== 1) return new Refusal(vscode.l10n.t('Write one resource at a time.'));
        const value = await this.askValue(first, r.current);
        if (value === undefined) return undefined;
        const check = core.checkWriteInput(value, first.resourceDef);
        if (check.error) return new Refusal(vscode.l10n.t('Not sent to {0}: {1}', r.thing.thing, check.error));
        return { ...core.writeRequest([{ key: first.key, value: core.writeValueOf(value, first.resourceDef) }]) };
      }
      case 'execute': {
        const text = await this.s.interaction.input({
          title: inertText(vscode.l10n.t('Execute {0} on {1}', first.key, r.thing.thing)),
          prompt: vscode.l10n.t("Arguments (optional), e.g. 0='fw.bin',1. Empty: none."),
          validate: (v) => core.checkExecuteArguments(v),
        });
        if (text === undefined) return undefined;
        const bad = core.checkExecuteArguments(text);
        if (bad) return new Refusal(vscode.l10n.t('Not sent to {0}: {1}', r.thing.thing, bad));
        return { ...core.executeRequest(first.key, text) };
      }
      case 'observe':
      case 'writeAttributes': {
        const attributes = await this.askAttributes(kind, first.resourceDef, r.thing.thing, keys);
        if (!attributes) return undefined;
        const bad = core.checkAttributeSet(attributes);
        if (bad) return new Refusal(vscode.l10n.t('Not sent to {0}: {1}', r.thing.thing, bad));
        if (kind === 'writeAttributes' && !Object.keys(attributes).length) return undefined;
        return kind === 'observe' ? { ...core.observeRequest(keys, attributes) } : { ...core.writeAttributesRequest(keys, attributes) };
      }
    }
  }

  /** Write…: a pick list for Booleans and enumerations, otherwise an input box checked as you type. */
  private async askValue(target: KeyTarget, current: string | undefined): Promise<string | undefined> {
    const core = this.s.fleetContext.core();
    const def = target.resourceDef;
    const title = inertText(vscode.l10n.t('Write {0}', target.key));
    const choices = core.writeChoices(def);
    if (choices) {
      const picked = await this.s.interaction.pick(choices.map((c) => ({ label: c, ...(c === current ? { description: vscode.l10n.t('current value') } : {}) })), { title });
      return picked?.label;
    }
    return this.s.interaction.input({
      title,
      prompt: describeDef(def),
      value: current ?? '',
      validate: (v) => {
        const check = core.checkWriteInput(v, def);
        if (check.error) return { message: check.error, severity: 'error' };
        if (check.warnings.length) return { message: check.warnings.join(' '), severity: 'warning' };
        return undefined;
      },
    });
  }

  /** Observe… / Write Attributes…: pick the attributes (none: the device's defaults), then a checked value for each. */
  private async askAttributes(kind: 'observe' | 'writeAttributes', def: ResourceDef | undefined, thing: string, keys: string[]): Promise<AttributeSet | undefined> {
    const core = this.s.fleetContext.core();
    const rules = core.ATTRIBUTE_RULES;
    const names = core.TREE_ATTRIBUTE_NAMES.filter((n) => !rules[n].numericOnly || !def || ['Integer', 'Unsigned Integer', 'Float', 'Time'].includes(def.type));
    const picked = await this.s.interaction.pickMany(names.map((n) => ({ label: n, detail: rules[n].description })), {
      title: inertText(vscode.l10n.t('{0} {1} on {2}', kindLabel(kind), keys.join(', '), thing)),
      placeHolder: kind === 'observe' ? vscode.l10n.t('Attributes to set (none picked: the device\'s defaults)') : vscode.l10n.t('Attributes to write'),
    });
    if (!picked) return undefined;
    const out: AttributeSet = {};
    for (const p of picked) {
      const text = await this.s.interaction.input({
        title: inertText(vscode.l10n.t('{0} for {1}', p.label, keys.join(', '))),
        prompt: `${rules[p.label].description} ${vscode.l10n.t('Empty clears it.')}`,
        validate: (v) => {
          const r = core.attributeValueOf(p.label, v, def);
          return r.error ?? core.checkAttributeSet({ ...out, [p.label]: r.value ?? null });
        },
      });
      if (text === undefined) return undefined;
      const r = core.attributeValueOf(p.label, text, def);
      if (r.error) return undefined;
      out[p.label] = r.value ?? null;
    }
    return out;
  }

}

export function kindLabel(kind: TreeActionKind): string {
  return {
    read: vscode.l10n.t('Read'), write: vscode.l10n.t('Write'), execute: vscode.l10n.t('Execute'), observe: vscode.l10n.t('Observe'),
    cancelObserve: vscode.l10n.t('Cancel Observation'), writeAttributes: vscode.l10n.t('Write Attributes'), readAll: vscode.l10n.t('Read Everything'),
    cancelAllObservations: vscode.l10n.t('Cancel All Observations'), reboot: vscode.l10n.t('Reboot'),
  }[kind];
}

function describeDef(def: ResourceDef | undefined): string {
  if (!def) return vscode.l10n.t('No definition is known: the value is sent as typed.');
  const parts: string[] = [def.type];
  if (def.range) parts.push(vscode.l10n.t('range {0}', def.range));
  if (def.units) parts.push(vscode.l10n.t('units {0}', displayUnits(def.units) ?? def.units));
  return `${def.name}: ${parts.join(', ')}`;
}
