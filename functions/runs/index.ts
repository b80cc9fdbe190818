/** The run's state and the close-run step (docs/run.md): used by the rotation function, never by the notifier. */
export { RunCloser, DEFAULT_STRAGGLER_DEADLINE_MS, type CloseOutcome, type RunCloserParts } from './close';
export { RunStore, type StoredResult } from './store';
export { keyReportFiles, keyReportFolder, runDay, type KeyReportFile } from './key-report';
