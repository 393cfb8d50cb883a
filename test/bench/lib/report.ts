// The bench's two outputs: bench-results/latest.json for machines, BENCHMARKS.md (committed) for people.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { BenchResult } from './benchResult'
import type { Machine } from './machine'
import { REPO } from './serverProcess'

export interface BenchReport {
  machine: Machine
  duration_seconds: number
  results: BenchResult[]
}

const verdict = (met: boolean | null) => (met === null ? 'reported' : met ? 'met' : 'missed')

function cell(value: string | number): string {
  return String(value).replace(/\|/g, '\\|')
}

function markdownTable(columns: string[], rows: Array<Array<string | number>>): string {
  return [`| ${columns.map(cell).join(' | ')} |`, `| ${columns.map(() => '---').join(' | ')} |`, ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`)].join('\n')
}

export function toMarkdown(report: BenchReport): string {
  const { machine } = report
  const summary = markdownTable(
    ['benchmark', 'target', 'ratio', 'result'],
    report.results.map((r) => [r.title, r.target, r.ratio ?? '—', verdict(r.met)]),
  )
  const sections = report.results.map((r) =>
    [`## ${r.title}`, '', `Target: ${r.target} — **${verdict(r.met)}**`, '', markdownTable(r.table.columns, r.table.rows), ...(r.notes?.length ? ['', ...r.notes.map((n) => `- ${n}`)] : [])].join('\n'),
  )
  return [
    '# Benchmarks',
    '',
    'Written by `npm run bench` (test/bench/run.ts); every figure is measured against a baseline in the same run.',
    'The raw figures of the latest run are in `bench-results/latest.json` (not committed).',
    '',
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memory_gib} GiB memory, ${machine.os}, Node ${machine.node}. ` +
      `Run ${machine.date}, ${Math.round(report.duration_seconds)} s; load average ${machine.load_average.start.toFixed(2)} at the start and ${machine.load_average.end?.toFixed(2) ?? '?'} at the end.`,
    '',
    summary,
    '',
    ...sections.flatMap((section) => [section, '']),
  ].join('\n')
}

export function writeReport(report: BenchReport): { json: string; markdown: string } {
  const json = join(REPO, 'bench-results/latest.json')
  const markdown = join(REPO, 'BENCHMARKS.md')
  mkdirSync(join(REPO, 'bench-results'), { recursive: true })
  writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`)
  writeFileSync(markdown, toMarkdown(report))
  return { json, markdown }
}
