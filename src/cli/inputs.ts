// What `validate` and `keys` read besides the documents: the LwM2M objects (the registry, with vendor DDF
// folders given by --objects) and a thing's datamodel shadow (--datamodel).
import { readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { loadRegistry, type Registry } from '../core/index';
import { InputError, readInput, visible, type CliIo } from './arguments';

export function loadObjects(io: CliIo, dirs: string[]): Registry {
  if (!dirs.length) return loadRegistry();
  const vendorDdf: { file: string; text: string }[] = [];
  for (const dir of dirs) {
    let names: string[];
    try {
      names = statSync(dir).isDirectory() ? readdirSync(dir).filter((f) => f.toLowerCase().endsWith('.xml')).sort().map((f) => path.join(dir, f)) : [dir];
    } catch (e) {
      throw new InputError(`cannot read object definitions ${dir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    for (const f of names) vendorDdf.push({ file: f, text: readInput(io, f, 'object definition') });
  }
  const registry = loadRegistry({ vendorDdf });
  for (const p of registry.problems) io.err(`warning: ${visible(p.message)}\n`);
  return registry;
}

export function loadDatamodel(io: CliIo, file: string | undefined): unknown {
  if (file === undefined) return undefined;
  const text = readInput(io, file, 'datamodel');
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new InputError(`datamodel ${file} is not JSON: ${(e as Error).message}`);
  }
}
