/** The Experiments section of the studio (with the datasets they run on): its pages. */
export { DatasetsListView } from './views/datasets-list-view';
export { DatasetView } from './views/dataset-view';
export { ExperimentsListView } from './views/experiments-list-view';
export { ExperimentBuilderView } from './views/experiment-builder-view';
export { ExperimentView } from './views/experiment-view';
export { RunView } from './views/run-view';
