// Series of resource values over time, for charts. Pure: usable by the extension (through core) and by the
// chart webview's own bundle.
export { numericValue, isPlottable, resourceSamples, type DatamodelVersion, type ResourceAddress, type Sample } from './resourceSamples';
export { TimeSeries, SERIES_POINT_CAP, lowerBound } from './timeSeries';
export { windowStats, type WindowStats } from './windowStats';
export { unitAxes, type UnitAxis } from './unitAxes';
export { alignedData, type AlignedData } from './alignedData';
export { seriesCsv, CSV_HEADER, type CsvSeries } from './seriesCsv';
export { ChartModel, resourceKey, type PlotTarget, type SeriesInfo, type SeriesDelta, type IngestResult } from './chartModel';
