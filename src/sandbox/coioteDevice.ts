// The one face Coiote DM sees of a device, simulated (SimDevice) or real (an LwM2M client registered with the
// sandbox's LwM2M server): it takes the Lambda's tasks and answers them into the thing's shadows, so the
// Lambda → task → answer → shadows path is the same for both.
import type { CoioteTask } from './lambda';

export interface CoioteDeviceState {
  connectivity: 'online' | 'offline' | 'queue';
  /** Requests reach it now (queue-mode devices only around their updates). */
  reachable: boolean;
  /** Tasks waiting for the device. */
  pending: number;
  /** Active observations by key (composite ones as `composite:` + keys). */
  observations: string[];
  /** Set for a real LwM2M client: what it registered with and where from. */
  lwm2m?: RealDeviceInfo;
}

/** A real device as the tree and tooltips describe it, e.g. "LwM2M 1.1 · 127.0.0.1:56830". */
export interface RealDeviceInfo {
  endpoint: string;
  lwm2mVersion: string;
  /** `address:port` its Register came from (`[v6]:port` for IPv6). */
  address: string;
  binding: string;
  lifetime: number;
  registered: boolean;
  /**
   * Its thing: `made` (the CreateThing path made it), `refused` (the CreateThing Lambda failed), `pending` (not yet:
   * the server is still reading the device's Device object, which a device that does not answer never gets past).
   */
  thing?: 'made' | 'refused' | 'pending';
}

export interface CoioteDevice {
  readonly thingName: string;
  readonly state: CoioteDeviceState;
  /** Takes a task; the device answers when it is reachable. */
  enqueue(task: CoioteTask): void;
}

/** Where Coiote DM finds real devices (the LwM2M server's registrations), by thing name. */
export interface RealDevices {
  device(thingName: string): CoioteDevice | undefined;
}
