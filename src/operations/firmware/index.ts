// Firmware update (LwM2M Object 5) as one flow for the command, the device check and the tests.
export { runFirmwareUpdate, resetFirmware, FirmwareStartError, type FirmwarePorts, type FirmwareStep, type FirmwareUpdateOptions, type FirmwareUpdateResult } from './firmwareUpdate';
export { packageUriFor, DeliveryError, type ConfirmLongUri, type LongUri, type FirmwareHost, type FirmwareSource, type HostedUrls } from './firmwareDelivery';
export { sandboxFirmwareHost } from './sandboxFirmwareHost';
export { s3FirmwareHost, type S3Upload } from './s3FirmwareHost';
export { pipelineSender, sentResult, type FirmwareSender, type FirmwareRequest, type PipelineSenderOptions, type SentResult, type SendOptions } from './firmwareSender';
export { SendPipeline } from '../sendPipeline';
export { sessionPorts } from '../sessionPorts';
