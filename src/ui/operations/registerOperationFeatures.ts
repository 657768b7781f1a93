// Operation documents: problems, completion and hover as the user types; Publish Operation with its
// code lens; the operation history. Registers providers only: core (ajv, the registry) loads the first
// time an operation document is looked at.
import * as vscode from 'vscode';
import { argumentsHonoured, setArgumentsHonoured } from '../commandArguments';
import type { UiServices } from '../services';
import { registerDiscardDraft } from './discardDraft';
import { registerNewRequest } from './newRequest';
import { registerOperationQuickFixes } from './operationQuickFixes';
import { registerHistoryCommand } from './operationHistoryCommand';
import { OperationContext } from './operationContext';
import { OperationDiagnostics } from './operationDiagnostics';
import { OPERATION_DOCUMENT_SELECTOR } from './operationDocuments';
import { OperationHistory } from './operationHistory';
import { registerOperationLanguage } from './operationLanguage';
import { registerOperationLanguageFeatures } from './operationLanguageFeatures';
import { PublishCodeLens } from './publishCodeLens';
import { OperationPublisher, PUBLISH_COMMAND } from './publishOperation';
import { RESULT_SCHEME, ResultDocuments } from './resultDocuments';
import { registerSaveAsTest } from '../testing/saveAsTest';
import { TreeActions } from './treeActions';

let activeHistory: OperationHistory | undefined;

/** The operation history of the running extension (tests read it through the extension API). */
export function operationHistory(): OperationHistory | undefined {
  return activeHistory;
}

export function registerOperationFeatures(services: UiServices, extension: vscode.ExtensionContext): vscode.Disposable[] {
  const context = new OperationContext(services.store, services.log);
  const diagnostics = new OperationDiagnostics(context, services.log);
  const history = new OperationHistory(extension.globalState);
  activeHistory = history;
  const results = new ResultDocuments();
  const publisher = new OperationPublisher({ services, context, diagnostics, history, results });
  setArgumentsHonoured(extension.extensionMode === vscode.ExtensionMode.Test);
  const treeActions = new TreeActions(services, publisher, extension.globalState, argumentsHonoured);
  return [
    context,
    diagnostics,
    history,
    results,
    registerOperationLanguage(),
    ...registerOperationLanguageFeatures(context),
    vscode.workspace.registerTextDocumentContentProvider(RESULT_SCHEME, results),
    vscode.languages.registerCodeLensProvider(OPERATION_DOCUMENT_SELECTOR, new PublishCodeLens(services.files.drafts)),
    vscode.commands.registerCommand(PUBLISH_COMMAND, (arg?: unknown) => publisher.publish(arg)),
    registerHistoryCommand(services, history, results, (connection, thing, request) => treeActions.send({ connection, thing }, request)),
    registerSaveAsTest(history),
    registerDiscardDraft(services.files.drafts),
    registerNewRequest(),
    registerOperationQuickFixes(context),
    treeActions,
    ...treeActions.register(),
  ];
}
