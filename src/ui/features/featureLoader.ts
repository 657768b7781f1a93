// Requires a feature's bundle, dist/feature-<name>.js (built by esbuild.mjs from src/ui/features/<name>Feature.ts),
// the first time it is needed. The bundles sit next to dist/extension.js; what they share with it (the fleet's nodes,
// the services' classes, layers.ts) they read from extension.js itself, so loading one adds only its own code.
import * as path from 'node:path';
import type * as ChartsFeature from './chartsFeature';
import type * as CommandsFeature from './commandsFeature';
import type * as FirmwareFeature from './firmwareFeature';
import type * as LogsFeature from './logsFeature';
import type * as OperationsFeature from './operationsFeature';
import type * as TestingFeature from './testingFeature';
import type * as TestModeFeature from './testModeFeature';
import type { FeatureName } from './featureCommands';

export interface FeatureModules {
  charts: typeof ChartsFeature;
  commands: typeof CommandsFeature;
  firmware: typeof FirmwareFeature;
  logs: typeof LogsFeature;
  operations: typeof OperationsFeature;
  testing: typeof TestingFeature;
}

const loaded: Partial<FeatureModules> = {};

export function requireFeature<K extends FeatureName>(name: K): FeatureModules[K] {
  // A computed path keeps esbuild from inlining the bundle into extension.js.
  return (loaded[name] ??= require(path.join(__dirname, `feature-${name}.js`)) as FeatureModules[K]);
}

/** Which features are loaded: tests assert that activation loads none. */
export function loadedFeatures(): FeatureName[] {
  return (Object.keys(loaded) as FeatureName[]).sort();
}

/** The test mode's bundle (ExtensionMode.Test only: the test API and its switches); not counted as a feature. */
export function requireTestMode(): typeof TestModeFeature {
  return require(path.join(__dirname, 'feature-testMode.js')) as typeof TestModeFeature;
}
