// `lwm2m-shadows test --sandbox --wait-for-device EP`: a CI job starts a firmware build beside the CLI; the checks
// run once that device has registered with the sandbox's LwM2M server and its thing and shadows are in place (the
// sandbox then hands it tasks), or the run ends with a clear error when it does not register in time.
import type * as SandboxModule from '../sandbox/index';

type RunningSandbox = Awaited<ReturnType<typeof SandboxModule.startSandbox>>;

/** How often the sandbox is asked; registration itself is event-driven inside the sandbox. */
const POLL_MS = 50;

/** The thing name the integration gives an endpoint (`%3A` back to `:`), as the sandbox's CreateThing path does. */
export function thingNameOf(endpoint: string): string {
  return endpoint.replace(/%3A/g, ':');
}

/**
 * Resolves `registered` once `endpoint` is registered and its thing takes tasks, `timeout` after `timeoutMs`.
 * `registered-no-thing` when it registered but the CreateThing path refused it (the CoAP log says why);
 * `registered-unanswered` when it registered but did not answer the server's reads of its objects in time.
 */
export type DeviceWait = 'registered' | 'timeout' | 'registered-no-thing' | 'registered-unanswered';

export function waitForDevice(sb: RunningSandbox, endpoint: string, timeoutMs: number): Promise<DeviceWait> {
  const thing = thingNameOf(endpoint);
  return new Promise((resolve) => {
    const started = Date.now();
    const check = () => {
      if (sb.device(thing)?.reachable) return finish('registered');
      if (Date.now() - started >= timeoutMs) {
        const known = sb.lwm2mClients().find((c) => c.endpoint === endpoint && c.registered);
        return finish(!known ? 'timeout' : known.thing === 'refused' ? 'registered-no-thing' : 'registered-unanswered');
      }
    };
    const timer = setInterval(check, POLL_MS);
    const finish = (r: DeviceWait) => {
      clearInterval(timer);
      resolve(r);
    };
    check();
  });
}
