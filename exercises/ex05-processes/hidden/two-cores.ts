// Loaded before processes.ts: in this test file the machine shows two cores, whatever it
// runs on. "All at the same time, however many inputs there are" is then tested with more
// children than a pool the size of the machine would start, and a pool's grade does not depend
// on the machine it was graded on. Set on Node's own module object, which the code under test
// reads too (an `import * as os` reads each export from it when used).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const os = require('os') as typeof import('os');

export const CORES_SHOWN = 2;
const [first, second = first] = os.cpus();
os.availableParallelism = () => CORES_SHOWN;
os.cpus = () => [first, second];
