// The chart webview's page: a static skeleton, the bundled script and styles from dist/webview, and a
// strict Content-Security-Policy (nothing by default; styles and images from the extension only; one
// script, by nonce). No text goes into the markup: the script fills everything in with textContent.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

/** The folder the chart webview may load from (its localResourceRoots). */
export function chartAssetsRoot(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
}

export function chartHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const nonce = randomBytes(18).toString('base64url');
  const root = chartAssetsRoot(extensionUri);
  const script = webview.asWebviewUri(vscode.Uri.joinPath(root, 'chartView.js'));
  const styles = webview.asWebviewUri(vscode.Uri.joinPath(root, 'chartView.css'));
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource}`,
    `img-src ${webview.cspSource} data:`,
    `font-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="${vscode.env.language.replace(/[^A-Za-z0-9-]/g, '')}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${styles.toString()}">
</head>
<body>
<div id="toolbar" role="toolbar"></div>
<div id="chart"></div>
<table id="legend"></table>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}
