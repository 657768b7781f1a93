// Where "Stream Integration Logs" starts: a few minutes back (so the refusal of a request just sent is
// there) or from now on. The setting `lwm2mShadows.logs.startMinutesAgo` is the default, offered first.
import * as vscode from 'vscode';
import type { Interaction, PickItem } from '../../operations/interaction';

/** The choices offered besides the setting's own, in minutes back (0: from now on). */
const OFFERED_MINUTES = [5, 15, 60, 0];
/** The longest look-back the setting allows (one day). */
export const MAX_START_MINUTES_AGO = 1440;

/** The setting, bounded to what it allows; 5 when it is not a number. */
export function defaultStartMinutesAgo(): number {
  const value = vscode.workspace.getConfiguration('lwm2mShadows').get<number>('logs.startMinutesAgo', 5);
  return typeof value === 'number' && Number.isFinite(value) ? Math.min(MAX_START_MINUTES_AGO, Math.max(0, Math.round(value))) : 5;
}

/** The label of a start: "Last 5 minutes", "Last hour", "From now on" (tests and the e2e journey pick by it). */
export function logStartLabel(minutes: number): string {
  if (minutes === 0) return vscode.l10n.t('From now on');
  if (minutes === 60) return vscode.l10n.t('Last hour');
  return vscode.l10n.t('Last {0} minutes', minutes);
}

interface StartItem extends PickItem {
  minutes: number;
}

/** Asks where to start; resolves to minutes back (0: from now on), or undefined when cancelled. */
export async function pickLogStart(ui: Interaction, defaultMinutes: number): Promise<number | undefined> {
  const minutes = [defaultMinutes, ...OFFERED_MINUTES.filter((m) => m !== defaultMinutes)];
  const items: StartItem[] = minutes.map((m, i) => ({
    label: logStartLabel(m),
    minutes: m,
    ...(i === 0 ? { description: vscode.l10n.t('default (setting lwm2mShadows.logs.startMinutesAgo)') } : {}),
  }));
  const picked = await ui.pick(items, {
    title: vscode.l10n.t('Stream integration logs from when?'),
    placeHolder: vscode.l10n.t('Events already written since then are shown first, then new ones as they arrive'),
    ignoreFocusOut: true,
  });
  return picked?.minutes;
}
