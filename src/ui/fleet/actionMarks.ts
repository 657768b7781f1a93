// The marks tree actions leave on Fleet rows (RowMarks: progress and answers; ObservationMarks: the observations
// the extension started, kept across reloads) and the decorator that puts them and each row's actions
// (`can-<kind>`, for the menus' `when` clauses) onto the rows. Built at activation: rows offer their actions and
// show their observations before any tree action ran (the operations feature, which sets the marks, loads on
// its first command or the first operation document).
import type * as vscode from 'vscode';
import type { ConnectionManager } from '../connection/connectionManager';
import { CLASSIC_SHADOW, DATAMODEL_SHADOW } from '../format/shadowNames';
import { ObservationMarks } from '../operations/observationMarks';
import type { ShadowStore } from '../shadows/shadowStore';
import type { FleetContext } from './fleetContext';
import type { FleetTreeProvider } from './fleetTreeProvider';
import { RowDecorator } from './rowDecorations';
import { RowMarks, type ThingKey } from './rowMarks';

export interface ActionMarks {
  marks: RowMarks;
  observations: ObservationMarks;
}

export function registerActionMarks(
  s: { connections: ConnectionManager; fleet: FleetTreeProvider; fleetContext: FleetContext; store: ShadowStore }, memento: vscode.Memento,
): ActionMarks & { disposables: vscode.Disposable[] } {
  const marks = new RowMarks();
  const observations = new ObservationMarks(memento);
  s.fleetContext.rows = new RowDecorator(marks, observations);
  const redraw = (t: ThingKey) => {
    if (s.connections.current?.spec.id !== t.connection) return;
    const node = s.fleet.findThing(t.thing);
    if (!node) return;
    s.fleetContext.refreshNode(node);
    const dm = node.shadow(DATAMODEL_SHADOW);
    if (dm) s.fleetContext.refreshNode(dm);
  };
  return { marks, observations, disposables: [
    marks,
    observations,
    { dispose: () => { s.fleetContext.rows = undefined; } },
    marks.onDidChange(redraw),
    observations.onDidChange(redraw),
    // A device that is offline (deregistered) has no observations any more: the classic shadow says so.
    s.store.onDidChange((ref) => {
      if (ref.shadowName !== CLASSIC_SHADOW) return;
      const t = { connection: ref.connection, thing: ref.thingName };
      if (!observations.list(t).length) return;
      const doc = s.store.peek(ref);
      if (doc && s.fleetContext.core().readConnectivity(doc.state.reported ?? {}).state === 'offline') observations.remove(t, ['all']);
    }),
  ] };
}
