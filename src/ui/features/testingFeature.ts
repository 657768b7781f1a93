export { registerDeviceTests } from '../testing/deviceTests';
