// Coiote DM as the integration sees it: it knows the fleet's devices, takes the Lambda's tasks and hands
// them to the device, which answers when it is reachable. Devices are simulated only once something
// needs them (a task, or standing observations), so a large fleet costs nothing until used.
import { SimDevice, type DeviceContext } from './device';
import type { CoioteTask, TaskScheduler } from './lambda';

export class Coiote implements TaskScheduler {
  private readonly devices = new Map<string, SimDevice>();

  constructor(private readonly ctx: DeviceContext) {}

  /** Starts the devices that send notifications by themselves. */
  start(): void {
    for (const d of this.ctx.fleet.devices) if (d.autoNotify) this.device(d.thingName)?.startAutoNotify();
  }

  schedule(task: CoioteTask): boolean {
    const device = this.device(task.thingName);
    if (!device) return false;
    device.enqueue(task);
    return true;
  }

  device(thingName: string): SimDevice | undefined {
    let d = this.devices.get(thingName);
    if (d) return d;
    const seeded = this.ctx.fleet.device(thingName);
    if (!seeded) return undefined;
    d = new SimDevice(seeded, this.ctx);
    this.devices.set(thingName, d);
    return d;
  }
}
