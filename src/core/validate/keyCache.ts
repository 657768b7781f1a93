// The keys of a document, analysed through a cache: keys repeat as the user types, so each distinct key is
// analysed once per registry, datamodel and operation, and an unchanged key at the same position is not even
// looked up.
import type { DatamodelIndex } from '../datamodelIndex';
import type { JsonPath } from '../documentModel';
import type { ParsedKey } from '../keys';
import type { OperationRule } from '../operations';
import type { Registry } from '../registry';
import type { Finding } from './finding';
import { analyseKey, type KeyFinding } from './keyAnalysis';

const NO_DATAMODEL = {};
type KeyAnalysis = { parsed: ParsedKey; findings: KeyFinding[]; stamp?: number };
let docStamp = 0;
type KeyMemo = Map<string, KeyAnalysis> & { prevKeys?: unknown[]; prevAnalyses?: (KeyAnalysis | undefined)[] };
const keyMemo = new WeakMap<Registry, WeakMap<object, Map<string, KeyMemo>>>();

/** The memo of key analyses for one registry, datamodel and operation (keys repeat as the user types). */
function keyMemoFor(registry: Registry, datamodel: unknown, opName: string | undefined): KeyMemo {
  const dmKey = typeof datamodel === 'object' && datamodel !== null ? datamodel : NO_DATAMODEL;
  let byDm = keyMemo.get(registry);
  if (!byDm) keyMemo.set(registry, (byDm = new WeakMap()));
  let byOp = byDm.get(dmKey);
  if (!byOp) byDm.set(dmKey, (byOp = new Map()));
  const op = opName ?? '';
  let byKey = byOp.get(op);
  if (!byKey) byOp.set(op, (byKey = new Map() as KeyMemo));
  if (byKey.size > 20_000) byKey.clear();
  return byKey;
}

/** The findings of a document's keys at their paths, each key parsed, and whether some key may repeat another. */
export function keyFindings(keys: unknown[], rule: OperationRule | undefined, opName: string | undefined, keysPath: JsonPath, registry: Registry, datamodel: unknown, dm: DatamodelIndex | undefined): { parsed: (ParsedKey | undefined)[]; findings: Finding[]; mayRepeat: boolean } {
  const out: Finding[] = [];
  const parsed: (ParsedKey | undefined)[] = [];
  const memo = keyMemoFor(registry, datamodel, opName);
  // equal keys share one memoised analysis: seeing it twice in this document means a repeat
  const stamp = ++docStamp;
  let mayRepeat = false;
  // the previous document's keys, by position: most edits leave most keys as they were (no hashing needed)
  const prevKeys = memo.prevKeys ?? [];
  const prevAnalyses = memo.prevAnalyses ?? [];
  const analyses: (KeyAnalysis | undefined)[] = [];
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    if (typeof key !== 'string') { parsed.push(undefined); analyses.push(undefined); continue; }
    let r = prevKeys[i] === key ? prevAnalyses[i] : undefined;
    if (!r) {
      r = memo.get(key);
      if (!r) memo.set(key, (r = analyseKey(key, rule, opName, registry, datamodel, dm)));
    }
    analyses.push(r);
    if (r.stamp === stamp || r.parsed.trailingDot) mayRepeat = true;
    r.stamp = stamp;
    parsed.push(r.parsed);
    for (const f of r.findings) out.push({ ...f, path: [...keysPath, i] });
  }
  memo.prevKeys = keys;
  memo.prevAnalyses = analyses;
  return { parsed, findings: out, mayRepeat };
}
