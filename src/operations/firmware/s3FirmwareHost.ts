// An S3 bucket as a firmware host on AWS: the file is uploaded once (PutObject, never retried) and the device
// gets a presigned GET URL (https on AWS; the scheme of the endpoint on moto or another S3-compatible endpoint).
// The upload itself is src/aws/firmwareStore.ts, handed in by the caller from the layer it has loaded (the ui's
// dist/aws.js, the CLI's), so this file bundles no AWS code of its own.
import { protocolOfUri } from '../../core/firmware/delivery';
import type { HostedFirmware, S3UploadRequest } from '../../aws/firmwareStore';
import type { FirmwareHost, HostedUrls } from './firmwareDelivery';

export type S3Upload = (req: S3UploadRequest) => Promise<HostedFirmware>;

export function s3FirmwareHost(bucket: string, upload: S3Upload, expiresInSeconds?: number): FirmwareHost {
  return {
    label: `the S3 bucket ${bucket}`,
    async host(bytes, name) {
      const hosted = await upload({ bucket, bytes, name, ...(expiresInSeconds !== undefined ? { expiresInSeconds } : {}) });
      const protocol = protocolOfUri(hosted.url);
      const out: HostedUrls = {};
      if (protocol) out[protocol] = hosted.url;
      return out;
    },
  };
}
