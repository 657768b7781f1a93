// One action at a time per thing: the operation shadow holds one request, and an answer names no request,
// so a second action waits until the first is answered (or given up on) instead of being interleaved into
// a half-written desired state. A few may wait; beyond that the next one is refused with the reason.
// Nothing waits long: an action that has not started within MAX_WAIT_MS is dropped (never sent), and when
// the running one gets no answer in time, dropWaiting() drops those behind it; the user runs them again.
/** A thing on a connection. */
export interface ThingKey {
  connection: string;
  thing: string;
}

export const MAX_WAITING = 3;
/** A queued action that has not started after this long is dropped, never sent later on its own. */
export const MAX_WAIT_MS = 60_000;

export class QueueFullError extends Error {}

/** A queued action that was dropped before it started: it was never sent. `behind` is what it waited for. */
export class DroppedError extends Error {
  constructor(readonly reason: 'expired' | 'late', readonly behind: string) {
    super(reason);
  }
}

const id = (t: ThingKey) => `${t.connection}\u0000${t.thing}`;

interface Waiter {
  label: string;
  start: () => void;
  drop: (e: DroppedError) => void;
  timer: ReturnType<typeof setTimeout>;
}

export class ThingQueue {
  /** Per thing: the running action's label and the actions waiting behind it, in order. */
  private readonly things = new Map<string, { running: string; waiting: Waiter[] }>();

  constructor(private readonly maxWaitMs = MAX_WAIT_MS) {}

  /** What the thing is doing now (an operation name), or undefined when idle. */
  running(t: ThingKey): string | undefined {
    return this.things.get(id(t))?.running;
  }

  waiting(t: ThingKey): number {
    return this.things.get(id(t))?.waiting.length ?? 0;
  }

  /**
   * Runs `work` after the thing's earlier actions. `onQueued` runs at once when it has to wait (with the
   * operation it waits behind). Throws QueueFullError when MAX_WAITING actions already wait, DroppedError
   * when it was dropped before starting (work never ran).
   */
  async run<T>(t: ThingKey, label: string, work: () => Promise<T>, onQueued?: (behind: string) => void): Promise<T> {
    const k = id(t);
    const s = this.things.get(k);
    if (!s) this.things.set(k, { running: label, waiting: [] });
    else {
      if (s.waiting.length >= MAX_WAITING) throw new QueueFullError(s.running);
      onQueued?.(s.running);
      await new Promise<void>((start, drop) => {
        const w: Waiter = {
          label, start, drop,
          timer: setTimeout(() => {
            s.waiting.splice(s.waiting.indexOf(w), 1);
            drop(new DroppedError('expired', s.running));
          }, this.maxWaitMs),
        };
        s.waiting.push(w);
      });
    }
    try {
      return await work();
    } finally {
      this.next(k);
    }
  }

  /** The running action got no answer in time: drop every action waiting behind it (none is sent). */
  dropWaiting(t: ThingKey): number {
    const s = this.things.get(id(t));
    if (!s) return 0;
    const dropped = s.waiting.splice(0);
    for (const w of dropped) {
      clearTimeout(w.timer);
      w.drop(new DroppedError('late', s.running));
    }
    return dropped.length;
  }

  private next(k: string): void {
    const s = this.things.get(k);
    const w = s?.waiting.shift();
    if (!s || !w) return void this.things.delete(k);
    clearTimeout(w.timer);
    s.running = w.label;
    w.start();
  }
}
