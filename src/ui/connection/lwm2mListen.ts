// Where the embedded sandbox's LwM2M server (CoAP over UDP, NoSec) listens, from the settings
// `lwm2mShadows.sandbox.lwm2m.enabled` / `.host` / `.port`, and what to tell the user about it. Pure (no
// vscode): the settings' values come in as they are read (a settings.json can hold anything), the trust of the
// workspace with them. Listening beyond loopback lets anyone on the network register and be sent requests
// (NoSec authenticates no one): a person may choose it for their machine, an untrusted workspace may not.

export const LWM2M_DEFAULT_HOST = '127.0.0.1';
export const LWM2M_DEFAULT_PORT = 5683;

export interface Lwm2mSettings {
  enabled: unknown;
  host: unknown;
  port: unknown;
  /** vscode.workspace.isTrusted */
  trusted: boolean;
}

/** Something about the settings the user should hear once, when the sandbox starts. */
export type Lwm2mListenNote =
  | { kind: 'beyond-loopback'; host: string }
  | { kind: 'untrusted-beyond-loopback'; host: string }
  | { kind: 'bad-port'; value: string }
  | { kind: 'bad-host'; value: string };

export interface Lwm2mListen {
  /** What startSandbox takes: false = no LwM2M server. */
  options: { host: string; port: number } | false;
  notes: Lwm2mListenNote[];
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** A host name or an IPv4/IPv6 address as Node's dgram bind takes it (nothing with spaces, paths or ports). */
function validHost(host: string): boolean {
  return host.length <= 253 && (/^[A-Za-z0-9.-]+$/.test(host) || (/^[0-9A-Fa-f:.]+$/.test(host) && (host.match(/:/g) ?? []).length >= 2));
}

export function lwm2mListen(s: Lwm2mSettings): Lwm2mListen {
  if (s.enabled === false) return { options: false, notes: [] };
  const notes: Lwm2mListenNote[] = [];
  let port = LWM2M_DEFAULT_PORT;
  if (s.port !== undefined && s.port !== null) {
    if (typeof s.port === 'number' && Number.isInteger(s.port) && s.port >= 0 && s.port <= 65535) port = s.port;
    else notes.push({ kind: 'bad-port', value: shortText(s.port) });
  }
  let host = LWM2M_DEFAULT_HOST;
  if (typeof s.host === 'string' && s.host.trim() !== '') {
    const wanted = s.host.trim();
    if (!validHost(wanted)) notes.push({ kind: 'bad-host', value: shortText(wanted) });
    else if (isLoopback(wanted)) host = wanted;
    else if (!s.trusted) notes.push({ kind: 'untrusted-beyond-loopback', host: wanted });
    else {
      host = wanted;
      notes.push({ kind: 'beyond-loopback', host });
    }
  } else if (s.host !== undefined && s.host !== null && s.host !== '') notes.push({ kind: 'bad-host', value: shortText(s.host) });
  return { options: { host, port }, notes };
}

/**
 * The command line that starts Eclipse Wakaama's example client against `uri` (`coap://host:port`), e.g.
 * `lwm2mclient -4 -h 127.0.0.1 -p 5683 -n my-device -t 60`; undefined when the URI is not one.
 */
export function wakaamaCommandLine(uri: string, endpoint = 'my-device'): string | undefined {
  const m = /^coap:\/\/(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(uri);
  if (!m) return undefined;
  const v6 = m[1].startsWith('[');
  let host = v6 ? m[1].slice(1, -1) : m[1];
  // A server on every interface is reached on this machine through loopback.
  if (host === '0.0.0.0') host = '127.0.0.1';
  else if (host === '::') host = '::1';
  return `lwm2mclient ${v6 ? '' : '-4 '}-h ${host} -p ${m[2]} -n ${endpoint} -t 60`;
}

function shortText(v: unknown): string {
  const text = typeof v === 'string' ? v : JSON.stringify(v) ?? String(v);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
