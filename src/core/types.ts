// The LwM2M object model as core sees it: object and resource definitions from DDF files.

/** Operations a resource allows, as written in the DDF <Operations> element. */
export type Operations = '' | 'R' | 'W' | 'RW' | 'E';

/** LwM2M resource data types (`None` for executable resources without a type). */
export type LwM2MType =
  | 'Integer'
  | 'Unsigned Integer'
  | 'Float'
  | 'Boolean'
  | 'String'
  | 'Time'
  | 'Opaque'
  | 'Objlnk'
  | 'Corelnk'
  | 'None';

export interface ResourceDef {
  id: number;
  name: string;
  operations: Operations;
  multiple: boolean;
  mandatory: boolean;
  type: LwM2MType;
  /** The DDF RangeEnumeration, verbatim (e.g. `0..100`, `1,2,3`, `0..255 bytes`). */
  range?: string;
  units?: string;
  description: string;
  /**
   * What an Integer resource's values mean, as its description lists them (`0: Idle`, `1: Downloading …`),
   * each cut to its first sentence; only when the description lists at least two.
   */
  values?: Record<string, string>;
}

export interface ObjectDef {
  id: number;
  name: string;
  version: string;
  multiple: boolean;
  mandatory: boolean;
  description: string;
  resources: ResourceDef[];
  /** 'registry' for the bundled OMA registry, otherwise the vendor file it came from. */
  source?: string;
}
