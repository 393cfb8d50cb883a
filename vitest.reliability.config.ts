// `npm run test:reliability`: the slow suites (soak, fault storms, crash after every saga step), one file at a
// time so the soak has the machine to itself. The quick reliability suites are *.test.ts and run in `npm test`.
import { resolve } from 'node:path'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  resolve: { alias: { '@shared': resolve(import.meta.dirname, 'src-shared') } },
  test: {
    include: ['test/reliability/**/*.reliability.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
})
