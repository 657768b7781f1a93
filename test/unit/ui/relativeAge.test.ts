// "updated 5 min ago" in the Fleet view: the age as a person reads it, when that text next changes, and the
// one timer that redraws just the rows whose text changed, only while the view is visible (a fake clock).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { CLOCK_SKEW_MS, nextAgeChange, relativeAge } from '../../../src/ui/format/relativeAge';
import { AgeTicker, MAX_AGE_REDRAW_MS, MIN_AGE_REDRAW_MS, systemClock, type AgeRow, type TickerClock } from '../../../src/ui/fleet/ageTicker';

const S = 1000;
const MIN = 60 * S;

test('an age reads in seconds, minutes, hours or days, rounded; a time ahead reads "0 s" within the clock skew, none beyond', () => {
  const t0 = 1_700_000_000_000;
  assert.deepEqual(relativeAge(t0, t0 + 12 * S), { amount: 12, unit: 's' });
  assert.deepEqual(relativeAge(t0, t0 + 5 * MIN), { amount: 5, unit: 'min' });
  assert.deepEqual(relativeAge(t0, t0 + 18 * MIN), { amount: 18, unit: 'min' });
  assert.deepEqual(relativeAge(t0, t0 + 3 * 3600 * S), { amount: 3, unit: 'h' });
  assert.deepEqual(relativeAge(t0, t0 + 3 * 86_400 * S), { amount: 3, unit: 'd' });
  assert.deepEqual(relativeAge(t0, t0 - 1), { amount: 0, unit: 's' }, 'a clock a little fast: just now');
  assert.deepEqual(relativeAge(t0, t0 - CLOCK_SKEW_MS), { amount: 0, unit: 's' });
  assert.equal(relativeAge(t0, t0 - CLOCK_SKEW_MS - 1), undefined, 'further ahead: in the future, no age');
  assert.equal(relativeAge(t0, t0 - 30 * 86_400 * S), undefined);
  assert.equal(relativeAge(Number.NaN, t0), undefined);
});

test('the next change comes when the rounded amount or the unit changes', () => {
  const t0 = 0;
  // 5 min (4.5–5.5 min) turns 6 min at 5.5 min.
  assert.equal(nextAgeChange(t0, 5 * MIN), 30 * S);
  assert.deepEqual(relativeAge(t0, 5 * MIN + 30 * S - 1), { amount: 5, unit: 'min' });
  assert.deepEqual(relativeAge(t0, 5 * MIN + 30 * S), { amount: 6, unit: 'min' });
  // 89.6 s reads "90 s" and turns "2 min" at 90 s (the unit changes).
  assert.deepEqual(relativeAge(t0, 89.6 * S), { amount: 90, unit: 's' });
  assert.equal(nextAgeChange(t0, 89.6 * S), 0.4 * S);
  assert.deepEqual(relativeAge(t0, 90 * S), { amount: 2, unit: 'min' });
  // A time 3 s ahead reads "0 s" until it is 0.5 s old.
  assert.equal(nextAgeChange(t0 + 3 * S, t0), 3.5 * S);
  assert.deepEqual(relativeAge(t0 + 3 * S, t0 + 3.5 * S - 1), { amount: 0, unit: 's' });
  assert.deepEqual(relativeAge(t0 + 3 * S, t0 + 3.5 * S), { amount: 1, unit: 's' });
  // Further ahead than the skew (a bad clock or a misread unit), it never changes by itself.
  assert.equal(nextAgeChange(t0 + CLOCK_SKEW_MS + 1, t0), undefined);
  assert.equal(nextAgeChange(t0 + 30 * 86_400 * S, t0), undefined);
});

class FakeClock implements TickerClock {
  t = 0;
  private timers = new Map<number, { at: number; fn: () => void }>();
  private next = 1;
  now(): number { return this.t; }
  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.next++;
    this.timers.set(id, { at: this.t + ms, fn });
    return id;
  }
  clearTimeout(h: unknown): void { this.timers.delete(h as number); }
  get pending(): number { return this.timers.size; }
  /** Moves time on, firing timers as they come due. */
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      const due = [...this.timers].filter(([, v]) => v.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.t = due[1].at;
      due[1].fn();
    }
    this.t = end;
  }
}

function setup() {
  const clock = new FakeClock();
  clock.t = 10_000_000;
  const redraws: string[][] = [];
  const ticker = new AgeTicker<AgeRow>((nodes) => redraws.push(nodes.map((n) => n.id)), clock);
  const thing: AgeRow = { id: 'thing', parent: undefined };
  const classic: AgeRow = { id: 'thing/classic', parent: thing };
  const other: AgeRow = { id: 'other/classic', parent: { id: 'other', parent: undefined } };
  return { clock, ticker, redraws, thing, classic, other };
}

test('a row updated 5 min ago is redrawn once a minute while visible, just that row, and reads 18 min thirteen minutes later', () => {
  const { clock, ticker, redraws, classic } = setup();
  ticker.setVisible(true);
  ticker.shown(classic, clock.t - 5 * MIN);
  assert.equal(clock.pending, 1, 'one timer');
  assert.equal(ticker.dueInMs, 30 * S, 'when "5 min" turns "6 min"');
  clock.advance(13 * MIN);
  assert.equal(redraws.length, 13, 'one redraw a minute');
  assert.ok(redraws.every((r) => r.length === 1 && r[0] === classic.id), 'only the row with the age');
  assert.deepEqual(relativeAge(clock.t - 18 * MIN, clock.t), { amount: 18, unit: 'min' });
  assert.equal(clock.pending, 1, 'still one timer');
});

test('seconds are redrawn at most every few seconds; several rows share one timer and change together or apart', () => {
  const { clock, ticker, redraws, classic, other } = setup();
  ticker.setVisible(true);
  ticker.shown(classic, clock.t - 10 * S);
  ticker.shown(other, clock.t - 10 * MIN);
  assert.equal(clock.pending, 1);
  assert.equal(ticker.dueInMs, MIN_AGE_REDRAW_MS);
  clock.advance(MIN_AGE_REDRAW_MS);
  assert.deepEqual(redraws, [[classic.id]], 'the minutes row reads the same: not redrawn');
  clock.advance(30 * S);
  assert.ok(redraws.flat().includes(other.id), '10 min turned 11 min');
  assert.ok(redraws.length <= 1 + 30 / (MIN_AGE_REDRAW_MS / S) + 1, `${redraws.length} redraws in 35 s`);
});

test('no timer while the view is hidden or no row shows an age; shown again, stale rows are redrawn at once', () => {
  const { clock, ticker, redraws, classic, thing } = setup();
  ticker.shown(classic, clock.t - 5 * MIN);
  assert.equal(clock.pending, 0, 'hidden: nothing runs');
  ticker.setVisible(true);
  assert.equal(clock.pending, 1);
  ticker.setVisible(false);
  assert.equal(clock.pending, 0, 'hidden again: the timer stops');
  clock.advance(10 * MIN);
  assert.deepEqual(redraws, []);
  ticker.setVisible(true);
  assert.deepEqual(redraws, [[classic.id]], 'redrawn the moment the view shows');
  ticker.forgetUnder(thing);
  assert.equal(ticker.size, 0);
  assert.equal(clock.pending, 0, 'its thing collapsed: off screen, no timer');
  ticker.shown(classic, clock.t - 5 * MIN);
  ticker.forget(classic);
  assert.equal(clock.pending, 0, 'drawn without an age: no timer');
  ticker.shown(classic, clock.t - 5 * MIN);
  ticker.clear();
  assert.equal(clock.pending, 0);
  ticker.dispose();
});

test('a time far ahead sets no timer; days-old rows are checked at most hourly, never with a delay Node would run at once', () => {
  const { clock, ticker, redraws, classic, other } = setup();
  const delays: number[] = [];
  const setTimeoutOf = clock.setTimeout.bind(clock);
  clock.setTimeout = (fn, ms) => { delays.push(ms); return setTimeoutOf(fn, ms); };
  ticker.setVisible(true);
  ticker.shown(classic, clock.t + 30 * 86_400 * S);
  assert.equal(clock.pending, 0, '30 days ahead: reads "in the future", nothing to keep current');
  ticker.shown(other, clock.t - 3 * 86_400 * S);
  assert.equal(ticker.dueInMs, MAX_AGE_REDRAW_MS, '"3 d" turns "4 d" in 12 h: checked within the hour');
  clock.advance(13 * 3600 * S);
  assert.deepEqual(redraws, [[other.id]], 'redrawn once, when "3 d" turned "4 d"');
  assert.ok(delays.every((ms) => ms >= MIN_AGE_REDRAW_MS && ms <= MAX_AGE_REDRAW_MS), `delays ${delays.join(', ')}`);
  ticker.dispose();
});

test('on real timers, a row 30 days ahead does not fire the timer over and over (Node runs delays over 2^31-1 ms at once)', async () => {
  let set = 0;
  const counting: TickerClock = { ...systemClock, setTimeout: (fn, ms) => { set++; return systemClock.setTimeout(fn, ms); } };
  const ticker = new AgeTicker<AgeRow>(() => undefined, counting);
  ticker.setVisible(true);
  ticker.shown({ id: 'far', parent: undefined }, Date.now() + 30 * 86_400 * S);
  await new Promise((resolve) => setTimeout(resolve, 200));
  ticker.dispose();
  assert.ok(set <= 1, `timer set ${set} times in 200 ms`);
});
