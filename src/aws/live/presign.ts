// The presigned URL AWS IoT's device gateway takes for MQTT over WebSocket: `wss://<endpoint>/mqtt?X-Amz-…`
// signed with SigV4 for service `iotdevicegateway` (by @smithy/signature-v4, the SDK's own signer),
// with the session token appended after signing, as AWS IoT requires.
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity, Checksum, SourceData } from '@smithy/types';

export const IOT_SIGNING_SERVICE = 'iotdevicegateway';
/** AWS IoT accepts presigned WebSocket URLs for up to 24 hours; ours are used at once. */
const EXPIRES_IN_S = 86_400;

/** SHA-256 (or HMAC-SHA-256 with a secret) from node:crypto, in the shape the signer asks for. */
export class NodeSha256 implements Checksum {
  private hash: Hash | Hmac;
  constructor(private readonly secret?: SourceData) {
    this.hash = this.fresh();
  }
  update(data: Uint8Array | string): void {
    this.hash.update(typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.hash.digest()));
  }
  reset(): void {
    this.hash = this.fresh();
  }
  private fresh(): Hash | Hmac {
    if (this.secret === undefined) return createHash('sha256');
    const key = typeof this.secret === 'string' ? Buffer.from(this.secret, 'utf8')
      : ArrayBuffer.isView(this.secret) ? Buffer.from(this.secret.buffer, this.secret.byteOffset, this.secret.byteLength)
        : Buffer.from(this.secret);
    return createHmac('sha256', key);
  }
}

export interface PresignInput {
  /** `https://…`, `wss://…`, `http://127.0.0.1:port` (the sandbox): the scheme picks ws or wss. */
  endpoint: string;
  region: string;
  credentials: AwsCredentialIdentity;
  /** Signing time (tests). */
  now?: Date;
  /** Default `iotdevicegateway`. */
  service?: string;
  /** Default `/mqtt`. */
  path?: string;
}

/** The presigned URL for a GET of `path`, query parameters in SigV4's order, session token last and unsigned. */
export async function presignUrl(input: PresignInput & {
  scheme: string;
  expiresIn?: number;
  /** The canonical request's payload hash when it is not the hash of an empty body (S3: `UNSIGNED-PAYLOAD`). */
  payloadHash?: string;
}): Promise<string> {
  const url = new URL(input.endpoint.includes('://') ? input.endpoint : `https://${input.endpoint}`);
  const host = url.host;
  const { accessKeyId, secretAccessKey, sessionToken } = input.credentials;
  const signer = new SignatureV4({
    service: input.service ?? IOT_SIGNING_SERVICE,
    region: input.region,
    credentials: { accessKeyId, secretAccessKey },
    sha256: NodeSha256,
    applyChecksum: false,
  });
  const hashHeader = 'x-amz-content-sha256';
  const signed = await signer.presign(
    {
      method: 'GET', protocol: `${input.scheme}:`, hostname: url.hostname, ...(url.port ? { port: Number(url.port) } : {}),
      path: input.path ?? '/mqtt', query: {}, headers: { host, ...(input.payloadHash ? { [hashHeader]: input.payloadHash } : {}) },
    },
    {
      expiresIn: input.expiresIn ?? EXPIRES_IN_S,
      ...(input.now ? { signingDate: input.now } : {}),
      // the payload hash is only read by the signer: neither hoisted into the query nor a signed header
      ...(input.payloadHash ? { unhoistableHeaders: new Set([hashHeader]), unsignableHeaders: new Set([hashHeader]) } : {}),
    },
  );
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(signed.query ?? {})) if (typeof v === 'string') query.append(k, v);
  if (sessionToken) query.append('X-Amz-Security-Token', sessionToken);
  return `${input.scheme}://${host}${input.path ?? '/mqtt'}?${query.toString().replace(/\+/g, '%20')}`;
}

/** `wss://<endpoint>/mqtt?…` for AWS IoT (ws:// for a plain-http endpoint such as the sandbox). */
export function presignMqttUrl(input: PresignInput): Promise<string> {
  const secure = !/^(http|ws):\/\//i.test(input.endpoint);
  return presignUrl({ ...input, scheme: secure ? 'wss' : 'ws' });
}
