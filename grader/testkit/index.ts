export { arriveAndWait, createBarrier, releaseWhenAllArrive } from './barrier';
export { because } from './because';
export { OccupancyProbe } from './occupancy';
export { liveChildren, liveWorkers } from './tracked';
export { runWorkers } from './workers';
