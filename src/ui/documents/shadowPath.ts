// Paths of shadow documents: `/<connection>/<thingName>/<shadow>.json`, the classic shadow as
// `classic.json`, and a named shadow that is itself called `classic` as `classic~named.json` (`~` is not
// allowed in shadow names, so no other shadow can be written that way). Pure (no vscode) so plain-Node tests cover it; shadowUri.ts wraps it in vscode.Uri.
import { CLASSIC_FILE_STEM, CLASSIC_SHADOW } from '../format/shadowNames';

export const SHADOW_SCHEME = 'lwm2m-shadow';

export interface ShadowRef {
  /** ConnectionSpec.id, e.g. `sandbox` or `default@eu-west-1`. */
  connection: string;
  thingName: string;
  /** '' for the classic shadow. */
  shadowName: string;
}

const SEGMENT = /^[^/]+$/;
/** Marks the named shadow called like the classic shadow's file. */
const NAMED_SUFFIX = '~named';

export function shadowPath(ref: ShadowRef): string {
  for (const part of [ref.connection, ref.thingName]) {
    if (!SEGMENT.test(part)) throw new Error(`Not a valid path segment: ${JSON.stringify(part)}`);
  }
  const stem = ref.shadowName === CLASSIC_SHADOW ? CLASSIC_FILE_STEM
    : ref.shadowName === CLASSIC_FILE_STEM ? `${CLASSIC_FILE_STEM}${NAMED_SUFFIX}` : ref.shadowName;
  return `/${ref.connection}/${ref.thingName}/${stem}.json`;
}

/** The shadow a document path names, or undefined when the path is not one. */
export function parseShadowPath(path: string): ShadowRef | undefined {
  const m = /^\/([^/]+)\/([^/]+)\/([^/]+)\.json$/.exec(path);
  if (!m) return undefined;
  const [, connection, thingName, stem] = m;
  const shadowName = stem === CLASSIC_FILE_STEM ? CLASSIC_SHADOW
    : stem === `${CLASSIC_FILE_STEM}${NAMED_SUFFIX}` ? CLASSIC_FILE_STEM : stem;
  return { connection, thingName, shadowName };
}

/** A stable key for caches: one per shadow. */
export function shadowKey(ref: ShadowRef): string {
  return `${ref.connection}\u0000${ref.thingName}\u0000${ref.shadowName}`;
}
