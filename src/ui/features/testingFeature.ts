export { DeviceTestRunner } from '../testing/deviceTestRun';
