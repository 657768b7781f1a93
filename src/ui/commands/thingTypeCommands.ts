// Deprecate, undeprecate and delete thing types, each confirmed. AWS lets a type be deleted only when
// no thing uses it (and after it has been deprecated for five minutes).
import * as vscode from 'vscode';
import type { FleetNode } from '../fleet/fleetContext';
import { ThingTypeNode } from '../fleet/nodes/thingTypeNode';
import { showError } from '../errors/showError';
import type { UiServices } from '../services';
import { inertText } from '../format/inertText';

export function registerThingTypeCommands(s: UiServices): vscode.Disposable[] {
  const session = () => s.connections.current;

  const deprecate = async (node: FleetNode | undefined, undo: boolean) => {
    if (!(node instanceof ThingTypeNode) || !session()) return;
    const name = node.thingType.name;
    const confirm = undo ? vscode.l10n.t('Undeprecate') : vscode.l10n.t('Deprecate');
    const picked = await s.interaction.confirm(
      undo ? vscode.l10n.t('Undeprecate thing type {0}?', name) : vscode.l10n.t('Deprecate thing type {0}?', name),
      undo
        ? vscode.l10n.t('New things of this type can be created again.')
        : vscode.l10n.t('Existing things keep the type, but no new thing of this type can be created (Coiote DM cannot add devices of this type) until it is undeprecated.'),
      confirm,
    );
    if (picked !== confirm) return;
    try {
      await vscode.window.withProgress({ location: { viewId: 'lwm2mShadows.fleet' } }, () => session()!.fleet.deprecateThingType(name, undo));
      s.fleet.refresh(undefined);
    } catch (e) {
      await showError(s.interaction, e, { operation: undo ? vscode.l10n.t('undeprecate {0}', name) : vscode.l10n.t('deprecate {0}', name) });
    }
  };

  const remove = async (node?: FleetNode) => {
    if (!(node instanceof ThingTypeNode) || !session()) return;
    const name = node.thingType.name;
    try {
      const things = await session()!.fleet.listThings({ thingTypeName: name, maxResults: 1 });
      if (things.items.length > 0) {
        const text = vscode.l10n.t('Thing type {0} is still used by {1}{2}. Delete or retype its things first: AWS deletes only unused types.',
          name, things.items[0].name, things.nextToken ? vscode.l10n.t(' and more') : '');
        void vscode.window.showInformationMessage(inertText(text));
        return;
      }
      const del = vscode.l10n.t('Delete');
      const picked = await s.interaction.confirm(
        vscode.l10n.t('Delete thing type {0}?', name),
        vscode.l10n.t('No thing uses it. This cannot be undone; Coiote DM creates it again when a device of this type appears.'),
        del,
      );
      if (picked !== del) return;
      await vscode.window.withProgress({ location: { viewId: 'lwm2mShadows.fleet' } }, () => session()!.fleet.deleteThingType(name));
      s.fleet.refresh(undefined);
    } catch (e) {
      await showError(s.interaction, e, { operation: vscode.l10n.t('delete {0}', name) });
    }
  };

  return [
    vscode.commands.registerCommand('lwm2mShadows.deprecateThingType', (n?: FleetNode) => deprecate(n, false)),
    vscode.commands.registerCommand('lwm2mShadows.undeprecateThingType', (n?: FleetNode) => deprecate(n, true)),
    vscode.commands.registerCommand('lwm2mShadows.deleteThingType', remove),
  ];
}
