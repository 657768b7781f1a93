// One action at a time per thing: the operation shadow holds one request, and an answer names no request,
// so a second action waits until the first is answered (or given up on) instead of being interleaved into
// a half-written desired state. A few may wait; beyond that the next one is refused with the reason.
import type { ThingKey } from '../fleet/rowMarks';

export const MAX_WAITING = 3;

export class QueueFullError extends Error {}

const id = (t: ThingKey) => `${t.connection}\u0000${t.thing}`;

export class ThingActionQueue {
  /** Per thing: the end of its chain, and the labels of its actions in order (the first one runs). */
  private readonly things = new Map<string, { tail: Promise<void>; labels: string[] }>();

  /** What the thing is doing now (an operation name), or undefined when idle. */
  running(t: ThingKey): string | undefined {
    return this.things.get(id(t))?.labels[0];
  }

  waiting(t: ThingKey): number {
    return Math.max(0, (this.things.get(id(t))?.labels.length ?? 0) - 1);
  }

  /**
   * Runs `work` after the thing's earlier actions. `onQueued` runs at once when it has to wait (with the
   * operation it waits behind). Throws QueueFullError when MAX_WAITING actions already wait.
   */
  async run<T>(t: ThingKey, label: string, work: () => Promise<T>, onQueued?: (behind: string) => void): Promise<T> {
    const k = id(t);
    let s = this.things.get(k);
    if (!s) this.things.set(k, (s = { tail: Promise.resolve(), labels: [] }));
    if (s.labels.length) {
      if (s.labels.length - 1 >= MAX_WAITING) throw new QueueFullError(s.labels[0]);
      onQueued?.(s.labels[0]);
    }
    s.labels.push(label);
    const previous = s.tail;
    let release!: () => void;
    const mine = new Promise<void>((r) => (release = r));
    s.tail = previous.then(() => mine);
    await previous;
    try {
      return await work();
    } finally {
      s.labels.shift();
      release();
      if (!s.labels.length) this.things.delete(k);
    }
  }
}
