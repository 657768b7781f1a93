// `lwm2m-shadows keys`: the keys completion offers after a prefix, filtered by what an operation needs.
import { completeAt, OPERATION_NAMES } from '../core/index';
import { parseArgs, UsageError, visible, type CliIo } from './arguments';
import { loadDatamodel, loadObjects } from './inputs';

export function keysCommand(args: string[], io: CliIo): number {
  const p = parseArgs(args, ['--operation', '--datamodel', '--objects'], ['--details']);
  const op = p.flags.get('--operation')?.at(-1) ?? 'read';
  if (!(OPERATION_NAMES as readonly string[]).includes(op)) throw new UsageError(`--operation must be one of ${OPERATION_NAMES.join(', ')}, not ${op}`);
  if (p.rest.length > 1) throw new UsageError('keys takes at most one PREFIX');
  const prefix = p.rest[0] ?? '';
  const registry = loadObjects(io, p.flags.get('--objects') ?? []);
  const datamodel = loadDatamodel(io, p.flags.get('--datamodel')?.[0]);
  const head = `{"operation": ${JSON.stringify(op)}, "keys": ["`;
  const quoted = JSON.stringify(prefix).slice(1, -1);
  const text = `${head}${quoted}"]}`;
  const offset = head.length + quoted.length;
  const items = completeAt(text, offset, { registry, datamodel }).filter((i) => i.kind === 'key');
  items.sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label));
  for (const it of items) {
    // the key up to where the item starts, then the item; only items that continue what was typed
    const start = it.range.start.character - head.length;
    const typed = start >= 0 ? prefix.slice(start).toLowerCase() : '';
    if (!it.insertText.toLowerCase().startsWith(typed)) continue;
    const key = start >= 0 ? prefix.slice(0, start) + it.insertText : it.label;
    io.out(p.bools.has('--details') && it.detail ? `${visible(key)}\t${visible(it.detail)}\n` : `${visible(key)}\n`);
  }
  return 0;
}
