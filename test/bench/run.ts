// `npm run bench`: builds the app, runs every benchmark in turn (each against its own baseline), prints a table
// per benchmark and writes bench-results/latest.json and BENCHMARKS.md. Targets missed are reported, not fatal.
import { execFileSync } from 'node:child_process'
import { benchProxyAuth } from './auth/authBench'
import { benchAllocators } from './allocatorBench'
import { benchConcurrency } from './concurrency/concurrencyBench'
import { benchPropagation } from './propagationBench'
import { benchListing } from './listingBench'
import { benchRenderer } from './rendererBench'
import type { BenchResult } from './lib/benchResult'
import { currentLoad, describeMachine } from './lib/machine'
import { writeReport } from './lib/report'
import { REPO } from './lib/serverProcess'

const BENCHES: Array<{ name: string; run: () => BenchResult | Promise<BenchResult> }> = [
  { name: 'renderer bundle', run: benchRenderer },
  { name: 'proxy auth endpoint', run: benchProxyAuth },
  { name: 'allocators', run: benchAllocators },
  { name: 'concurrent allocation', run: benchConcurrency },
  { name: 'group propagation', run: benchPropagation },
  { name: 'listing', run: benchListing },
]

function printResult(result: BenchResult): void {
  const widths = result.table.columns.map((column, i) => Math.max(column.length, ...result.table.rows.map((row) => String(row[i] ?? '').length)))
  const line = (cells: Array<string | number>) => cells.map((c, i) => String(c).padEnd(widths[i]!)).join('  ')
  const verdict = result.met === null ? '' : result.met ? '  [target met]' : '  [target MISSED]'
  process.stdout.write(`\n${result.title}\ntarget: ${result.target}${verdict}\n${line(result.table.columns)}\n${result.table.rows.map(line).join('\n')}\n`)
  for (const note of result.notes ?? []) process.stdout.write(`note: ${note}\n`)
}

const started = performance.now()
const machine = describeMachine()
process.stdout.write(`bench: ${machine.cpu}, ${machine.cores} cores, ${machine.memory_gib} GiB, Node ${machine.node}, load ${machine.load_average.start.toFixed(2)}\n`)
// The renderer sizes and the auth server (the shipped out/main/cli.js) both need a fresh production build.
execFileSync('npx', ['electron-vite', 'build'], { cwd: REPO, stdio: ['ignore', 'ignore', 'inherit'] })
const results: BenchResult[] = []
for (const bench of BENCHES) {
  process.stdout.write(`\nbench: ${bench.name}…\n`)
  const result = await bench.run()
  printResult(result)
  results.push(result)
}
machine.load_average.end = currentLoad()
const written = writeReport({ machine, duration_seconds: (performance.now() - started) / 1000, results })
process.stdout.write(`\nbench: wrote ${written.json} and ${written.markdown} in ${Math.round((performance.now() - started) / 1000)} s\n`)
