// Large fleets: a 100,000-thing sandbox, with fleet indexing on and off, through the AWS layer and the real
// SDK (calls counted by SDK middleware). What a user waits for: the first page of a type, a substring filter
// that matches 3 things (all of them found), revealing one thing by its exact name; and the memory the
// tree's lists hold after browsing 5,000 things. Each measurement uses a new session (no cached indexing
// answer, no warm page) on a fleet seeded afresh for this run; the floor is one ListThingTypes call.
import { loadavg } from 'node:os';
import { createSession, type SdkSession, type ThingSummary } from '../src/aws/index';
import { startSandbox, type RunningSandbox } from '../src/sandbox/index';
import { report, sized, type Row } from './common';

const THINGS = sized(100_000, 2_000);
const PAGE = 100;

interface Measured { ms: number; calls: number; found: number }

function session(sb: RunningSandbox): { s: SdkSession; calls: () => number } {
  const s = createSession({ kind: 'sandbox', id: 'sandbox', label: 'sandbox', region: sb.region, endpoint: sb.url, credentials: sb.credentials, maxAttempts: 1 });
  let n = 0;
  s.clients.iot.middlewareStack.add((next) => (args) => { n++; return next(args); }, { step: 'initialize', name: 'countCalls' });
  return { s, calls: () => n };
}

/** Runs `work` on a new session and counts its calls. */
async function measure(sb: RunningSandbox, work: (s: SdkSession) => Promise<number>): Promise<Measured> {
  const { s, calls } = session(sb);
  try {
    const t0 = performance.now();
    const found = await work(s);
    return { ms: performance.now() - t0, calls: calls(), found };
  } finally {
    s.dispose();
  }
}

/** Pages a listing to its end, as repeated "Load more" clicks would. */
async function allPages(s: SdkSession, req: { nameFilter?: string; thingTypeName?: string }, until?: (t: ThingSummary) => boolean): Promise<number> {
  let token: string | undefined;
  let found = 0;
  do {
    const page = await s.fleet.listThings({ ...req, maxResults: PAGE, nextToken: token });
    found += page.items.length;
    if (until && page.items.some(until)) return found;
    token = page.nextToken;
  } while (token);
  return found;
}

/** A name substring that exactly `n` things of the fleet contain. */
function substringMatching(names: string[], n: number): string {
  for (let len = 4; len <= 12; len++) {
    const counts = new Map<string, number>();
    for (const name of names) {
      const seen = new Set<string>();
      for (let i = 0; i + len <= name.length; i++) seen.add(name.slice(i, i + len).toLowerCase());
      for (const s of seen) counts.set(s, (counts.get(s) ?? 0) + 1);
    }
    for (const [s, c] of counts) if (c === n && /^[a-z0-9]+$/.test(s)) return s;
  }
  throw new Error(`no substring matches exactly ${n} things`);
}

const fmt = (m: Measured) => `${m.calls} call${m.calls === 1 ? '' : 's'}, ${m.ms.toFixed(0)} ms`;

async function main(): Promise<void> {
  const seed = Date.now() % 100_000; // a fleet no earlier run has seen
  global.gc?.();
  const before = process.memoryUsage();
  const t0 = performance.now();
  const on = await startSandbox({ things: THINGS, seed, indexing: true });
  const startOn = performance.now() - t0;
  global.gc?.();
  const after = process.memoryUsage();
  const off = await startSandbox({ things: THINGS, seed });
  const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
  const rows: Row[] = [
    { name: `sandbox start, ${THINGS} things (seed ${seed})`, value: `${startOn.toFixed(0)} ms` },
    { name: `memory of that sandbox after start (after gc)`, value: `heapUsed +${mib(after.heapUsed - before.heapUsed)}, RSS ${mib(after.rss)}`, note: `${((after.heapUsed - before.heapUsed) / THINGS).toFixed(0)} B per thing; RSS was ${mib(before.rss)} before` },
  ];
  try {
    const names = on.fleet.map((t) => t.thingName);
    const type = on.fleet.find((t) => t.thingTypeName)!.thingTypeName!;
    const needle = substringMatching(names, 3);
    const target = names[Math.floor(names.length * 0.83)];

    const floor = await measure(on, async (s) => (await s.fleet.listThingTypes({ maxResults: 100 })).items.length);
    rows.push({ name: 'floor: one ListThingTypes call', value: fmt(floor) });

    for (const [label, sb] of [['indexing on', on], ['indexing off', off]] as const) {
      const first = await measure(sb, async (s) => (await s.fleet.listThings({ thingTypeName: type, maxResults: PAGE })).items.length);
      rows.push({ name: `first page of ${type} (${PAGE}), ${label}`, value: fmt(first), target: label === 'indexing on' ? '1–3 calls, < 500 ms' : '', note: `${first.found} things${label === 'indexing on' ? ', with online state' : ''}` });
      const filter = await measure(sb, (s) => allPages(s, { nameFilter: needle }));
      rows.push({ name: `filter "${needle}" (3 matches), all found, ${label}`, value: fmt(filter), target: label === 'indexing on' ? '1–3 calls, < 500 ms' : 'bounded scan', note: `${filter.found} found` });
      const reveal = await measure(sb, (s) => allPages(s, { nameFilter: target }, (t) => t.name === target));
      rows.push({ name: `reveal one thing by exact name, ${label}`, value: fmt(reveal), target: label === 'indexing on' ? '1–3 calls, < 500 ms' : 'bounded scan', note: `${reveal.found} listed until found` });
    }

    // What the tree keeps after browsing 5,000 things: the pages of thing summaries (with the indexed
    // classic shadow where indexing answered). TreeItems are made on demand by VS Code and not kept.
    for (const [label, sb] of [['indexing on', on], ['indexing off', off]] as const) {
      const { s } = session(sb);
      let kept: ThingSummary[] = [];
      let token: string | undefined;
      while (kept.length < sized(5000, 500)) {
        const page = await s.fleet.listThings({ maxResults: PAGE, nextToken: token });
        kept.push(...page.items);
        token = page.nextToken;
        if (!token) break;
      }
      const count = kept.length;
      // Heap with the lists held, then after letting them go: the difference is what they cost.
      global.gc?.();
      const held = process.memoryUsage().heapUsed;
      kept = [];
      global.gc?.();
      const bytes = held - process.memoryUsage().heapUsed;
      rows.push({ name: `memory of ${count} listed things, ${label}`, value: `${(bytes / 1024 / 1024).toFixed(2)} MiB`, note: `${(bytes / count).toFixed(0)} B per thing${label === 'indexing on' ? ' (with its indexed classic shadow)' : ''}` });
      s.dispose();
    }
    rows.push({ name: 'machine load (1-min load average)', value: loadavg()[0].toFixed(1) });
  } finally {
    await Promise.all([on.stop(), off.stop()]);
  }
  report('fleetIndex', 'Large fleets: 100,000 things with fleet indexing on and off (AWS layer on the sandbox, real SDK)', rows);
}

void main().then(() => process.exit(0), (e: unknown) => {
  console.error(e);
  process.exit(1);
});
