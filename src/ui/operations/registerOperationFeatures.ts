// Operation documents: problems, completion and hover as the user types. Registers providers only;
// core (ajv, the registry) loads the first time an operation document is looked at.
import type * as vscode from 'vscode';
import type { UiServices } from '../services';
import { OperationContext } from './operationContext';
import { OperationDiagnostics } from './operationDiagnostics';
import { registerOperationLanguageFeatures } from './operationLanguageFeatures';

export function registerOperationFeatures(services: UiServices, _extension: vscode.ExtensionContext): vscode.Disposable[] {
  const context = new OperationContext(services.store, services.log);
  const diagnostics = new OperationDiagnostics(context);
  return [context, diagnostics, ...registerOperationLanguageFeatures(context)];
}
