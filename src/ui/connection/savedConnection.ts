// The connection the user chose last, remembered per machine (globalState, not synced, not per
// workspace), and the `lwm2mShadows.connection.startWith` setting that says what to do at start.

export type SavedConnection =
  | { kind: 'sandbox' }
  | { kind: 'aws'; profile: string; region: string; endpoint?: string; sso?: boolean };

export type StartWith = 'ask' | 'sandbox' | 'last';

export const SAVED_CONNECTION_KEY = 'lwm2mShadows.lastConnection';

export function isSavedConnection(v: unknown): v is SavedConnection {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  if (o.kind === 'sandbox') return true;
  return o.kind === 'aws' && typeof o.profile === 'string' && typeof o.region === 'string';
}

/** What to connect to when the extension starts, or undefined to wait for the user. */
export function startupConnection(startWith: string | undefined, saved: unknown): SavedConnection | undefined {
  if (startWith === 'sandbox') return { kind: 'sandbox' };
  if (startWith === 'ask') return undefined;
  return isSavedConnection(saved) ? saved : undefined;
}

/**
 * The id used in document URIs: `sandbox` or `<profile>@<region>`. It is one path segment: `/` in a profile
 * name is written `%2F` (and `%` as `%25`), so that no two profiles share an id (`a/b` and `a_b` did).
 */
export function connectionId(c: SavedConnection): string {
  return c.kind === 'sandbox' ? 'sandbox' : `${c.profile}@${c.region}`.replace(/%/g, '%25').replace(/\//g, '%2F');
}

export function connectionLabel(c: SavedConnection): string {
  return c.kind === 'sandbox' ? 'Local sandbox' : `${c.profile} (${c.region})`;
}
