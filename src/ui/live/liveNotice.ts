// The one notice per connection when live updates are not possible: which permission AWS IoT refused
// (or that the WebSocket could not be opened), how to grant it, and that polling goes on meanwhile.
import * as vscode from 'vscode';
import type { LiveProblem } from '../../aws/types';
import type { Interaction } from '../../operations/interaction';
import { inertText } from '../format/inertText';

const README_SECTION = 'https://github.com/lwm2m-tools/lwm2m-shadows#live-shadow-updates';

export class LiveNotice {
  private readonly told = new Set<string>();

  constructor(private readonly ui: Interaction) {}

  show(connection: string, label: string, problem: LiveProblem): void {
    if (this.told.has(connection)) return;
    this.told.add(connection);
    const message = problem.kind === 'refused'
      ? vscode.l10n.t(
        'Live shadow updates are off for {0}: AWS IoT refused {1}. Shadows are polled instead. To get them live, allow iot:Connect, iot:Subscribe, iot:Receive and iot:Publish on the shadow topics ($aws/things/*/shadow/*) in the IAM policy of this profile.',
        label, problem.permission ?? 'iot:Connect')
      : vscode.l10n.t(
        'Live shadow updates are off for {0}: no MQTT over WebSocket connection to AWS IoT could be opened (a proxy or firewall may block WebSockets to port 443). Shadows are polled instead.',
        label);
    const learn = vscode.l10n.t('Learn More');
    void this.ui.notify('warning', inertText(message), learn).then((picked) => {
      if (picked === learn) void vscode.env.openExternal(vscode.Uri.parse(README_SECTION));
    });
  }
}
