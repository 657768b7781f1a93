// Finds the `reported` data in what callers give: a whole shadow document, `{reported}`, or the data itself.
import { isRecord } from './jsonValue';

/** The reported section of a shadow document, or the value itself when it is not wrapped. */
export function reportedSection(doc: unknown): Record<string, unknown> | undefined {
  if (!isRecord(doc)) return undefined;
  const state = doc.state;
  if (isRecord(state)) return isRecord(state.reported) ? state.reported : undefined;
  if ('reported' in doc) return isRecord(doc.reported) ? doc.reported : undefined;
  return doc;
}
