// Show Operation History: the last published operations of the connection; picking one shows its result,
// or puts its request back into the thing's operation document (asking before replacing unsaved text).
import * as vscode from 'vscode';
import type { UiServices } from '../services';
import type { HistoryEntry, OperationHistory } from './operationHistory';
import { putRequestInDocument } from './requestInDocument';
import type { OperationRequest } from './operationRequest';
import { ThingNode } from '../fleet/nodes/thingNode';
import type { ResultDocuments } from './resultDocuments';
import { showResult } from './publishOperation';
import { inertText } from '../format/inertText';
import { hasRedactedPresigned } from '../../core/presignedUrl';
import { SAVE_AS_TEST_COMMAND } from '../testing/saveAsTest';
import { resultDocumentName } from './resultDocumentName';
import type { Interaction } from '../../operations/interaction';

export const HISTORY_COMMAND = 'lwm2mShadows.showOperationHistory';

const OUTCOME_ICON: Record<HistoryEntry['outcome'], string> = {
  answered: '$(pass)', pending: '$(loading~spin)', timeout: '$(watch)', cancelled: '$(circle-slash)',
};

export type HistoryAction = 'result' | 'request' | 'run';

/**
 * `{ id, action }` skips the pickers; `{ thing }` (or a thing row) lists one thing's operations. `run` from a
 * caller sends nothing before a person says so: picking Run Again is the person's say-so, and another
 * extension's arguments are no one's.
 */
export interface HistoryArgs { id?: string; action?: HistoryAction; thing?: string }

/** Sends a request again, the way a tree action does (validated, queued per thing, marked on the rows). */
export type RunAgain = (connection: string, thing: string, request: OperationRequest) => Promise<unknown>;

export function registerHistoryCommand(services: UiServices, history: OperationHistory, results: ResultDocuments, runAgain: RunAgain): vscode.Disposable {
  const outcomeText = (e: HistoryEntry) => ({
    answered: e.summary ?? vscode.l10n.t('answered'),
    pending: vscode.l10n.t('waiting for the answer'),
    timeout: vscode.l10n.t('no answer in time'),
    cancelled: vscode.l10n.t('stopped waiting'),
  })[e.outcome];

  const openResult = async (e: HistoryEntry) => {
    if (!e.resultText) {
      void vscode.window.showInformationMessage(inertText(vscode.l10n.t('{0} on {1} has no result yet ({2}).', e.operation, e.thing, outcomeText(e))));
      return;
    }
    await showResult(services.interaction, results.put(e.connection, e.thing, resultDocumentName(e.operation, e.keys, e.thing, e.acceptedVersion ?? 0, ' (history)'), e.resultText));
  };

  const reopenRequest = (e: HistoryEntry) => putRequestInDocument(services, e.connection, e.thing, e.request, new Date(e.time).toLocaleString());

  const run = async (e: HistoryEntry) => {
    if (hasRedactedPresigned(JSON.stringify(e.request))) {
      // the history keeps no signature: sent as it is, the device would be refused the download
      void vscode.window.showErrorMessage(vscode.l10n.t('This request holds a presigned URL whose signature the history does not keep: run Update Firmware… again for a new URL.'));
      return false;
    }
    if (services.connections.current?.spec.id !== e.connection) {
      void vscode.window.showErrorMessage(inertText(vscode.l10n.t('This request was sent on "{0}": switch to that connection to run it again.', e.connection)));
      return false;
    }
    return runAgain(e.connection, e.thing, e.request);
  };

  return vscode.commands.registerCommand(HISTORY_COMMAND, async (arg?: HistoryArgs | ThingNode) => {
    const args: HistoryArgs = arg instanceof ThingNode ? { thing: arg.name } : arg ?? {};
    if (args.id) {
      const e = history.find(args.id);
      if (!e) return false;
      if (args.action === 'result') await openResult(e);
      else if (args.action === 'run') return await confirmRunAgain(services.interaction, e) ? run(e) : { status: 'cancelled', thing: e.thing, operation: e.operation };
      else return reopenRequest(e);
      return true;
    }
    const current = services.connections.current?.spec.id;
    const entries = history.list(current).filter((e) => !args.thing || e.thing === args.thing);
    if (!entries.length) {
      void vscode.window.showInformationMessage(args.thing
        ? vscode.l10n.t('No operations published to {0} yet.', args.thing)
        : current
          ? vscode.l10n.t('No operations published on {0} yet.', services.connections.current?.spec.label ?? current)
          : vscode.l10n.t('No operations published yet.'));
      return false;
    }
    const chosen = await services.interaction.pickWithButton(entries.map((e) => ({
      entry: e,
      // The operation and keys come from documents, the summary from the device: no icons from them.
      label: `${OUTCOME_ICON[e.outcome]} ${inertText(`${e.operation} · ${e.thing}`)}`,
      description: inertText(e.keys.join(', ')),
      detail: inertText(`${new Date(e.time).toLocaleString()} · ${outcomeText(e)}`),
    })), {
      title: args.thing ? vscode.l10n.t('Operation History of {0}', args.thing) : vscode.l10n.t('Operation History'),
      placeHolder: vscode.l10n.t('Pick an operation to see its result or open its request again; ▶ runs it again'),
      button: { icon: 'play', tooltip: vscode.l10n.t('Run Again') },
    });
    if (!chosen) return false;
    const e = chosen.item.entry;
    if (chosen.button) return run(e);
    const showIt = vscode.l10n.t('Show Result');
    const again = vscode.l10n.t('Run Again');
    const reopen = vscode.l10n.t('Open the Request in the Operation Document');
    const saveTest = vscode.l10n.t('Save as Test…');
    const choices = e.resultText ? [showIt, again, reopen, ...(e.result ? [saveTest] : [])] : [again, reopen];
    const action = (await services.interaction.pick(choices.map((label) => ({ label })), { title: inertText(`${e.operation} · ${e.thing}`) }))?.label;
    if (action === showIt) await openResult(e);
    else if (action === again) return run(e);
    else if (action === reopen) return reopenRequest(e);
    else if (action === saveTest) return !!(await vscode.commands.executeCommand(SAVE_AS_TEST_COMMAND, { id: e.id }));
    return !!action;
  });
}

/** Run Again asked for by a command's arguments, not picked: the person says whether it is sent. */
async function confirmRunAgain(ui: Interaction, e: HistoryEntry): Promise<boolean> {
  const again = vscode.l10n.t('Run Again');
  return (await ui.confirm(
    vscode.l10n.t('Send {0} of {1} to {2} again?', e.operation, e.keys.join(', '), e.thing),
    vscode.l10n.t('A command asked to run this request from the operation history again. Nothing is sent unless you choose Run Again.'),
    again,
  )) === again;
}
