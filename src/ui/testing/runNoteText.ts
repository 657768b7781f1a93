// The runner's reasons (why a step or file did not run as written) in the user's language. The runner gives
// them as facts (RunNote) beside its English message; an error of AWS has no note and keeps AWS's text.
import * as vscode from 'vscode';
import type { RunNote } from '../../core/index';

export function runNoteText(note: RunNote | undefined, message: string | undefined): string | undefined {
  if (!note) return message;
  switch (note.id) {
    case 'no-target': return vscode.l10n.t('The file names no thing: give it a "target".');
    case 'no-such-thing': return vscode.l10n.t('There is no thing {0} on this connection: nothing was published.', note.thing);
    case 'no-online-thing': return vscode.l10n.t('No online thing of type {0} ({1} checked).', note.thingType, note.checked);
    case 'no-thing-of-type': return vscode.l10n.t('No thing of type {0}.', note.thingType);
    case 'cancelled': return vscode.l10n.t('Cancelled: no further request was published.');
    case 'cancelled-waiting': return vscode.l10n.t('Cancelled during the wait.');
    case 'cancelled-after-publish': return vscode.l10n.t('Cancelled after publishing: the request was sent whole; its answer will still arrive in the operation shadow.');
    case 'earlier-step-incomplete': return vscode.l10n.t('Not run: step {0} did not complete.', note.step);
    case 'no-request': return vscode.l10n.t('The step has no request.');
    case 'conflict': return vscode.l10n.t('Not published: the operation shadow of {0} changed while the step was publishing (someone else published to it); nothing was sent.', note.thing);
    case 'no-answer': return note.refusal
      ? vscode.l10n.t('No answer from {0} within {1} s: the integration refused the request: {2}', note.thing, note.seconds, note.refusal)
      : vscode.l10n.t('No answer from {0} within {1} s (a queue-mode or offline device answers when it next connects).', note.thing, note.seconds);
  }
}
