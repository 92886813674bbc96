import * as fs from 'fs';
import ts from 'typescript';
import { graderRoot } from '../paths';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { configPath, parsedOptions, transpileOptions } = require('./ts-options') as {
  configPath: string;
  parsedOptions: (compiler: typeof ts) => ts.CompilerOptions;
  transpileOptions: (compiler: typeof ts) => ts.CompilerOptions;
};

const written = JSON.parse(fs.readFileSync(`${graderRoot}/tsconfig.json`, 'utf8')).compilerOptions;

test('the options are tsconfig.json as TypeScript parses it, not a copy', () => {
  expect(configPath).toBe(`${graderRoot}/tsconfig.json`);
  const options = parsedOptions(ts);
  expect(options.strict).toBe(written.strict);
  expect(options.esModuleInterop).toBe(written.esModuleInterop);
  expect(ts.ScriptTarget[options.target!].toLowerCase()).toBe(written.target.toLowerCase());
  expect(ts.ModuleKind[options.module!].toLowerCase()).toBe(written.module.toLowerCase());
});

test('what runs is CommonJS with its source map inline, and none of the type-only settings', () => {
  const options = transpileOptions(ts);
  expect(options).toEqual(
    expect.objectContaining({ inlineSourceMap: true, inlineSources: true, strict: written.strict }),
  );
  for (const key of ['noEmit', 'paths', 'baseUrl']) expect(options).not.toHaveProperty(key);
  const { outputText } = ts.transpileModule('export const x: number = 1;', {
    compilerOptions: options,
  });
  expect(outputText).toMatch(/exports\.x = 1;/);
  expect(outputText).toMatch(/\/\/# sourceMappingURL=data:application\/json;base64,/);
});

test('a compiled file is keyed by the compiler, its version and tsconfig.json', () => {
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { compilerKey } = require('./ts-cache') as { compilerKey: () => string };
    const [, version, configHash] = compilerKey().split('\0');
    expect(version).toBe(ts.version);
    expect(configHash).toMatch(/^[0-9a-f]{40}$/);
  });
});
