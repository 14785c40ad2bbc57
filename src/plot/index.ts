// axon-nn/plot: training curves, image grids and confusion matrices as SVG documents, for people
// reading their results. A subpath of its own, so that apps that draw nothing ship none of it.
export { plotHistory, lossCurves } from './history.js';
export type { HistoryLike, PlotHistoryOptions, LossCurvesOptions } from './history.js';
export { imageGrid } from './image-grid.js';
export type { ImageGridOptions } from './image-grid.js';
export { confusionMatrix } from './confusion-matrix.js';
export type { ConfusionMatrixOptions } from './confusion-matrix.js';
export type { ClassLabels } from './labels.js';
export { liveHistory } from './live.js';
export type { PlotTarget } from './live.js';
export { savePlot } from './save.js';
