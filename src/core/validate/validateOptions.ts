// What validation is told about the document's context: the registry and, when known, the thing's datamodel.
import type { Registry } from '../registry';

export interface ValidateOptions {
  registry?: Registry;
  /** the thing's datamodel shadow: whole document, `{reported}` or the reported data */
  datamodel?: unknown;
}
