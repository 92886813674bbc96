export { asData } from './as-data';
export { arriveAndWait, createBarrier, releaseWhenAllArrive } from './barrier';
export { because } from './because';
export { isInstance } from './is-instance';
export { OccupancyProbe } from './occupancy';
export { liveChildren, liveWorkers } from './tracked';
export { until } from './until';
export { runWorkers } from './workers';
