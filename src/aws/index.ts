// The public face of src/aws, bundled as dist/aws.js and loaded by the extension on first use.
export * from './types';
export { createSession, type SdkSession, type LiveTuning } from './session';
export { AWS_IOT_LIVE_LIMITS, type LiveLimits } from './live/subscriptionLimits';
export { listProfiles } from './profiles';
export { AwsError, toAwsError, type AwsErrorContext } from './errors';
export type { TailOptions, SdkLogsApi } from './logs';
export { INTEGRATION_LOG_GROUPS } from './logs';
export { uploadFirmwareToS3, uploadToSandbox, firmwareKey, DEFAULT_PRESIGN_SECONDS, MAX_PRESIGN_SECONDS, type HostedFirmware, type S3UploadRequest } from './firmwareStore';
