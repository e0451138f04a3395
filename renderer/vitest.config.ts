// Unit tests of the renderer's pure pieces (TSV parsing, pinyin search text, formatting):
//   npx vitest run --config renderer/vitest.config.ts
// (The root vitest.config.ts collects tests/** only; add 'renderer/**/*.test.ts' there to run these with `npm test`.)
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['renderer/**/*.test.ts'],
    environment: 'node',
  },
});
