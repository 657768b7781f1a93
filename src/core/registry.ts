// The LwM2M object registry: the bundled OMA registry (schemas/lwm2m-objects.json, inlined by esbuild)
// plus vendor DDF files given as text, which override registry objects with the same ID.
import registryFile from '../../schemas/lwm2m-objects.json';
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

type CompactResource = Partial<ResourceDef> & { id: number; name: string };
type CompactObject = Partial<Omit<ObjectDef, 'resources'>> & { id: number; name: string; resources?: CompactResource[] };

let baseObjects: ObjectDef[] | undefined;
let defaultRegistry: Registry | undefined;

/** The bundled registry objects, with the defaults the generator dropped restored. */
function registryObjects(): ObjectDef[] {
  if (baseObjects) return baseObjects;
  const file = registryFile as unknown as { objects: CompactObject[] };
  baseObjects = file.objects.map((o) => ({
    id: o.id,
    name: o.name,
    version: o.version ?? '1.0',
    multiple: o.multiple ?? false,
    mandatory: o.mandatory ?? false,
    description: o.description ?? '',
    source: 'registry',
    resources: (o.resources ?? []).map((r) => {
      const d: ResourceDef = {
        id: r.id,
        name: r.name,
        operations: r.operations ?? '',
        multiple: r.multiple ?? false,
        mandatory: r.mandatory ?? false,
        type: r.type ?? 'None',
        description: r.description ?? '',
      };
      if (r.range !== undefined) d.range = r.range;
      if (r.units !== undefined) d.units = r.units;
      return d;
    }),
  }));
  return baseObjects;
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
