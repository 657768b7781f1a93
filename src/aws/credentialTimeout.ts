// A bound on resolving credentials. The SDK waits as long as a profile's credential_process, role
// assumption or SSO exchange takes — for ever, if the process hangs (waiting for input nobody sees) —
// and no request timeout applies before a request is signed. Bounded, the caller hears which profile hung.
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { AwsError } from './errors';

/** How long resolving the credentials may take unless the connection says otherwise. */
export const CREDENTIALS_TIMEOUT_MS = 30_000;

/** `provider`, rejecting with a `credentials` AwsError when it has not answered within `timeoutMs`. */
export function boundedCredentials(provider: AwsCredentialIdentityProvider, timeoutMs: number, profile: string): AwsCredentialIdentityProvider {
  return (props) => new Promise<AwsCredentialIdentity>((resolve, reject) => {
    const seconds = Math.round(timeoutMs / 100) / 10;
    const timer = setTimeout(() => reject(new AwsError('credentials', `credentials for profile ${profile} did not resolve in ${seconds} s`, {
      code: 'CredentialsTimeout',
      profile,
      action: `Check how profile "${profile}" gets its credentials: run its credential_process (or \`aws sts get-caller-identity --profile ${profile}\`) in a terminal — it may be waiting for input — then retry.`,
    })), timeoutMs);
    provider(props).then(
      (identity) => { clearTimeout(timer); resolve(identity); },
      (e: unknown) => { clearTimeout(timer); reject(e); },
    );
  });
}
