// The Interaction port's pick with a button on each item, with VS Code: a quick pick whose items carry one button
// (the operation history's ▶ Run Again). Part of the operations feature, loaded with the first history list.
import * as vscode from 'vscode';
import type { ItemButton, PickItem, PickOptions } from '../operations/interaction';

export function buttonPick<T extends PickItem>(items: readonly T[], options: PickOptions & { button: ItemButton }): Promise<{ item: T; button: boolean } | undefined> {
  const button: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon(options.button.icon), tooltip: options.button.tooltip };
  type Item = vscode.QuickPickItem & { of: T };
  const qp = vscode.window.createQuickPick<Item>();
  if (options.title !== undefined) qp.title = options.title;
  if (options.placeHolder !== undefined) qp.placeholder = options.placeHolder;
  qp.matchOnDescription = true;
  qp.matchOnDetail = true;
  qp.ignoreFocusOut = options.ignoreFocusOut === true;
  qp.items = items.map((of) => ({
    label: of.label,
    ...(of.description !== undefined ? { description: of.description } : {}),
    ...(of.detail !== undefined ? { detail: of.detail } : {}),
    buttons: [button],
    of,
  }));
  return new Promise<{ item: T; button: boolean } | undefined>((resolve) => {
    qp.onDidTriggerItemButton((b) => {
      resolve({ item: b.item.of, button: true });
      qp.hide();
    });
    qp.onDidAccept(() => {
      const picked = qp.selectedItems[0];
      resolve(picked && { item: picked.of, button: false });
      qp.hide();
    });
    qp.onDidHide(() => {
      resolve(undefined);
      qp.dispose();
    });
    qp.show();
  });
}
