// The Interaction port's search picker with VS Code: a quick pick that looks its items up as the person types
// (after a pause; a newer keystroke, or closing the list, aborts the older lookup). Part of the commands feature,
// loaded with the first command that searches (Reveal Thing…, Update Firmware…, a tree action from F1).
import * as vscode from 'vscode';
import type { PickItem, PickOptions } from '../operations/interaction';

/** The typing pause before a lookup. */
const SEARCH_DELAY_MS = 250;

export function searchPick<T extends PickItem>(options: PickOptions, find: (text: string, signal: AbortSignal) => Promise<readonly T[]>): Promise<T | undefined> {
  const qp = vscode.window.createQuickPick<T>();
  if (options.title !== undefined) qp.title = options.title;
  if (options.placeHolder !== undefined) qp.placeholder = options.placeHolder;
  qp.matchOnDescription = options.matchOnDescription === true;
  qp.ignoreFocusOut = options.ignoreFocusOut === true;
  let seq = 0;
  let timer: NodeJS.Timeout | undefined;
  // A newer keystroke (or closing the list) aborts the older lookup.
  let lookup: AbortController | undefined;
  const look = (text: string) => {
    const mine = ++seq;
    lookup?.abort();
    lookup = new AbortController();
    qp.busy = true;
    find(text, lookup.signal)
      .then((items) => { if (mine === seq) qp.items = [...items]; }, () => undefined)
      .finally(() => { if (mine === seq) qp.busy = false; });
  };
  qp.onDidChangeValue((v) => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => look(v.trim()), SEARCH_DELAY_MS);
  });
  look('');
  return new Promise<T | undefined>((resolve) => {
    qp.onDidAccept(() => {
      resolve(qp.selectedItems[0]);
      qp.hide();
    });
    qp.onDidHide(() => {
      resolve(undefined);
      if (timer) clearTimeout(timer);
      lookup?.abort();
      qp.dispose();
    });
    qp.show();
  });
}
