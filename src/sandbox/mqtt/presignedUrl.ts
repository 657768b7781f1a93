// The check AWS IoT makes before a WebSocket becomes an MQTT connection: the URL must be a SigV4
// presigned request for the service `iotdevicegateway` in the endpoint's region. The sandbox checks
// the form (algorithm, credential scope, date, signed headers, signature) but not the secret.

export type PresignProblem = string;

const DATE = /^\d{8}T\d{6}Z$/;
const SIGNATURE = /^[0-9a-f]{64}$/;

/** Why the query of `/mqtt?...` is not a SigV4 presigned URL for `region`, or undefined when it is. */
export function presignProblem(query: URLSearchParams, region: string): PresignProblem | undefined {
  if (query.get('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256') return 'X-Amz-Algorithm must be AWS4-HMAC-SHA256';
  const credential = query.get('X-Amz-Credential') ?? '';
  const parts = credential.split('/');
  if (parts.length !== 5 || !parts[0]) return 'X-Amz-Credential must be <access key>/<date>/<region>/iotdevicegateway/aws4_request';
  const [, day, scopeRegion, service, terminator] = parts;
  if (service !== 'iotdevicegateway') return `the signature is for service "${service}", not iotdevicegateway`;
  if (scopeRegion !== region) return `the signature is for region "${scopeRegion}", not ${region}`;
  if (terminator !== 'aws4_request') return 'X-Amz-Credential must end with aws4_request';
  const date = query.get('X-Amz-Date') ?? '';
  if (!DATE.test(date) || date.slice(0, 8) !== day) return 'X-Amz-Date must be the credential scope\'s day, as YYYYMMDDTHHMMSSZ';
  const signed = (query.get('X-Amz-SignedHeaders') ?? '').split(';');
  if (!signed.includes('host')) return 'X-Amz-SignedHeaders must include host';
  if (!SIGNATURE.test(query.get('X-Amz-Signature') ?? '')) return 'X-Amz-Signature must be 64 hex digits';
  return undefined;
}
