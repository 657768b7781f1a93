// The progress notification of a firmware update: cancellable while cancelling still stops the update (before the
// Update execute), then a second notification without a Cancel button for the stages nothing can stop. VS Code
// cannot take the Cancel button off a notification once it shows, and a button that does nothing misleads.
import * as vscode from 'vscode';

export interface StagedProgress {
  /** Shows a stage's text; `final` moves to the notification without Cancel (once; later stages stay there). */
  report(message: string, final?: boolean): void;
  signal: AbortSignal;
}

export async function withStagedProgress<T>(title: string, task: (progress: StagedProgress) => Promise<T>): Promise<T> {
  const ac = new AbortController();
  let message: string | undefined;
  let show: ((m: string) => void) | undefined;
  let endCancellable!: () => void;
  let endFinal: (() => void) | undefined;
  const cancellableEnded = new Promise<void>((r) => (endCancellable = r));
  void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
    token.onCancellationRequested(() => ac.abort());
    show = (m) => progress.report({ message: m });
    if (message !== undefined) show(message);
    return cancellableEnded;
  });
  const progress: StagedProgress = {
    signal: ac.signal,
    report: (m, final) => {
      message = m;
      if (final && !endFinal) {
        show = undefined;
        endCancellable();
        const finalEnded = new Promise<void>((r) => (endFinal = r));
        void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: false }, (p) => {
          show = (text) => p.report({ message: text });
          if (message !== undefined) show(message);
          return finalEnded;
        });
        return;
      }
      show?.(m);
    },
  };
  try {
    return await task(progress);
  } finally {
    endCancellable();
    endFinal?.();
  }
}
