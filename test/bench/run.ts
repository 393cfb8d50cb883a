// `npm run bench`: builds the app, runs every benchmark in turn (each against its own baseline), prints a table
// per benchmark and writes bench-results/latest.json and BENCHMARKS.md. Targets missed are reported, not fatal.
// `npm run bench -- auth` runs only the benchmarks whose name contains a given word and replaces just their
// results in the existing report. PROXDESK_BENCH_OUT_DIR builds into another directory than out/ (shared trees).
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { benchProxyAuth } from './auth/authBench'
import { benchAllocators } from './allocatorBench'
import { benchConcurrency } from './concurrency/concurrencyBench'
import { benchPropagation } from './propagationBench'
import { benchListing } from './listingBench'
import { benchRenderer } from './rendererBench'
import type { BenchResult } from './lib/benchResult'
import { currentLoad, describeMachine } from './lib/machine'
import { writeReport, type BenchReport } from './lib/report'
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

const filters = process.argv.slice(2).map((word) => word.toLowerCase())
const selected = filters.length === 0 ? BENCHES : BENCHES.filter((bench) => filters.some((word) => bench.name.includes(word)))
if (selected.length === 0) throw new Error(`no benchmark matches ${filters.join(', ')}; the names are: ${BENCHES.map((b) => b.name).join(', ')}`)

/** A partial run keeps the rest of the last full report, and says when and under what load its own figures were taken. */
function mergedIntoPrevious(report: BenchReport): BenchReport {
  const previousFile = join(REPO, 'bench-results/latest.json')
  if (filters.length === 0 || !existsSync(previousFile)) return report
  const previous = JSON.parse(readFileSync(previousFile, 'utf8')) as BenchReport
  const { machine } = report
  const rerun = report.results.map((result) => ({
    ...result,
    notes: [...(result.notes ?? []), `re-measured alone (npm run bench -- ${filters.join(' ')}) at ${machine.date}; load average ${machine.load_average.start.toFixed(2)} at its start and ${machine.load_average.end?.toFixed(2) ?? '?'} at its end`],
  }))
  const byId = new Map(rerun.map((result) => [result.id, result]))
  const kept = previous.results.map((result) => byId.get(result.id) ?? result)
  const added = rerun.filter((result) => !previous.results.some((old) => old.id === result.id))
  return { ...previous, results: [...kept, ...added] }
}

const started = performance.now()
const machine = describeMachine()
process.stdout.write(`bench: ${machine.cpu}, ${machine.cores} cores, ${machine.memory_gib} GiB, Node ${machine.node}, load ${machine.load_average.start.toFixed(2)}\n`)
// The renderer sizes and the auth server (the shipped main/cli.js) both need a fresh production build.
const outDir = process.env.PROXDESK_BENCH_OUT_DIR
execFileSync('npx', ['electron-vite', 'build', ...(outDir ? ['--outDir', outDir] : [])], { cwd: REPO, stdio: ['ignore', 'ignore', 'inherit'] })
const results: BenchResult[] = []
for (const bench of selected) {
  process.stdout.write(`\nbench: ${bench.name}…\n`)
  const result = await bench.run()
  printResult(result)
  results.push(result)
}
machine.load_average.end = currentLoad()
const written = writeReport(mergedIntoPrevious({ machine, duration_seconds: (performance.now() - started) / 1000, results }))
process.stdout.write(`\nbench: wrote ${written.json} and ${written.markdown} in ${Math.round((performance.now() - started) / 1000)} s\n`)
