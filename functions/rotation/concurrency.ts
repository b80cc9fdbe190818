/** The rotation function's bounded fan-out; it lives in core, where the notifier uses it too. */
export { mapWithConcurrency } from '../core/async/map-with-concurrency';
