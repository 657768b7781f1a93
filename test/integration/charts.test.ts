// Charts in a real VS Code: Plot on the sandbox tracker's temperature opens a chart whose webview draws
// the points as the device notifies them (times from the shadow's metadata), Add to Plot puts the battery
// level beside it on its own axis, Export CSV writes exactly what the chart shows, and closing the chart
// releases its data. A sandbox of its own runs at 1/20 of real time so notifications come every ~0.5 s.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { createSession } from '../../src/aws/index';
import type { ExtensionApi } from '../../src/extension';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index';
import type { Charts } from '../../src/ui/charts/registerCharts';
import { child, extensionApi, replaceInteraction, setSetting, waitFor, type Row } from './fleetHelpers';

const TIME_SCALE = 0.05;
const CONNECTION = 'charts-fast';

suite('Charts', function () {
  this.timeout(60_000);
  let api: ExtensionApi;
  let sandbox: RunningSandbox;
  let thingName: string;
  let dir: string;

  const charts = (): Charts => {
    const c = api.charts();
    assert.ok(c, 'the charts module is not registered');
    return c;
  };

  /** The Datamodel row's descendants by labels, e.g. ['Temperature', 'Instance 0', 'Sensor Value']. */
  async function datamodelRow(...labels: string[]): Promise<Row> {
    const type = await child(api, undefined, 'tracker_v2');
    const thing = await child(api, type.node, thingName);
    let row = await child(api, thing.node, 'Datamodel');
    for (const label of labels) row = await child(api, row.node, label);
    return row;
  }

  /** The newest metadata timestamp of Temperature.0.Sensor Value the device sent, from the shadow itself. */
  async function sensorValueTimestamp(): Promise<number> {
    const doc = await api.connection.session()!.shadows.get(thingName, 'datamodel');
    const meta = doc.metadata as { reported: Record<string, Record<string, Record<string, { timestamp: number }>>> };
    return meta.reported.Temperature['0']['Sensor Value'].timestamp;
  }

  suiteSetup(async () => {
    api = await extensionApi();
    sandbox = await startSandbox({ things: 6, seed: 1, timeScale: TIME_SCALE });
    const tracker = sandbox.fleet.find((t) => t.thingTypeName === 'acme:tracker_v2' && t.autoNotify && t.connectivity === 'online');
    assert.ok(tracker, JSON.stringify(sandbox.fleet));
    thingName = tracker.thingName;
    await api.connection.useSession(createSession({
      kind: 'custom', id: CONNECTION, label: 'charts sandbox', region: sandbox.region, endpoint: sandbox.url, credentials: sandbox.credentials, maxAttempts: 1,
    }));
    await setSetting('datamodel.refreshIntervalSeconds', 0.5);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lwm2m-charts-'));
    // The Fleet view hidden: only the chart keeps the datamodel refreshed.
    await vscode.commands.executeCommand('workbench.view.explorer');
  });

  suiteTeardown(async () => {
    replaceInteraction(api, { saveTarget: undefined });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await setSetting('datamodel.refreshIntervalSeconds', undefined);
    await api.connection.connectSandbox();
    await sandbox.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('numeric resources offer Plot, text ones do not', async () => {
    const plottable = /\.plot(\.| |$)/; // tree actions' tokens follow after a space
    assert.match(String((await datamodelRow('Temperature', 'Instance 0', 'Sensor Value')).item.contextValue), plottable);
    assert.match(String((await datamodelRow('Device', 'Instance 0', 'Battery Level')).item.contextValue), plottable);
    assert.match(String((await datamodelRow('Device', 'Instance 0', 'Power Source Voltage')).item.contextValue), plottable); // multi-instance
    assert.doesNotMatch(String((await datamodelRow('Device', 'Instance 0', 'Manufacturer')).item.contextValue), plottable);
    assert.doesNotMatch(String((await datamodelRow('Device', 'Instance 0', 'Reboot')).item.contextValue), plottable);
  });

  test('Plot opens a chart of the temperature; points arrive as the device notifies, at their metadata times', async () => {
    const row = await datamodelRow('Temperature', 'Instance 0', 'Sensor Value');
    await vscode.commands.executeCommand('lwm2mShadows.plotResource', row.node);
    const [chart] = charts().list();
    assert.ok(chart, 'no chart opened');
    assert.equal(chart.title, `Sensor Value — ${thingName}`);
    assert.deepEqual(chart.series.map((s) => [s.thingName, s.key, s.unit]), [[thingName, 'Temperature.0.Sensor Value', '°C']]);
    // The webview draws (its script ran under the Content-Security-Policy) and keeps drawing new points.
    const first = await waitFor('the chart to draw a point', () => {
      const r = charts().list()[0].rendered;
      return r && Object.values(r.counts)[0] > 0 ? r : undefined;
    }, 20_000);
    const drawnAtFirst = Object.values(first.counts)[0];
    const later = await waitFor('three more points drawn', () => {
      const c = charts().list()[0];
      const drawn = c.rendered ? Object.values(c.rendered.counts)[0] : 0;
      return drawn >= drawnAtFirst + 3 ? c : undefined;
    }, 30_000);
    const series = later.series[0];
    assert.ok(series.points >= drawnAtFirst + 3, JSON.stringify(later));
    // Times are the device's (metadata), not when the extension fetched the shadow.
    const panel = charts().panels()[0];
    const times = panel.points()[0].t;
    assert.ok(times.every((t) => Number.isInteger(t)), `metadata timestamps are whole seconds: ${times.join(',')}`);
    // The page: a strict Content-Security-Policy, one script by nonce, resources from the extension's dist/webview only.
    const html = panel.panel.webview.html;
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
    assert.match(csp, /^default-src 'none'; /);
    const nonce = /script-src 'nonce-([A-Za-z0-9_-]{16,})'/.exec(csp)?.[1];
    assert.ok(nonce, csp);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    const scripts = html.match(/<script[^>]*>[^<]*<\/script>/g) ?? [];
    assert.equal(scripts.length, 1);
    assert.match(scripts[0], new RegExp(`^<script nonce="${nonce}" src="[^"]+chartView\\.js"></script>$`));
    const roots = panel.panel.webview.options.localResourceRoots ?? [];
    assert.deepEqual(roots.map((r) => r.path.replace(/.*\/(dist\/webview)$/, '$1')), ['dist/webview']);
    const newest = await sensorValueTimestamp();
    await waitFor('the newest notified time in the chart', () => panel.points()[0].t.includes(newest) || undefined, 5_000);
  });

  test('Add to Plot puts the battery level on the same chart, on an axis of its own units', async () => {
    const row = await datamodelRow('Device', 'Instance 0', 'Battery Level');
    await vscode.commands.executeCommand('lwm2mShadows.addToPlot', row.node);
    assert.equal(charts().list().length, 1);
    const chart = await waitFor('the battery series', () => {
      const c = charts().list()[0];
      return c.series.length === 2 && c.rendered && Object.keys(c.rendered.counts).length === 2 ? c : undefined;
    });
    assert.equal(chart.title, `Sensor Value, Battery Level — ${thingName}`);
    assert.deepEqual(chart.series.map((s) => [s.key, s.unit]), [['Temperature.0.Sensor Value', '°C'], ['Device.0.Battery Level', '%']]);
    // Seeded from the datamodel this window already saw: the battery's value is there at once.
    assert.ok(chart.series[1].points >= 1);
    // Adding it again changes nothing.
    await vscode.commands.executeCommand('lwm2mShadows.addToPlot', row.node);
    assert.equal(charts().list()[0].series.length, 2);
  });

  test('Export CSV writes exactly the points the chart shows', async () => {
    const file = path.join(dir, 'chart.csv');
    let offered: vscode.Uri | undefined;
    // The person picks the file in the save dialog.
    replaceInteraction(api, { saveTarget: async ({ defaultUri }) => {
      offered = defaultUri === undefined ? undefined : vscode.Uri.parse(defaultUri);
      return vscode.Uri.file(file).toString();
    } });
    const written = await vscode.commands.executeCommand<vscode.Uri | undefined>('lwm2mShadows.exportChartCsv');
    assert.equal(written?.fsPath, file);
    assert.match(offered?.path ?? '', /lwm2m-chart-urn_imei_\d+-\d{8}-\d{6}\.csv$/);
    const chart = charts().list()[0];
    const exported = chart.lastExport;
    assert.ok(exported?.shown, 'the export did not record what was shown');
    const lines = fs.readFileSync(file, 'utf8').split('\r\n');
    assert.equal(lines[0], 'time,epoch_seconds,thing,resource,value,unit');
    assert.equal(lines.at(-1), '');
    const rowsOut = lines.slice(1, -1).map((l) => l.split(','));
    assert.equal(rowsOut.length, exported.points);
    // Per series: the rows are the chart's points inside the window it showed, in time order.
    for (const s of charts().panels()[0].points()) {
      const expected: string[] = s.t.map((t, i) => [t, s.v[i]] as const).filter(([t]) => t >= exported.shown!.from && t <= exported.shown!.to).map(([t, v]) => `${t},${v}`);
      const got = rowsOut.filter((r) => r[3] === s.info.key).map((r) => `${r[1]},${r[4]}`);
      assert.deepEqual(got, expected, s.info.key);
      assert.equal(got.length, exported.shown.counts[s.info.id], `${s.info.key}: the chart drew ${exported.shown.counts[s.info.id]} points`);
      for (const r of rowsOut.filter((x) => x[3] === s.info.key)) {
        assert.equal(r[0], new Date(Number(r[1]) * 1000).toISOString());
        assert.equal(r[2], thingName);
      }
    }
    assert.ok(rowsOut.some((r) => r[3] === 'Temperature.0.Sensor Value' && r[5] === '°C'));
    assert.ok(rowsOut.some((r) => r[3] === 'Device.0.Battery Level' && r[5] === '%'));
  });

  test('a chart hidden behind another editor keeps recording and draws everything again when shown', async () => {
    const panel = charts().panels()[0];
    const loads = panel.info().loads;
    const held = () => panel.info().series[0].points;
    const notes = path.join(dir, 'notes.txt');
    fs.writeFileSync(notes, 'notes\n');
    const doc = await vscode.workspace.openTextDocument(notes);
    await vscode.window.showTextDocument(doc, { viewColumn: panel.panel.viewColumn, preview: false });
    await waitFor('the chart to be hidden', () => !panel.panel.visible || undefined);
    const whileHidden = held();
    await waitFor('a point recorded while hidden', () => held() > whileHidden || undefined, 10_000);
    panel.panel.reveal();
    const shown = await waitFor('the reloaded webview to draw', () => {
      const info = panel.info();
      return info.loads > loads && info.rendered && Object.values(info.rendered.counts).length === info.series.length ? info : undefined;
    });
    // Drawn: the points in the window it drew (a notification can land between that drawing and this check).
    for (const s of charts().panels()[0].points()) {
      const inWindow = s.t.filter((t) => t >= shown.rendered!.from && t <= shown.rendered!.to).length;
      assert.ok(Math.abs(shown.rendered!.counts[s.info.id] - inWindow) <= 1, `${s.info.key}: drew ${shown.rendered!.counts[s.info.id]} of ${inWindow}`);
    }
    assert.ok(shown.rendered!.counts[shown.series[0].id] >= whileHidden);
  });

  test('Add to Plot takes a resource of another thing onto the same chart', async () => {
    const other = sandbox.fleet.find((t) => t.thingTypeName === 'nordic:thingy91' && t.connectivity === 'online');
    assert.ok(other, JSON.stringify(sandbox.fleet));
    const type = await child(api, undefined, 'thingy91');
    const thing = await child(api, type.node, other.thingName);
    let row = await child(api, thing.node, 'Datamodel');
    for (const label of ['Temperature', 'Instance 0', 'Sensor Value']) row = await child(api, row.node, label);
    await vscode.commands.executeCommand('lwm2mShadows.addToPlot', row.node);
    const chart = await waitFor('the other thing\'s series drawn', () => {
      const c = charts().list()[0];
      return c.rendered && Object.keys(c.rendered.counts).length === 3 ? c : undefined;
    });
    assert.equal(chart.title, 'Sensor Value, Battery Level — 2 things');
    assert.deepEqual(chart.series.map((s) => [s.thingName, s.key, s.unit]), [
      [thingName, 'Temperature.0.Sensor Value', '°C'],
      [thingName, 'Device.0.Battery Level', '%'],
      [other.thingName, 'Temperature.0.Sensor Value', '°C'],
    ]);
    assert.ok(api.watcher.visibleRefs().some((r) => r.thingName === other.thingName), 'the chart keeps the other datamodel refreshed too');
  });

  test('closing the chart releases its data and stops refreshing the datamodel for it', async () => {
    const panel = charts().panels()[0];
    const watched = () => api.watcher.visibleRefs().some((r) => r.thingName === thingName);
    assert.equal(api.treeView.visible, false);
    assert.ok(watched(), 'the open chart keeps its datamodel refreshed');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await waitFor('the chart to close', () => charts().list().length === 0 || undefined);
    assert.deepEqual(panel.info().series, []);
    assert.deepEqual(api.watcher.visibleRefs(), [], 'no datamodel is refreshed for a closed chart');
  });

  test('a multi-instance resource is one series per instance', async () => {
    const row = await datamodelRow('Device', 'Instance 0', 'Power Source Voltage');
    await vscode.commands.executeCommand('lwm2mShadows.plotResource', row.node);
    const chart = await waitFor('both instances drawn', () => {
      const c = charts().list()[0];
      return c?.rendered && Object.keys(c.rendered.counts).length === 2 ? c : undefined;
    });
    assert.equal(chart.title, `Power Source Voltage — ${thingName}`);
    assert.deepEqual(chart.series.map((s) => [s.key, s.unit]), [['Device.0.Power Source Voltage.0', 'mV'], ['Device.0.Power Source Voltage.1', 'mV']]);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await waitFor('the chart to close', () => charts().list().length === 0 || undefined);
  });

  test('a chart starts with the values this window has already seen of that datamodel', async () => {
    // An open datamodel document is refreshed while visible: every version it sees is remembered.
    const ref = { connection: CONNECTION, thingName, shadowName: 'datamodel' };
    const seen = new Set<number>();
    const listener = api.store.onDidChange((r) => {
      if (r.thingName !== thingName || r.shadowName !== 'datamodel') return;
      const meta = api.store.peek(ref)?.metadata as { reported?: { Temperature?: Record<string, Record<string, { timestamp?: number }>> } } | undefined;
      const t = meta?.reported?.Temperature?.['0']?.['Sensor Value']?.timestamp;
      if (t !== undefined) seen.add(t);
    });
    try {
      const uri = vscode.Uri.from({ scheme: 'lwm2m-shadow', path: `/${CONNECTION}/${thingName}/datamodel.json` });
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      await waitFor('three notified temperatures seen by the document', () => seen.size >= 3 || undefined, 20_000);
    } finally {
      listener.dispose();
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const row = await datamodelRow('Temperature', 'Instance 0', 'Sensor Value');
    await vscode.commands.executeCommand('lwm2mShadows.plotResource', row.node);
    const times = charts().panels()[0].points()[0].t;
    for (const t of seen) assert.ok(times.includes(t), `${t} seen before the chart opened is not in it: ${times.join(',')}`);
  });
});
