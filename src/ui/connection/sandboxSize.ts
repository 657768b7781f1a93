// How many things the embedded sandbox seeds, from `lwm2mShadows.sandbox.things`. The manifest's
// minimum/maximum only guide the Settings editor: a settings.json can hold anything (1,000,000 things
// took 15 s and 1.2 GB in the extension host), so the value is clamped here.

export const SANDBOX_THINGS_DEFAULT = 25;
export const SANDBOX_THINGS_MAX = 10_000;

export function sandboxThingCount(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return SANDBOX_THINGS_DEFAULT;
  return Math.min(SANDBOX_THINGS_MAX, Math.max(1, Math.floor(value)));
}
