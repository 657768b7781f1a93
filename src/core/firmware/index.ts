// Firmware update (LwM2M Object 5): meanings of its values, the choice of delivery, the Package URI check,
// and the flow's decisions. Pure: no I/O beyond the registry.
export {
  FIRMWARE_OBJECT_ID, FIRMWARE_OBJECT, FW, DEVICE_OBJECT, FIRMWARE_VERSION, FirmwareState, UpdateResult,
  isFailureResult, stateMeaning, updateResultMeaning, stateText, updateResultText, type ValueMeaning,
} from './firmwareObject';
export {
  FIRMWARE_PROTOCOLS, SERVED_PROTOCOLS, DeliveryMethod, chooseDelivery, protocolOfCode, protocolOfUri, protocolName,
  type FirmwareProtocol, type DeviceDelivery, type DeliveryChoice, type DeliveryAssumption,
} from './delivery';
export { checkPackageUri, shownPackageUri, shownFirmwareRequest, packageUriMaxBytes, PACKAGE_URI_MAX_BYTES, RESET_PACKAGE_URI, type PackageUriProblem, type PackageUriProblemCode } from './packageUri';
export { readFirmware, type FirmwareReading } from './firmwareReading';
export {
  startFlow, advance, checkFlowStart, canExecuteUpdate, canCancel, offerReset, needsFirmwareVersion, describeVerdict, stageLabel,
  type FlowStage, type FlowStart, type FlowEvent, type FlowVerdict, type FlowState, type StartProblem,
} from './updateFlow';
