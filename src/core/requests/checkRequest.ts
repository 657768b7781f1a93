// The one check every request goes through before it is sent, whether typed into a document or built by a
// tree action: the document validator (integration and LwM2M rules, against the thing's datamodel when
// known), plus the LwM2M syntax of execute arguments. Pure.
import type { Diagnostic } from '../diagnostics';
import { validateOperationDocument, type ValidateOptions } from '../validate';
import { checkExecuteArguments } from './actionInputs';

export interface RequestProblem {
  code: string;
  severity: Diagnostic['severity'];
  message: string;
}

/** Problems of a request (the bare `desired` object), errors first. */
export function checkRequest(request: Record<string, unknown>, options: ValidateOptions = {}): RequestProblem[] {
  const found: RequestProblem[] = validateOperationDocument(JSON.stringify(request, null, 2), options)
    .map((d) => ({ code: d.code, severity: d.severity, message: d.message }));
  if (request.operation === 'execute' && typeof request.arguments === 'string') {
    const bad = checkExecuteArguments(request.arguments);
    if (bad) found.push({ code: 'execute-arguments', severity: 'error', message: bad });
  }
  const rank = { error: 0, warning: 1, info: 2 } as const;
  return found.sort((a, b) => rank[a.severity] - rank[b.severity]);
}
