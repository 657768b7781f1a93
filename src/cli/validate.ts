// `lwm2m-shadows validate`: checks operation documents with core's validation (the problems VS Code shows)
// and prints them as file:line:col: severity code: message, or as JSON.
import { validateOperationDocument, type Diagnostic } from '../core/index';
import { oneLine, parseArgs, readInput, UsageError, visible, type CliIo } from './arguments';
import { loadDatamodel, loadObjects } from './inputs';

export function validateCommand(args: string[], io: CliIo): number {
  const p = parseArgs(args, ['--format', '--datamodel', '--objects'], []);
  const format = p.flags.get('--format')?.at(-1) ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not ${format}`);
  if (!p.rest.length) throw new UsageError('validate needs at least one FILE');
  if ((p.flags.get('--datamodel') ?? []).length > 1) throw new UsageError('--datamodel may be given once');
  const registry = loadObjects(io, p.flags.get('--objects') ?? []);
  const datamodel = loadDatamodel(io, p.flags.get('--datamodel')?.[0]);
  const all: (Diagnostic & { file: string })[] = [];
  let unreadable = false;
  for (const file of p.rest) {
    let text: string;
    try {
      text = readInput(io, file, 'file');
    } catch (e) {
      io.err(`lwm2m-shadows: ${oneLine(e)}\n`);
      unreadable = true;
      continue;
    }
    try {
      for (const d of validateOperationDocument(text, { registry, datamodel })) all.push({ file, ...d });
    } catch (e) {
      io.err(`lwm2m-shadows: internal error validating ${visible(file)}: ${oneLine(e)}\n`);
      unreadable = true;
    }
  }
  if (format === 'json') io.out(JSON.stringify(all, null, 2) + '\n');
  else {
    for (const d of all) io.out(`${visible(d.file)}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity} ${d.code}: ${visible(d.message)}\n`);
    const errors = all.filter((d) => d.severity === 'error').length;
    const warnings = all.filter((d) => d.severity === 'warning').length;
    if (all.length) io.err(`${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'} in ${p.rest.length} file${p.rest.length === 1 ? '' : 's'}\n`);
  }
  if (unreadable) return 2;
  return all.some((d) => d.severity === 'error') ? 1 : 0;
}
