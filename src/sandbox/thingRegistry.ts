// The IoT thing registry: thing types and things, with the rules AWS IoT applies to them
// (names, deprecation, a deprecated type takes no new things, a type in use cannot be deleted).
import { randomUUID } from 'node:crypto';
import { ApiError, invalidRequest, notFound } from './apiError';
import { MemoryBudget, thingBytes } from './memoryBudget';

export const SANDBOX_ACCOUNT = '123456789012';
const NAME = /^[a-zA-Z0-9:_-]{1,128}$/;
/** What the sandbox keeps at most (AWS has account quotas instead); things are bounded by the memory budget. */
export const MAX_THING_TYPES = 1_000;
const limitExceeded = (message: string) => new ApiError(410, 'LimitExceededException', message);

export interface ThingType {
  name: string;
  id: string;
  arn: string;
  description?: string;
  searchableAttributes?: string[];
  deprecated: boolean;
  /** Epoch seconds. */
  deprecationDate?: number;
  creationDate: number;
}

export interface Thing {
  name: string;
  id: string;
  arn: string;
  typeName?: string;
  attributes: Record<string, string>;
  version: number;
}

export class ThingRegistry {
  private readonly types = new Map<string, ThingType>();
  private readonly thingList: Thing[] = [];
  private readonly things = new Map<string, Thing>();

  constructor(
    readonly region: string,
    private readonly budget = new MemoryBudget(),
  ) {}

  arn(kind: 'thing' | 'thingtype', name: string): string {
    return `arn:aws:iot:${this.region}:${SANDBOX_ACCOUNT}:${kind}/${name}`;
  }

  createThingType(name: string, props: { description?: string; searchableAttributes?: string[] } = {}, at = Date.now(), id: string = randomUUID()): ThingType {
    if (!NAME.test(name)) throw invalidRequest(`1 validation error detected: Value '${name}' at 'thingTypeName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9:_-]+`);
    const existing = this.types.get(name);
    if (existing) {
      if (existing.description === props.description) return existing; // AWS: idempotent for identical properties
      throw new ApiError(409, 'ResourceAlreadyExistsException', `Thing Type ${name} already exists with different properties`);
    }
    if (this.types.size >= MAX_THING_TYPES) throw limitExceeded(`The sandbox keeps at most ${MAX_THING_TYPES} thing types`);
    const type: ThingType = { name, id, arn: this.arn('thingtype', name), description: props.description, searchableAttributes: props.searchableAttributes, deprecated: false, creationDate: at / 1000 };
    this.types.set(name, type);
    return type;
  }

  thingType(name: string): ThingType {
    const t = this.types.get(name);
    if (!t) throw notFound(`Thing Type ${name} does not exist`);
    return t;
  }

  listThingTypes(): ThingType[] {
    return [...this.types.values()];
  }

  deprecateThingType(name: string, undo: boolean, at = Date.now()): void {
    const t = this.thingType(name);
    t.deprecated = !undo;
    t.deprecationDate = undo ? undefined : at / 1000;
  }

  deleteThingType(name: string): void {
    const t = this.thingType(name);
    if (!t.deprecated) throw invalidRequest(`Thing Type ${name} must be deprecated before it can be deleted`);
    if (this.thingList.some((th) => th.typeName === name)) throw invalidRequest(`Can not delete Thing Type ${name} with things associated`);
    this.types.delete(name);
  }

  createThing(name: string, typeName: string | undefined, attributes: Record<string, string>, id: string = randomUUID()): Thing {
    if (!NAME.test(name)) throw invalidRequest(`1 validation error detected: Value '${name}' at 'thingName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9:_-]+`);
    if (typeName !== undefined) {
      const t = this.types.get(typeName);
      if (!t) throw notFound(`Thing Type ${typeName} does not exist`);
      if (t.deprecated) throw invalidRequest(`Can not create new thing with deprecated thing type:${typeName}`);
    }
    const existing = this.things.get(name);
    if (existing) {
      if (existing.typeName === typeName && sameAttributes(existing.attributes, attributes)) return existing;
      throw new ApiError(409, 'ResourceAlreadyExistsException', `Thing ${name} already exists in account with different attributes`);
    }
    this.budget.charge(thingBytes(name, attributes), limitExceeded);
    const thing: Thing = { name, id, arn: this.arn('thing', name), typeName, attributes: { ...attributes }, version: 1 };
    this.things.set(name, thing);
    this.thingList.push(thing);
    return thing;
  }

  thing(name: string): Thing {
    const t = this.things.get(name);
    if (!t) throw notFound(`Thing ${name} cannot be found.`);
    return t;
  }

  hasThing(name: string): boolean {
    return this.things.has(name);
  }

  /** All things in creation order (ListThings pages over this). */
  allThings(): readonly Thing[] {
    return this.thingList;
  }

  get thingCount(): number {
    return this.thingList.length;
  }
}

function sameAttributes(a: Record<string, string>, b: Record<string, string>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && a[k] === b[k]);
}
