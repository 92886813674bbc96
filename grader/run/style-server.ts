import * as fs from 'fs';
import type { StyleReply, StyleRequest } from './style';

// prettier's own process (see style.ts), kept between checks so prettier loads once: a watch's
// re-run would otherwise spend most of its time starting it. Whatever a submitted file does to
// prettier's parsers (deep nesting, a slow path) happens here, under the grader's time limit.

// prettier is an ES module; TypeScript compiled to CommonJS would turn import() into require().
const importEsm = new Function('specifier', 'return import(specifier)') as (
  specifier: string,
) => Promise<typeof import('prettier') & { default?: typeof import('prettier') }>;

process.on('message', async (request: StyleRequest) => {
  let reply: StyleReply;
  try {
    const loaded = await importEsm('prettier');
    // Loaded as CommonJS (by the register hook's resolution) its API is the default export.
    const prettier = loaded.default ?? loaded;
    const options = JSON.parse(fs.readFileSync(request.config, 'utf8')) as object;
    const unformatted: string[] = [];
    for (const file of request.files) {
      const text = fs.readFileSync(file, 'utf8');
      try {
        if (!(await prettier.check(text, { ...options, filepath: file }))) unformatted.push(file);
      } catch (error) {
        // A file prettier cannot parse is the student's to fix, like any other unformatted file.
        if ((error as Error).name !== 'SyntaxError') throw error;
        unformatted.push(file);
      }
    }
    reply = { kind: 'checked', unformatted };
  } catch (error) {
    reply = { kind: 'failed', reason: String((error as Error).message ?? error).slice(0, 2000) };
  }
  process.send?.(reply);
});

// The grader went away: nothing is left to check.
process.on('disconnect', () => process.exit(0));
