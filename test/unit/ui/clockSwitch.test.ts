// The clock of row ages in the extension's tests: a timer set on one clock moves to the next with the time it had
// left, fires once on whichever clock runs, and a cleared one never fires; the ticker on it redraws as on any clock.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { ClockSwitch } from '../../../src/ui/testMode/clockSwitch';
import { AgeTicker, type AgeRow, type TickerClock } from '../../../src/ui/fleet/ageTicker';

/** A clock that moves only when told, and lists the timers set on it. */
function manualClock(startMs: number) {
  let now = startMs;
  const timers = new Set<{ fn: () => void; at: number }>();
  const clock: TickerClock = {
    now: () => now,
    setTimeout: (fn, ms) => {
      const t = { fn, at: now + ms };
      timers.add(t);
      return t;
    },
    clearTimeout: (h) => void timers.delete(h as { fn: () => void; at: number }),
  };
  return {
    clock,
    timers,
    /** Moves on by `ms`, firing what falls due. */
    advance(ms: number) {
      now += ms;
      for (const t of [...timers].sort((a, b) => a.at - b.at)) {
        if (t.at > now) continue;
        timers.delete(t);
        t.fn();
      }
    },
  };
}

test('a timer moves to the next clock with the time it had left, and fires there once', () => {
  const a = manualClock(1_000_000);
  const b = manualClock(5_000_000);
  const s = new ClockSwitch();
  s.use(a.clock);
  const fired: string[] = [];
  s.clock.setTimeout(() => fired.push('late'), 30_000);
  const cleared = s.clock.setTimeout(() => fired.push('cleared'), 10_000);
  a.advance(10_000 - 1);
  s.clock.clearTimeout(cleared);
  a.advance(20_000 - 1); // 1 ms left on the first clock
  assert.deepEqual(fired, []);
  s.use(b.clock);
  assert.equal(a.timers.size, 0, 'nothing is left on the first clock');
  assert.equal(s.clock.now(), 5_000_000, 'the time is the new clock\'s');
  assert.deepEqual([...b.timers].map((t) => t.at), [5_000_002], 'moved with the 2 ms it had left; the cleared one not at all');
  b.advance(2);
  assert.deepEqual(fired, ['late'], 'fired once, on the new clock; the cleared one never');
  s.use(a.clock);
  a.advance(60_000);
  assert.deepEqual(fired, ['late']);
});

test('the ticker on the switch redraws a row when its age text changes, on the clock that runs', () => {
  const fake = manualClock(Date.now());
  const s = new ClockSwitch();
  const redrawn: string[][] = [];
  const ticker = new AgeTicker<AgeRow>((nodes) => redrawn.push(nodes.map((n) => n.id)), s.clock);
  ticker.setVisible(true);
  ticker.shown({ id: 'classic', parent: undefined }, Date.now() - 5 * 60_000); // "5 min ago"
  assert.ok(ticker.dueInMs !== undefined && ticker.dueInMs <= 60_000, 'a timer runs on the system clock');
  s.use(fake.clock);
  assert.equal(fake.timers.size, 1, 'the running timer moved to the fake clock');
  fake.advance(61_000);
  assert.deepEqual(redrawn, [['classic']], '"6 min ago" is drawn');
  ticker.dispose();
  s.use(undefined);
  assert.equal(fake.timers.size, 0, 'disposed: no timer left');
});
