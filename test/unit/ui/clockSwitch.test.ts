// The clock of row ages in the extension's tests: a timer set on one clock moves to the next with its due time,
// fires once on whichever clock runs, and a cleared one never fires; the ticker on it redraws as on any clock.
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

test('a timer moves to the next clock keeping its due time, and fires there once; one already due there fires at once', () => {
  const a = manualClock(1_000_000);
  const b = manualClock(1_010_000); // 10 s ahead of a
  const s = new ClockSwitch();
  s.use(a.clock);
  const fired: string[] = [];
  s.clock.setTimeout(() => fired.push('late'), 30_000); // due at 1,030,000
  const cleared = s.clock.setTimeout(() => fired.push('cleared'), 10_000);
  a.advance(10_000 - 1);
  s.clock.clearTimeout(cleared);
  s.use(b.clock);
  assert.equal(a.timers.size, 0, 'nothing is left on the first clock');
  assert.equal(s.clock.now(), 1_010_000, 'the time is the new clock\'s');
  assert.deepEqual([...b.timers].map((t) => t.at), [1_030_000], 'due when it was; the cleared one not moved');
  b.advance(20_000 - 1);
  assert.equal(fired.length, 0, 'not due yet');
  b.advance(1);
  assert.deepEqual(fired, ['late'], 'fired once, on the new clock; the cleared one never');

  s.clock.setTimeout(() => fired.push('due'), 5_000); // due at 1,035,000 by b
  const c = manualClock(2_000_000);
  s.use(c.clock);
  assert.deepEqual([...c.timers].map((t) => t.at), [2_000_000], 'already past on the next clock: at once');
  c.advance(0);
  assert.deepEqual(fired, ['late', 'due']);
  s.use(a.clock);
  a.advance(60_000);
  assert.deepEqual(fired, ['late', 'due'], 'nothing fires twice');
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
