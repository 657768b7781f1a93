// Coiote DM as the integration sees it: it knows the fleet's devices, takes the Lambda's tasks and hands
// them to the device, which answers when it is reachable. Devices are simulated only once something
// needs them (a task, or standing observations), so a large fleet costs nothing until used.
import { ApiError } from './apiError';
// Real devices (LwM2M clients registered with the sandbox's LwM2M server) come first: a real client that
// registers with a seeded thing's endpoint name takes that thing over.
import { parseCoioteTime, updatedFields } from './classicShadow';
import type { CoioteDevice, RealDevices } from './coioteDevice';
import { SimDevice, type DeviceContext } from './device';
import { coioteId, type CoioteTask, type TaskScheduler } from './lambda';
import { DEVICE_BYTES, MemoryBudget } from './memoryBudget';

/** Simulated ms between sweeps for due registration updates. */
const SWEEP_MS = 60000;

export class Coiote implements TaskScheduler {
  private readonly devices = new Map<string, SimDevice>();
  /** When each registered device's next Update is due (epoch ms), and the refresh time it was computed from. */
  private readonly updateDue = new Map<string, { last: string; at: number }>();
  private real?: RealDevices;

  constructor(
    private readonly ctx: DeviceContext,
    private readonly budget = new MemoryBudget(),
  ) {}

  /** Lets Coiote DM reach the real devices registered with the LwM2M server. */
  attachRealDevices(real: RealDevices): void {
    this.real = real;
  }

  /** Starts the devices that send notifications by themselves, and registration updates within lifetimes. */
  start(): void {
    for (const d of this.ctx.fleet.devices) if (d.autoNotify) this.simulated(d.thingName)?.startAutoNotify();
    this.ctx.clock.every(SWEEP_MS, () => this.refreshRegistrations());
  }

  /**
   * Registered devices send an Update before their lifetime runs out (at 90 % of it); only things whose
   * shadows someone has looked at are visited, so a large fleet costs nothing here.
   */
  private refreshRegistrations(): void {
    const now = this.ctx.clock.now();
    const scale = this.ctx.clock.timeScale;
    for (const thingName of this.ctx.shadows.touchedThings()) {
      const seeded = this.ctx.fleet.device(thingName);
      if (!seeded || this.real?.device(thingName)) continue;
      const sim = this.devices.get(thingName);
      if (sim ? !sim.registered : seeded.connectivity === 'offline') continue;
      const classic = this.ctx.shadows.peek(thingName, '')?.reported;
      const lastText = String(classic?.lastRegisterUpdate ?? '');
      const last = parseCoioteTime(lastText);
      const lifetime = Number(classic?.registeredLifeTime);
      if (!Number.isFinite(last) || !Number.isFinite(lifetime) || classic?.registered !== true) continue;
      let due = this.updateDue.get(thingName);
      if (!due || due.last !== lastText) {
        // The age the seed gave (or 0 after a fresh update) counts as simulated time already passed.
        const ageSeconds = Math.max(0, (now - last) / 1000);
        due = { last: lastText, at: now + Math.max(0, lifetime * 0.9 - ageSeconds) * 1000 * scale };
        this.updateDue.set(thingName, due);
      }
      if (now < due.at) continue;
      if (sim) sim.lifetimeRefresh();
      else {
        const reported = updatedFields(now);
        this.ctx.shadows.update(thingName, '', { state: { reported }, reported });
      }
    }
  }

  findDevice(thingName: string): string | undefined {
    return this.real?.device(thingName) || this.ctx.fleet.device(thingName) ? coioteId(thingName) : undefined;
  }

  /** Takes any task for a known device (it runs when the device is reachable); 404 for an unknown ID. */
  schedule(deviceId: string, task: CoioteTask): { status: number; body: string } {
    let device: CoioteDevice | undefined;
    try {
      device = this.device(task.thingName);
    } catch (e) {
      if (e instanceof ApiError) return { status: e.status, body: JSON.stringify({ error: e.message }) };
      throw e;
    }
    if (!device || coioteId(task.thingName) !== deviceId) return { status: 404, body: JSON.stringify({ error: `Device ${deviceId} not found` }) };
    device.enqueue(task);
    return { status: 201, body: '' };
  }

  device(thingName: string): CoioteDevice | undefined {
    return this.real?.device(thingName) ?? this.simulated(thingName);
  }

  /** The device's simulation, started now if it had none (charged to the memory budget: an ApiError past it). */
  private simulated(thingName: string): SimDevice | undefined {
    let d = this.devices.get(thingName);
    if (d) return d;
    const seeded = this.ctx.fleet.device(thingName);
    if (!seeded) return undefined;
    this.budget.charge(DEVICE_BYTES, (message) => new ApiError(503, 'ServiceUnavailable', message));
    d = new SimDevice(seeded, this.ctx);
    this.devices.set(thingName, d);
    return d;
  }
}
