// The LwM2M object registry: the bundled OMA registry (schemas/lwm2m-objects.json, read next to the code on
// first use) plus vendor DDF files given as text, which override registry objects with the same ID.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseDdf } from './ddf';
import type { ObjectDef, ResourceDef } from './types';

export interface Registry {
  objectById(id: number): ObjectDef | undefined;
  /** Every object with exactly this name ('Location' gives two). */
  objectsByName(name: string): ObjectDef[];
  resourceByName(obj: ObjectDef, name: string): ResourceDef | undefined;
  objects(): ObjectDef[];
  /** Objects whose name matches case-insensitively (for "did you mean" and tolerant readers). */
  objectsByNameIgnoreCase(name: string): ObjectDef[];
  resourceById(obj: ObjectDef, id: number): ResourceDef | undefined;
  /** Vendor files that could not be read, with the reason. */
  problems: { file: string; message: string }[];
}

export interface RegistryOptions {
  vendorDdf?: { file: string; text: string }[];
}

let baseObjects: ObjectDef[] | undefined;
let defaultRegistry: Registry | undefined;

/**
 * The registry text. It is read rather than bundled: compiling a bundle that carries 640 KB of data as
 * JavaScript costs more CPU than reading the file and JSON.parse-ing it.
 */
function readRegistryText(): string {
  const candidates = [
    path.join(__dirname, '..', 'schemas', 'lwm2m-objects.json'), // dist/core.js, dist/cli.js, ...
    path.join(__dirname, '..', '..', '..', 'schemas', 'lwm2m-objects.json'), // out/src/core/registry.js
  ];
  for (const c of candidates) {
    try {
      return readFileSync(c, 'utf8');
    } catch {
      // try the next place
    }
  }
  throw new Error(`the LwM2M registry schemas/lwm2m-objects.json was not found (looked in ${candidates.join(', ')})`);
}

/** The bundled registry objects: the file holds them exactly as ObjectDefs (see scripts/generate-registry.mjs). */
function registryObjects(): ObjectDef[] {
  return (baseObjects ??= (JSON.parse(readRegistryText()) as { objects: ObjectDef[] }).objects);
}

class MapRegistry implements Registry {
  private readonly byId = new Map<number, ObjectDef>();
  private readonly byName = new Map<string, ObjectDef[]>();
  private byLowerName?: Map<string, ObjectDef[]>;
  private readonly resByName = new WeakMap<ObjectDef, Map<string, ResourceDef>>();
  private readonly resById = new WeakMap<ObjectDef, Map<number, ResourceDef>>();
  private sorted?: ObjectDef[];
  problems: { file: string; message: string }[] = [];

  constructor(objects: ObjectDef[]) {
    for (const o of objects) this.byId.set(o.id, o);
    for (const o of this.byId.values()) {
      const list = this.byName.get(o.name);
      if (list) list.push(o);
      else this.byName.set(o.name, [o]);
    }
  }

  objectById(id: number): ObjectDef | undefined {
    return this.byId.get(id);
  }

  objectsByName(name: string): ObjectDef[] {
    return this.byName.get(name) ?? [];
  }

  objectsByNameIgnoreCase(name: string): ObjectDef[] {
    if (!this.byLowerName) {
      this.byLowerName = new Map();
      for (const [n, list] of this.byName) {
        const k = n.toLowerCase();
        this.byLowerName.set(k, [...(this.byLowerName.get(k) ?? []), ...list]);
      }
    }
    return this.byLowerName.get(name.toLowerCase()) ?? [];
  }

  resourceByName(obj: ObjectDef, name: string): ResourceDef | undefined {
    let m = this.resByName.get(obj);
    if (!m) {
      m = new Map();
      // The first definition wins when an object repeats a resource name.
      for (const r of obj.resources) if (!m.has(r.name)) m.set(r.name, r);
      this.resByName.set(obj, m);
    }
    return m.get(name);
  }

  resourceById(obj: ObjectDef, id: number): ResourceDef | undefined {
    let m = this.resById.get(obj);
    if (!m) {
      m = new Map(obj.resources.map((r) => [r.id, r]));
      this.resById.set(obj, m);
    }
    return m.get(id);
  }

  objects(): ObjectDef[] {
    return (this.sorted ??= [...this.byId.values()].sort((a, b) => a.id - b.id));
  }
}

/**
 * The registry: with no options, the bundled OMA registry (built once per process). Vendor DDF texts
 * override registry objects with the same ID; files that cannot be read are listed in `problems`.
 */
export function loadRegistry(options?: RegistryOptions): Registry {
  if (!options?.vendorDdf?.length) return (defaultRegistry ??= new MapRegistry(registryObjects()));
  const objects = [...registryObjects()];
  const problems: { file: string; message: string }[] = [];
  const vendor: ObjectDef[] = [];
  for (const { file, text } of options.vendorDdf) {
    try {
      vendor.push(...parseDdf(text, file));
    } catch (e) {
      problems.push({ file, message: (e as Error).message });
    }
  }
  const r = new MapRegistry([...objects, ...vendor]); // later entries (vendor) replace same IDs
  r.problems = problems;
  return r;
}
