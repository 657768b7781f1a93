// The public face of src/runner, bundled as dist/runner.js and loaded on the first test run.
export { runTest, resolveThing, TargetError, type RunnerSession, type RunListener, type RunOptions } from './testRunner';
export * as firmware from '../operations/firmware/index';
export { systemClock } from '../core/tests/clock';
