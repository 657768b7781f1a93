export { registerUpdateFirmware } from '../firmware/updateFirmware';
