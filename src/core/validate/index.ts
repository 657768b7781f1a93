// Validation of operation documents (one concept per file in this folder); what the rest of core, the CLI
// and the tests use.
export { validateOperationDocument } from './validateOperationDocument';
export { SHADOW_MAX_BYTES, SHADOW_MAX_DEPTH } from './shadowLimits';
export type { ValidateOptions } from './validateOptions';
