// Bundles the extension and its lazily loaded layers. Usage: node esbuild.mjs [--production] [--watch]
import * as esbuild from 'esbuild';
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

// Each entry is its own bundle. The extension entry stays small: core, aws and sandbox are separate
// bundles that src/ui/layers.ts loads with require() on first use, so activation never parses the AWS SDK.
const entries = [
  { in: 'src/extension.ts', out: 'extension' },
  { in: 'src/core/index.ts', out: 'core' },
  { in: 'src/aws/index.ts', out: 'aws' },
  { in: 'src/sandbox/main.ts', out: 'sandbox' },
  { in: 'src/cli/main.ts', out: 'cli' },
  { in: 'src/runner/index.ts', out: 'runner' },
  // MQTT.js and ws, which the live channel loads on its first connection (src/aws/live/mqttOpen.ts): bundles of
  // their own, so that loading dist/aws.js for the first rows does not parse them (~1 MB of its 2.2 MB).
  ...['mqtt', 'ws'].map((name) => ({ in: createRequire(import.meta.url).resolve(name), out: name })),
  // The S3 client and presigner, which firmware uploads load on first use (src/aws/firmwareStore.ts).
  { in: 'src/aws/s3Library.ts', out: 's3' },
];

/**
 * mqttOpen.ts's imports of MQTT.js and ws load those bundles instead: each import becomes a one-line module,
 * `module.exports = require('./mqtt.js')` (a require beside the bundle, as the bundled package was required).
 */
const liveLibraries = {
  name: 'live-libraries',
  setup(build) {
    const importer = path.join('src', 'aws', 'live', 'mqttOpen.ts');
    build.onResolve({ filter: /^(mqtt|ws)$/ }, (args) =>
      args.importer.endsWith(importer) ? { path: args.path, namespace: 'live-library' } : undefined);
    build.onLoad({ filter: /.*/, namespace: 'live-library' }, (args) => ({ contents: `module.exports = require('./${args.path}.js');`, loader: 'js' }));
    build.onResolve({ filter: /^\.\/(mqtt|ws)\.js$/, namespace: 'live-library' }, (args) => ({ path: args.path, external: true }));
  },
};

/** firmwareStore.ts's import of ./s3Library loads dist/s3.js instead of bundling the S3 client into aws.js. */
const s3Library = {
  name: 's3-library',
  setup(build) {
    const importer = path.join('src', 'aws', 'firmwareStore.ts');
    build.onResolve({ filter: /^\.\/s3Library$/ }, (args) => (args.importer.endsWith(importer) ? { path: 's3', namespace: 's3-library' } : undefined));
    build.onLoad({ filter: /.*/, namespace: 's3-library' }, () => ({ contents: "module.exports = require('./s3.js');", loader: 'js' }));
    build.onResolve({ filter: /^\.\/s3\.js$/, namespace: 's3-library' }, (args) => ({ path: args.path, external: true }));
  },
};

/**
 * `import * as vscode from 'vscode'` in every module of a bundle reads one module of named exports instead of copying
 * the whole API object into a namespace of its own per module (esbuild's interop for an external CommonJS module: ~80
 * copies of ~200 properties each while dist/extension.js loads, most of its activation time). The names are the API's
 * values, read from the declarations of @types/vscode (the top level of `declare module 'vscode'`, one tab in;
 * interfaces and types have no value).
 */
const vscodeApi = {
  name: 'vscode-api',
  setup(build) {
    const declarations = readFileSync(createRequire(import.meta.url).resolve('@types/vscode/index.d.ts'), 'utf8');
    const names = [...new Set([...declarations.matchAll(/^\t(?:export )?(?:namespace|class|enum|const|let|function) (\w+)/gm)].map((m) => m[1]))];
    build.onResolve({ filter: /^vscode$/ }, (args) => (args.namespace === 'vscode-api' ? { path: 'vscode', external: true } : { path: 'vscode', namespace: 'vscode-api' }));
    build.onLoad({ filter: /.*/, namespace: 'vscode-api' }, () => ({
      contents: `const api = require('vscode');\nexport const { ${names.join(', ')} } = api;\n`, loader: 'js',
    }));
  },
};

// What every bundle shares.
const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  metafile: true,
  logLevel: 'warning',
  legalComments: 'linked',
};

const options = {
  ...common,
  entryPoints: entries,
  outdir: 'dist',
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
  // ESM entry points first: jsonc-parser's "main" is a UMD build whose dynamic require()s esbuild cannot follow.
  mainFields: ['module', 'main'],
  // Activation time is measured from the first line of the extension bundle (see src/extension.ts).
  banner: { js: 'var __lwm2mBundleStart = performance.now();' },
  plugins: [vscodeApi, liveLibraries, s3Library],
};

// The chart webview's script and styles (uPlot and the chart's own code): a browser bundle of its own,
// loaded by a chart panel's webview, never by the extension host.
const webviewOptions = {
  ...common,
  entryPoints: [{ in: 'src/webview/chart/main.ts', out: 'chartView' }],
  outdir: 'dist/webview',
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
};

function printSizes(metafile) {
  const rows = Object.entries(metafile.outputs)
    .filter(([file]) => file.endsWith('.js') || file.endsWith('.css'))
    .map(([file, info]) => [file, (info.bytes / 1024).toFixed(1) + ' KiB']);
  for (const [file, size] of rows) console.log(`${file.padEnd(24)} ${size.padStart(12)}`);
  return rows;
}

if (watch) {
  const sizes = { name: 'sizes', setup(b) { b.onEnd((r) => { if (r.metafile) printSizes(r.metafile); }); } };
  for (const o of [options, webviewOptions]) await (await esbuild.context({ ...o, plugins: [...(o.plugins ?? []), sizes] })).watch();
  console.log('watching for changes…');
} else {
  const [result, webview] = await Promise.all([esbuild.build(options), esbuild.build(webviewOptions)]);
  printSizes(result.metafile);
  printSizes(webview.metafile);
  statSync('dist/extension.js');
}
