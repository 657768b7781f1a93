// "Plot" and "Add to Plot" on numeric resource rows of the Fleet tree, "Export Chart as CSV", and the open
// charts: the charts feature (dist/feature-charts.js), loaded on its first command. Activation only registers the
// commands' stubs and starts remembering the datamodel versions the window sees (DatamodelHistory, handed in);
// core's series model and the webview's script load when a chart first opens.
import * as vscode from 'vscode';
import { DatamodelInstanceNode, DatamodelObjectNode, ResourceNode } from '../fleet/nodes/datamodelNodes';
import { ShadowNode } from '../fleet/nodes/shadowNode';
import { inertText } from '../format/inertText';
import { displayUnits } from '../format/resourceValueText';
import { loadCore } from '../layers';
import type { UiServices } from '../services';
import { ChartPanel, showExportFailure, type ChartDeps, type ChartInfo, type ChartRequest } from './chartPanel';
import type { DatamodelHistory } from './datamodelHistory';

/** The open charts of this window (the extension's test API reads them). */
export interface Charts {
  list(): ChartInfo[];
  panels(): readonly ChartPanel[];
}

/** What a Plot command on a Fleet row plots: the resource (all its instances when it has several). */
export function chartRequestOf(node: unknown): ChartRequest | undefined {
  if (!(node instanceof ResourceNode)) return undefined;
  const instance = node.parent;
  const object = instance instanceof DatamodelInstanceNode ? instance.parent : undefined;
  const shadow = object instanceof DatamodelObjectNode ? object.parent : undefined;
  if (!object || !(shadow instanceof ShadowNode)) return undefined;
  return {
    ref: shadow.ref,
    address: { object: object.object.name, instance: instance.instance.id, resource: node.resource.name },
    unit: displayUnits(node.def?.units),
  };
}

export function registerCharts(s: UiServices, context: vscode.ExtensionContext, history: DatamodelHistory): { charts: Charts; disposables: vscode.Disposable[] } {
  const open: ChartPanel[] = [];
  let lastActive: ChartPanel | undefined;

  const deps: ChartDeps = {
    store: s.store,
    watcher: s.watcher,
    history,
    core: loadCore,
    extensionUri: context.extensionUri,
    log: s.log,
    saveTarget: async (defaultUri) => {
      const picked = await s.interaction.saveTarget({ defaultUri: defaultUri.toString(), filters: { [vscode.l10n.t('CSV files')]: ['csv'] }, saveLabel: vscode.l10n.t('Export'), title: vscode.l10n.t('Export Chart as CSV') });
      return picked === undefined ? undefined : vscode.Uri.parse(picked);
    },
  };

  const setOpenContext = () => void vscode.commands.executeCommand('setContext', 'lwm2mShadows.chartOpen', open.length > 0);

  const track = (chart: ChartPanel) => {
    open.push(chart);
    lastActive = chart;
    chart.panel.onDidChangeViewState((e) => {
      if (e.webviewPanel.active) lastActive = chart;
    });
    chart.onDidClose(() => {
      open.splice(open.indexOf(chart), 1);
      if (lastActive === chart) lastActive = open[open.length - 1];
      setOpenContext();
    });
    setOpenContext();
  };

  const plot = (node?: unknown) => {
    const request = chartRequestOf(node);
    if (!request) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Right-click a numeric resource in the Fleet view and choose Plot.'));
      return;
    }
    const existing = open.find((c) => c.plotsExactly([request]));
    if (existing) {
      existing.panel.reveal();
      return;
    }
    const chart = ChartPanel.create(deps, vscode.ViewColumn.Active);
    track(chart);
    chart.add([request]);
  };

  const addToPlot = async (node?: unknown) => {
    const request = chartRequestOf(node);
    if (!request) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Right-click a numeric resource in the Fleet view and choose Add to Plot.'));
      return;
    }
    if (open.length === 0) return plot(node);
    let chart: ChartPanel | undefined = open.length === 1 ? open[0] : undefined;
    if (!chart) {
      const ordered = lastActive ? [lastActive, ...open.filter((c) => c !== lastActive)] : [...open];
      const picked = await s.interaction.pick(
        ordered.map((c) => ({ label: inertText(c.panel.title), chart: c })),
        { title: vscode.l10n.t('Add to which chart?'), placeHolder: vscode.l10n.t('Charts open in this window') },
      );
      chart = picked?.chart;
    }
    if (!chart) return;
    if (chart.add([request]) === 0) void vscode.window.showInformationMessage(inertText(vscode.l10n.t('The chart already plots {0}.', request.address.resource)));
    chart.panel.reveal(undefined, true);
  };

  const exportCsv = async () => {
    const chart = open.find((c) => c.panel.active) ?? lastActive;
    if (!chart) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Open a chart first: right-click a numeric resource in the Fleet view and choose Plot.'));
      return undefined;
    }
    try {
      return await chart.exportCsv();
    } catch (e) {
      showExportFailure(e);
      return undefined;
    }
  };

  const charts: Charts = {
    list: () => open.map((c) => c.info()),
    panels: () => open,
  };

  return { charts, disposables: [
    vscode.commands.registerCommand('lwm2mShadows.plotResource', plot),
    vscode.commands.registerCommand('lwm2mShadows.addToPlot', addToPlot),
    vscode.commands.registerCommand('lwm2mShadows.exportChartCsv', exportCsv),
    { dispose: () => {
      for (const c of [...open]) c.dispose();
    } },
  ] };
}
