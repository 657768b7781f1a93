// New Request…: in a thing's operation document, pick an operation, then the keys among what the thing's
// datamodel and their definitions allow (the tree actions' pickers and builders), and the document gets a
// valid request in `desired`. In a workspace *.lwm2m-operation.json file (bound to no thing) the thing whose
// datamodel offers the keys is picked first, and the file gets the request. Nothing is sent: Publish does that.
import * as vscode from 'vscode';
import type { TreeActionKind } from '../../core/index';
import type { Interaction } from '../../operations/interaction';
import { isOperationFile, operationShadowOf } from './operationDocuments';
import { OPEN_AS_DOCUMENT_COMMAND, type TreeActionArgs, type TreeActionOutcome } from './treeActions';

export const NEW_REQUEST_COMMAND = 'lwm2mShadows.newRequest';

/** The operations a request can start from, with what each does (readComposite: a read of keys of several objects). */
function choices(): { label: string; detail: string; action: TreeActionKind }[] {
  return [
    { label: 'read', detail: vscode.l10n.t('Read resources, instances or objects (of several objects: readComposite)'), action: 'read' },
    { label: 'write', detail: vscode.l10n.t('Write a value to a writable resource'), action: 'write' },
    { label: 'execute', detail: vscode.l10n.t('Execute an executable resource (Reboot, Update, …)'), action: 'execute' },
    { label: 'observe', detail: vscode.l10n.t('Observe: the device notifies changes into the datamodel'), action: 'observe' },
    { label: 'cancelObserve', detail: vscode.l10n.t('Cancel observations'), action: 'cancelObserve' },
    { label: 'writeAttributes', detail: vscode.l10n.t('Set notification attributes (pmin, pmax, gt, lt, st)'), action: 'writeAttributes' },
  ];
}

/** The argument is the document (the code lens passes it; F1: the active editor's); the operation is always asked. */
export function registerNewRequest(ui: Interaction): vscode.Disposable {
  return vscode.commands.registerCommand(NEW_REQUEST_COMMAND, async (arg?: unknown): Promise<TreeActionOutcome | undefined> => {
    const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
    const ref = uri && operationShadowOf(uri);
    const file = uri && isOperationFile(uri) ? uri : undefined;
    if (!ref && !file) {
      void ui.notify('info', vscode.l10n.t('Open a thing\'s operation document (its Operation row in the Fleet view) or a *.lwm2m-operation.json file to create a request in it.'));
      return undefined;
    }
    const kind = (await ui.pick(choices(), {
      title: ref ? vscode.l10n.t('New Request for {0}', ref.thingName) : vscode.l10n.t('New Request'),
      placeHolder: ref ? vscode.l10n.t('Which operation? The keys offered next come from the thing\'s datamodel.')
        : vscode.l10n.t('Which operation? Next pick the thing whose datamodel offers the keys.'),
    }))?.action;
    if (!kind) return undefined;
    const target: TreeActionArgs = ref ? { thing: ref.thingName } : { document: file!.toString() };
    return vscode.commands.executeCommand<TreeActionOutcome>(OPEN_AS_DOCUMENT_COMMAND, { kind, ...target });
  });
}
