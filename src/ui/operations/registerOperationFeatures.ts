// The operations feature (dist/feature-operations.js): problems, completion, hover and quick fixes in operation
// documents and device check files as the user types; Publish Operation with its code lens; the operation
// history; the tree actions. Loaded on its first command or when the first such document opens
// (src/ui/registerUi.ts); what must hold before that stays at activation: the documents' language
// (operationLanguage.ts), the result documents (resultDocuments.ts) and the rows' marks (src/ui/fleet/actionMarks.ts).
// Core (ajv, the registry) loads the first time a document is checked.
import * as vscode from 'vscode';
import type { UiServices } from '../services';
import { registerDiscardDraft } from './discardDraft';
import { registerNewRequest } from './newRequest';
import { registerOperationQuickFixes } from './operationQuickFixes';
import { registerHistoryCommand } from './operationHistoryCommand';
import { OperationContext } from './operationContext';
import { OperationDiagnostics } from './operationDiagnostics';
import { OPERATION_DOCUMENT_SELECTOR } from './operationDocuments';
import { OperationHistory } from './operationHistory';
import { registerOperationLanguageFeatures } from './operationLanguageFeatures';
import { PublishCodeLens } from './publishCodeLens';
import { OperationPublisher, PUBLISH_COMMAND } from './publishOperation';
import type { ResultDocuments } from './resultDocuments';
import { registerSaveAsTest } from '../testing/saveAsTest';
import { TreeActions } from './treeActions';

/** The operation history is handed back too: firmware updates add to it, the extension's test API reads it. */
export function registerOperationFeatures(services: UiServices, extension: vscode.ExtensionContext, results: ResultDocuments): { history: OperationHistory; disposables: vscode.Disposable[] } {
  const context = new OperationContext(services.store, services.log);
  const diagnostics = new OperationDiagnostics(context, services.log);
  const history = new OperationHistory(extension.globalState);
  const publisher = new OperationPublisher({ services, context, diagnostics, history, results });
  const treeActions = new TreeActions(services, publisher);
  return { history, disposables: [
    context,
    diagnostics,
    history,
    ...registerOperationLanguageFeatures(context),
    vscode.languages.registerCodeLensProvider(OPERATION_DOCUMENT_SELECTOR, new PublishCodeLens(services.files.drafts)),
    vscode.commands.registerCommand(PUBLISH_COMMAND, (arg?: unknown) => publisher.publish(arg)),
    registerHistoryCommand(services, history, results, (connection, thing, request) => treeActions.send({ connection, thing }, request)),
    registerSaveAsTest(history, services.interaction),
    registerDiscardDraft(services.files.drafts, services.interaction),
    registerNewRequest(services.interaction),
    registerOperationQuickFixes(context),
    ...treeActions.register(),
  ] };
}
