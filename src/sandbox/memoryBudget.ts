// The sandbox's memory budget. What it keeps — things, the shadows updates wrote, simulated devices — is
// charged an estimate of its heap size; past the budget, creating more is refused with a message that says
// what to do. Seeded shadows nobody wrote cost nothing here: they are built from the seed when read
// (shadowStore.ts). The seeded fleet may take at most half the budget, the rest is kept for what clients do.

export const DEFAULT_MEMORY_BUDGET_MIB = 512;
const MIB = 1024 * 1024;

// Estimates of heap bytes, measured with `node --expose-gc` (heapUsed after gc, Node 20) and rounded up:
/** A thing in the registry, besides its name and attributes. */
const THING_BYTES = 400;
/**
 * A seeded thing besides its registry entry: its SeededDevice, name map entry, and once its shadows are read,
 * their first-read stamp and registration-update schedule (100,000 things: 1,083 B each after start, ~450 B
 * more each once all are read, registry entry included).
 */
export const SEEDED_DEVICE_BYTES = 1_100;
/** All of one seeded thing (registry entry with a typical name included): what a fleet is checked against. */
export const SEEDED_THING_BYTES = SEEDED_DEVICE_BYTES + THING_BYTES + 2 * 64;
/** A stored shadow besides its state: the record, its map entry, version and timestamps. */
const SHADOW_BYTES = 300;
/** Heap bytes per character of a shadow's state and metadata as JSON (objects, keys, strings). */
const SHADOW_BYTES_PER_CHAR = 3;
/** A simulated device: its data model twice (current and as registered), observations, timers. */
export const DEVICE_BYTES = 40_000;

/** The sandbox cannot start with the size asked for (its message says what to ask for instead). */
export class SandboxSizeError extends Error {
  override readonly name = 'SandboxSizeError';
}

export class MemoryBudget {
  private usedBytes = 0;

  constructor(readonly limitBytes: number = DEFAULT_MEMORY_BUDGET_MIB * MIB) {}

  get used(): number {
    return this.usedBytes;
  }

  /** Charges `bytes`; past the budget nothing is charged and the error `refuse` makes of the message is thrown. */
  charge(bytes: number, refuse: (message: string) => Error): void {
    if (this.usedBytes + bytes > this.limitBytes) throw refuse(this.exceededMessage());
    this.usedBytes += bytes;
  }

  release(bytes: number): void {
    this.usedBytes = Math.max(0, this.usedBytes - bytes);
  }

  exceededMessage(): string {
    return `The sandbox's memory budget of ${mib(this.limitBytes)} MiB is used up (its things, written shadows and simulated devices take about ${mib(this.usedBytes)} MiB). Restart the sandbox to start afresh, with fewer things (--things) or a larger budget (--memory-budget <MiB>)`;
  }
}

/**
 * Why a sandbox of `things` seeded things cannot start with a budget of `budgetMiB` (it is checked before
 * anything is built), or undefined when it can. `heapLimitBytes` is what this Node process can hold.
 */
export function sandboxSizeProblem(things: number, budgetMiB: number, heapLimitBytes: number): string | undefined {
  if (!Number.isFinite(budgetMiB) || budgetMiB < 1) return `The memory budget must be a number of MiB, at least 1 (got ${budgetMiB})`;
  const heapMiB = Math.floor(heapLimitBytes / MIB);
  if (budgetMiB > heapMiB * 0.75) {
    return `A memory budget of ${budgetMiB} MiB is more than this Node process can hold (its heap limit is ${heapMiB} MiB): choose at most ${Math.floor(heapMiB * 0.75)} MiB, or run node with --max-old-space-size=${Math.ceil(budgetMiB / 0.75)}`;
  }
  const fleetBytes = things * SEEDED_THING_BYTES;
  if (fleetBytes <= (budgetMiB * MIB) / 2) return undefined;
  const most = Math.floor((budgetMiB * MIB) / 2 / SEEDED_THING_BYTES);
  const needed = Math.ceil((fleetBytes * 2) / MIB);
  return `A sandbox of ${things.toLocaleString('en-US')} things needs about ${mib(fleetBytes)} MiB for its seeded fleet, more than half of its memory budget of ${budgetMiB} MiB (the other half is kept for what clients write): start it with at most ${most.toLocaleString('en-US')} things (--things ${most}), or with a larger budget (--memory-budget ${needed})`;
}

/** A thing's estimated heap bytes. */
export function thingBytes(name: string, attributes: Record<string, string>): number {
  let chars = name.length;
  for (const k in attributes) chars += k.length + attributes[k].length;
  return THING_BYTES + 2 * chars;
}

/** A stored shadow's estimated heap bytes, from the JSON size of its state and metadata. */
export function shadowBytes(parts: readonly unknown[]): number {
  let chars = 0;
  for (const p of parts) if (p !== undefined) chars += JSON.stringify(p).length;
  return SHADOW_BYTES + SHADOW_BYTES_PER_CHAR * chars;
}

const mib = (bytes: number) => (bytes / MIB).toFixed(bytes < 10 * MIB ? 1 : 0);
