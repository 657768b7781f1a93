// The public face of src/core, bundled as dist/core.js. Pure TypeScript: no vscode, no AWS SDK, no I/O
// beyond reading the texts it is given.
export const CORE_API_VERSION = 1;

export type { Operations, LwM2MType, ResourceDef, ObjectDef } from './types';
export { loadRegistry, type Registry, type RegistryOptions } from './registry';
export { parseDdf, DdfError } from './ddf';
export {
  parseKey, formatKey, keyForPath, SPECIAL_KEYS,
  type ParsedKey, type KeyPart, type KeyError, type KeyLevel, type KeySpec, type SpecialKey,
} from './keys';
export { readDatamodel, type DatamodelTree, type DmObject, type DmInstance, type DmResource, type DmResourceInstance } from './datamodelReader';
export { readConnectivity, type ConnectivitySummary, type ConnectivityState } from './connectivityReader';
export { readDeviceLink, deviceLinkText, lwm2mVersionText, addressText, type DeviceLink } from './deviceLink';
export { readOperationResult, type OperationResult } from './resultReader';
export { matchAnswer, type Answer, type AnsweredRequest } from './answer/answerMatch';
export { validateOperationDocument, SHADOW_MAX_BYTES, SHADOW_MAX_DEPTH, type ValidateOptions } from './validate';
export { DIAGNOSTIC_CODES, LineIndex, type Diagnostic, type DiagnosticFix, type Range, type Position, type Severity } from './diagnostics';
export { quickFixes, type QuickFix, type QuickFixKind, type ShownProblem, type TextEdit } from './quickFixes';
export { OPERATION_NAMES, OPERATION_RULES, FORWARDED_FIELDS, type OperationName, type OperationRule } from './operations';
export { ATTRIBUTE_NAMES, ATTRIBUTE_RULES } from './attributes';
export { checkValue, parseRange, pythonText, type ParsedRange, type ValueProblem } from './valueTypes';
export { completeAt, type CompletionItem } from './complete';
export { hoverAt, type HoverInfo } from './hover';
export { escapeMarkdown } from './markdown';
export { unitText, unitTextWithCode } from './unitText';
export { formatLogBatch, logGroupShortName, timeOfDay } from './logLineFormat';
export { draftRefusal, type DraftRefusal } from './draftLimits';
export { actionsFor, whyNot, type ActionTarget, type RowLevel, type TreeActionKind } from './requests/actionGating';
export {
  ALL_KEY, readRequest, readAllRequest, writeRequest, executeRequest, observeRequest, cancelObserveRequest,
  cancelAllObservationsRequest, writeAttributesRequest, rebootRequest, type AttributeSet, type OperationRequestBody,
} from './requests/requestBuilders';
export {
  checkWriteInput, writeValueOf, writeChoices, checkExecuteArguments, attributeValueOf, checkAttributeSet, parseAttributesText,
  attributesText, TREE_ATTRIBUTE_NAMES, type InputCheck,
} from './requests/actionInputs';
export { checkRequest, type RequestProblem } from './requests/checkRequest';
export { datamodelTargets, targetsFor, rebootInstance, type KeyTarget } from './requests/datamodelTargets';
export {
  ChartModel, resourceKey, isPlottable, numericValue, resourceSamples, windowStats, unitAxes, alignedData, seriesCsv, SERIES_POINT_CAP,
  type PlotTarget, type SeriesInfo, type SeriesDelta, type IngestResult, type DatamodelVersion, type ResourceAddress, type WindowStats, type UnitAxis,
} from './series/index';
export { readTestFile, TEST_FILE_SUFFIX, DEFAULT_STEP_TIMEOUT_S, type TestFile, type TestStep, type TestTarget, type StepExpectations, type TestFileReading, type FirmwarePackage } from './tests/testFile';
export { validateTestDocument, completeInTestDocument, hoverInTestDocument, hasBlockingProblems } from './tests/testDocument';
export { junitXml } from './tests/junit';
export { plannedOperations, executesOnDevice } from './tests/runPlan';
export { visible, visibleLines } from './terminalText';
export { failureText, type StepResult, type StepFailure, type TestRunResult, type StepStatus, type RunNote } from './tests/testResult';
export { savedTestText, type SavedAnswer } from './tests/savedTest';
export * as firmware from './firmware/index';
