// Bundles the extension and its lazily loaded layers. Usage: node esbuild.mjs [--production] [--watch]
import * as esbuild from 'esbuild';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
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
 * copies of ~200 properties each while dist/extension.js loads). The names are the API's values, read from the
 * declarations of @types/vscode (at the top level of `declare module 'vscode'`; interfaces and types have no value),
 * that src/ uses (`vscode.<name>`): a name no module reads would be bytes in every bundle for nothing.
 */
const vscodeApi = {
  name: 'vscode-api',
  setup(build) {
    const declarations = readFileSync(createRequire(import.meta.url).resolve('@types/vscode/index.d.ts'), 'utf8');
    const api = new Set([...declarations.matchAll(/^\t(?:export )?(?:namespace|class|enum|const|let|function) (\w+)/gm)].map((m) => m[1]));
    const used = new Set();
    for (const f of readdirSync('src', { recursive: true })) {
      if (!f.endsWith('.ts')) continue;
      for (const m of readFileSync(path.join('src', f), 'utf8').matchAll(/\bvscode\.([A-Za-z_]\w*)/g)) if (api.has(m[1])) used.add(m[1]);
    }
    const names = [...used].sort();
    build.onResolve({ filter: /^vscode$/ }, (args) => (args.namespace === 'vscode-api' ? { path: 'vscode', external: true } : { path: 'vscode', namespace: 'vscode-api' }));
    build.onLoad({ filter: /.*/, namespace: 'vscode-api' }, () => ({
      contents: `const api = require('vscode');\nexport const { ${names.join(', ')} } = api;\n`, loader: 'js',
    }));
  },
};

/**
 * Feature bundles: the code behind a feature's commands (charts, logs, device checks, operations…), which
 * src/ui/features/featureLoader.ts requires as dist/feature-<name>.js on first use; activation registers the commands
 * with stubs. `testMode` is the test API and its switches, loaded only while the extension's tests run.
 * A module that dist/extension.js holds as well (the fleet's node classes, the services, the layers' loader) is not
 * copied into a feature: its import reads extension.js's own module, which extension.js exports for the purpose
 * (`__hostModules`, see hostModules below), so there is one class for `instanceof` and one state.
 */
const features = ['charts', 'logs', 'testing', 'firmware', 'operations', 'commands', 'testMode'];
const featureEntry = (name) => `src/ui/features/${name}Feature.ts`;

const toPosix = (file) => file.split(path.sep).join('/');
/** A host module's key in `__hostModules`: short (every key is bytes of extension.js), the same in both builds. */
const hostKey = (file) => createHash('sha1').update(file).digest('hex').slice(0, 6);

/** In a feature bundle: imports of the files extension.js holds (`host`, repository-relative) read them from it. */
function hostImports(host, used) {
  return {
    name: 'host-imports',
    setup(build) {
      build.onResolve({ filter: /^\./ }, async (args) => {
        if (args.pluginData === 'host-imports' || args.namespace !== 'file') return undefined;
        const r = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: 'host-imports' });
        if (r.errors.length) return { errors: r.errors };
        const file = toPosix(path.relative(process.cwd(), r.path));
        if (!host.has(file)) return r;
        used.add(file);
        return { path: file, namespace: 'host-module' };
      });
      build.onLoad({ filter: /.*/, namespace: 'host-module' }, (args) => ({
        contents: `module.exports = require('./extension.js').__hostModules[${JSON.stringify(hostKey(args.path))}]; // ${args.path}`, loader: 'js',
      }));
      build.onResolve({ filter: /^\.\/extension\.js$/, namespace: 'host-module' }, (args) => ({ path: args.path, external: true }));
    },
  };
}

/** In extension.js: exports the modules the feature bundles read from it (`used`), by repository-relative path. */
function hostModules(used) {
  return {
    name: 'host-modules',
    setup(build) {
      build.onLoad({ filter: /[\\/]src[\\/]extension\.ts$/ }, (args) => {
        const files = [...used].sort();
        const imports = files.map((f, i) => `import * as __host${i} from ${JSON.stringify(path.posix.relative('src', f).replace(/^(?!\.)/, './').replace(/\.ts$/, ''))};`);
        if (new Set(files.map(hostKey)).size !== files.length) throw new Error('two host modules have the same key: make hostKey longer');
        const exported = `export const __hostModules = { ${files.map((f, i) => `${JSON.stringify(hostKey(f))}: __host${i}`).join(', ')} };`;
        return { contents: `${readFileSync(args.path, 'utf8')}\n${imports.join('\n')}\n${exported}\n`, loader: 'ts' };
      });
    },
  };
}

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

/** What every Node bundle for the extension host shares (the entry bundle and the feature bundles). */
const nodeBundle = {
  ...common,
  outdir: 'dist',
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
  // ESM entry points first: jsonc-parser's "main" is a UMD build whose dynamic require()s esbuild cannot follow.
  mainFields: ['module', 'main'],
};

const options = {
  ...nodeBundle,
  entryPoints: entries,
  // Activation time is measured from the first line of the extension bundle (see src/extension.ts).
  banner: { js: 'var __lwm2mBundleStart = performance.now();' },
  plugins: [vscodeApi, liveLibraries, s3Library],
};

/** The feature bundles, built against the set of files extension.js holds (see `features`). */
const featureOptions = (host, used) => ({
  ...nodeBundle,
  entryPoints: features.map((name) => ({ in: featureEntry(name), out: `feature-${name}` })),
  plugins: [vscodeApi, hostImports(host, used)],
});

/**
 * Builds every bundle: first which files extension.js holds (without writing it), then the features against that set,
 * then extension.js and the layers, extension.js exporting the modules the features read from it. Fails when
 * extension.js holds a feature's entry (its code would load at activation again).
 */
async function buildAll() {
  const probe = await esbuild.build({ ...options, entryPoints: [entries[0]], plugins: [vscodeApi], write: false });
  const host = new Set(Object.keys(probe.metafile.inputs).filter((f) => f.startsWith('src/')));
  const inHost = features.map(featureEntry).filter((f) => host.has(f));
  if (inHost.length) throw new Error(`dist/extension.js imports feature code (${inHost.join(', ')}): import only types from a feature, load it through src/ui/features/featureLoader.ts`);
  const used = new Set();
  const featureResult = await esbuild.build(featureOptions(host, used));
  const [result, webview] = await Promise.all([
    esbuild.build({ ...options, plugins: [...options.plugins, hostModules(used)] }),
    esbuild.build(webviewOptions),
  ]);
  return [result, featureResult, webview];
}

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
  // The three steps of buildAll depend on each other: a change anywhere under src/ runs them all again.
  const { watch: watchFiles } = await import('node:fs');
  let timer;
  const rebuild = () => buildAll().then((results) => results.forEach((r) => printSizes(r.metafile)), (e) => console.error(e.message));
  await rebuild();
  watchFiles('src', { recursive: true }, () => {
    clearTimeout(timer);
    timer = setTimeout(rebuild, 100);
  });
  console.log('watching for changes…');
} else {
  for (const r of await buildAll()) printSizes(r.metafile);
  statSync('dist/extension.js');
}
