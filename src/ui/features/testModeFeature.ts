// The test mode's bundle (dist/feature-testMode.js): loaded by activate() in ExtensionMode.Test only.
export { createTestMode } from '../testMode/testApi';
