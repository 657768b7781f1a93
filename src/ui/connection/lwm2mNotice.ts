// What the user hears about the embedded sandbox's LwM2M server when the sandbox starts: said once per start,
// in the extension's log and, where something needs doing, as a warning with the way out. A busy port leaves
// the rest of the sandbox working.
import * as vscode from 'vscode';
import { LWM2M_DEFAULT_HOST, type Lwm2mListen, type Lwm2mListenNote } from './lwm2mListen';

const SETTINGS_QUERY = 'lwm2mShadows.sandbox.lwm2m';

export function reportLwm2mStart(listen: Lwm2mListen, started: { lwm2mUri?: string; lwm2mError?: string }, log: vscode.LogOutputChannel): void {
  for (const note of listen.notes) {
    const text = noteText(note);
    log.warn(text);
    void warn(text);
  }
  if (started.lwm2mUri) {
    log.info(`LwM2M server for your own devices on ${started.lwm2mUri} (CoAP over UDP, NoSec)`);
  } else if (listen.options && started.lwm2mError) {
    log.warn(`LwM2M server off: ${started.lwm2mError}`);
    void warn(vscode.l10n.t(
      'The sandbox\'s LwM2M server is off: UDP port {0} on {1} is in use (another LwM2M server, or another VS Code window\'s sandbox?). Everything else works. To connect your own device, set "lwm2mShadows.sandbox.lwm2m.port" to a free port (0 picks one) and reload the window.',
      listen.options.port, listen.options.host));
  }
}

function noteText(note: Lwm2mListenNote): string {
  switch (note.kind) {
    case 'beyond-loopback':
      return vscode.l10n.t('The sandbox\'s LwM2M server listens on {0}, beyond this machine, with NoSec: it authenticates no one, so any device (or anyone) that reaches the port can register and be sent requests. Set "lwm2mShadows.sandbox.lwm2m.host" to 127.0.0.1 to keep it to this machine.', note.host);
    case 'untrusted-beyond-loopback':
      return vscode.l10n.t('The sandbox\'s LwM2M server listens on {0} only: this workspace is not trusted, and listening on {1} (beyond this machine, NoSec) is a choice it cannot make. Trust the workspace to use the setting.', LWM2M_DEFAULT_HOST, note.host);
    case 'bad-port':
      return vscode.l10n.t('"lwm2mShadows.sandbox.lwm2m.port" is {0}, not a UDP port (0–65535): the sandbox\'s LwM2M server uses 5683.', note.value);
    case 'bad-host':
      return vscode.l10n.t('"lwm2mShadows.sandbox.lwm2m.host" is {0}, not a host name or address: the sandbox\'s LwM2M server listens on {1}.', note.value, LWM2M_DEFAULT_HOST);
  }
}

async function warn(text: string): Promise<void> {
  const open = vscode.l10n.t('Open Settings');
  if (await vscode.window.showWarningMessage(text, open) === open) {
    await vscode.commands.executeCommand('workbench.action.openSettings', SETTINGS_QUERY);
  }
}
