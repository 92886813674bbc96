/** @jest-config-loader-options {"transpileOnly": true} */
import * as path from 'path';
import type { Config } from 'jest';

// `npm test` in a student copy (the released package.json points here): one suite proving the
// copy works on its own. The instructor repository's own `npm test` uses ../../jest.config.ts.
const rootDir = path.resolve(__dirname, '..', '..');

const config: Config = {
  rootDir,
  roots: ['<rootDir>/grader/release'],
  testMatch: ['**/grader/release/student-self-test.ts'],
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
  moduleNameMapper: { '^@course/(.*)$': '<rootDir>/grader/$1' },
  // Each exercise's check runs jest in a process of its own, busy on both cores.
  maxWorkers: 1,
  cacheDirectory: '<rootDir>/.grader/jest-cache-self',
};

export default config;
