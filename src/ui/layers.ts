// Loads the heavy layers (core with ajv and the registry, aws with the AWS SDK, the sandbox) on first
// use. They are separate bundles next to dist/extension.js, so activation parses none of them.
import * as path from 'node:path';
import type * as CoreModule from '../core/index';
import type * as AwsModule from '../aws/index';
import type * as SandboxModule from '../sandbox/index';
import type * as RunnerModule from '../runner/index';

export type Core = typeof CoreModule;
export type Aws = typeof AwsModule;
export type Sandbox = typeof SandboxModule;
export type Runner = typeof RunnerModule;

let core: Core | undefined;
let aws: Aws | undefined;
let sandbox: Sandbox | undefined;
let runner: Runner | undefined;

function load<T>(bundle: string): T {
  // A computed path keeps esbuild from inlining the bundle into extension.js.
  return require(path.join(__dirname, bundle)) as T;
}

export function loadCore(): Core {
  return (core ??= load<Core>('core.js'));
}

export function loadAws(): Aws {
  return (aws ??= load<Aws>('aws.js'));
}

export function loadSandbox(): Sandbox {
  return (sandbox ??= load<Sandbox>('sandbox.js'));
}

/** The device check runner (first test run). */
export function loadRunner(): Runner {
  return (runner ??= load<Runner>('runner.js'));
}

/** Which layers are loaded: tests assert that activation loads none. */
export function loadedLayers(): string[] {
  return [core && 'core', aws && 'aws', sandbox && 'sandbox', runner && 'runner'].filter((x): x is string => !!x);
}
