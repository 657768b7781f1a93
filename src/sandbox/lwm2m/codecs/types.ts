// The shapes the LwM2M codecs take and give (re-exported by index.ts).

/** LwM2M resource data types, as the registry and DDF files name them. */
export type ResourceType = 'String' | 'Integer' | 'Unsigned Integer' | 'Float' | 'Boolean' | 'Opaque' | 'Time' | 'Objlnk' | 'Corelnk' | 'None';

export interface ObjlnkValue { objectId: number; instanceId: number }

/**
 * A resource value. Integers, Unsigned Integers and Times decode to numbers, or to their decimal string when
 * they are 64-bit values past 2^53 (exact, unlike a number); Opaque decodes to bytes; Objlnk to the object.
 */
export type Lwm2mValue = string | number | boolean | Uint8Array | ObjlnkValue;

export interface Lwm2mRecord {
  /** '/3/0/0' (a resource) or '/3/0/6/1' (a resource instance). */
  path: string;
  value: Lwm2mValue;
  /** SenML time (epoch seconds), when the payload gives one. */
  time?: number;
}

/** The type of the resource '/o/i/r' from the registry or a DDF; undefined when unknown. */
export type TypeOf = (path: string) => ResourceType | undefined;

/** A link of a CoRE link-format (RFC 6690) document, e.g. {uri: '/', params: {rt: 'oma.lwm2m', ct: '110'}}. */
export interface Link { uri: string; params: Record<string, string | true> }

export const FORMATS = { TEXT: 0, LINK: 40, OPAQUE: 42, SENML_JSON: 110, SENML_CBOR: 112, TLV: 11542, LWM2M_JSON: 11543 } as const;
