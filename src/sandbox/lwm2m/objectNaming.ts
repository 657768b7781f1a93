// A registered client's objects by name, as Coiote names them in keys and the datamodel shadow: OMA registry
// names (or the sandbox's vendor objects), and for an object nobody defines (Wakaama's test object 31024) its
// number; resources likewise. Keys are resolved against the objects the client registered, longest name first
// (names contain dots), with numbers accepted wherever a name is unknown.
import type { ObjectDef, ResourceDef } from '../../core/index';
import type { ResourceType, TypeOf } from './codecs/index';

export type ObjectResolver = (id: number) => ObjectDef | undefined;

/** What a key names on a client: the path and the definitions along it. */
export interface KeyPath {
  key: string;
  /** '/3/0/4' */
  path: string;
  objectId: number;
  instance?: number;
  resourceId?: number;
  resourceInstance?: number;
  resource?: ResourceDef;
}

const ID = /^\d{1,5}$/;

export class ObjectNaming {
  private readonly byName = new Map<string, number>();

  /** `objectIds`: the objects the client registered (their names are what keys may use). */
  constructor(
    private readonly resolve: ObjectResolver,
    objectIds: Iterable<number>,
  ) {
    for (const id of objectIds) {
      const name = this.objectName(id);
      if (!this.byName.has(name)) this.byName.set(name, id);
    }
  }

  def(objectId: number): ObjectDef | undefined {
    return this.resolve(objectId);
  }

  objectName(objectId: number): string {
    return this.resolve(objectId)?.name ?? String(objectId);
  }

  resource(objectId: number, resourceId: number): ResourceDef | undefined {
    return this.resolve(objectId)?.resources.find((r) => r.id === resourceId);
  }

  resourceName(objectId: number, resourceId: number): string {
    return this.resource(objectId, resourceId)?.name ?? String(resourceId);
  }

  /** The codecs' view of the types: '/3/0/9' → 'Integer'. */
  readonly typeOf: TypeOf = (path) => {
    const [o, , r] = path.split('/').filter(Boolean).map(Number);
    if (r === undefined) return undefined;
    return this.resource(o, r)?.type as ResourceType | undefined;
  };

  /** `Device.0.Reboot` → /3/0/4; `31024.10.2` → /31024/10/2; undefined when the client has no such object. */
  keyPath(key: string): KeyPath | undefined {
    let objectId: number | undefined;
    let rest = '';
    let best = -1;
    for (const [name, id] of this.byName) {
      if ((key === name || key.startsWith(`${name}.`)) && name.length > best) {
        best = name.length;
        objectId = id;
        rest = key.slice(name.length + 1);
      }
    }
    if (objectId === undefined) {
      const m = /^(\d{1,5})(?:\.(.*))?$/.exec(key);
      if (!m || ![...this.byName.values()].includes(Number(m[1]))) return undefined;
      objectId = Number(m[1]);
      rest = m[2] ?? '';
    }
    const out: KeyPath = { key, path: `/${objectId}`, objectId };
    if (rest === '') return out;
    const dot = rest.indexOf('.');
    const inst = dot < 0 ? rest : rest.slice(0, dot);
    if (!ID.test(inst)) return undefined;
    out.instance = Number(inst);
    out.path += `/${inst}`;
    if (dot < 0) return out;
    const resText = rest.slice(dot + 1);
    const def = this.resolve(objectId);
    let named: ResourceDef | undefined;
    for (const r of def?.resources ?? []) {
      if ((resText === r.name || resText.startsWith(`${r.name}.`)) && (!named || r.name.length > named.name.length)) named = r;
    }
    let riText: string | undefined;
    if (named) {
      out.resource = named;
      out.resourceId = named.id;
      riText = resText === named.name ? undefined : resText.slice(named.name.length + 1);
    } else {
      const m = /^(\d{1,5})(?:\.(.*))?$/.exec(resText);
      if (!m) return undefined;
      out.resourceId = Number(m[1]);
      out.resource = def?.resources.find((r) => r.id === out.resourceId);
      riText = m[2];
    }
    out.path += `/${out.resourceId}`;
    if (riText !== undefined) {
      if (!ID.test(riText)) return undefined;
      out.resourceInstance = Number(riText);
      out.path += `/${riText}`;
    }
    return out;
  }
}
