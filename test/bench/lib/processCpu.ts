import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'

let ticksPerSecond: number | undefined

/** User and system CPU time a process has used so far, in microseconds, from /proc (Linux only). */
export function cpuMicroseconds(pid: number): { user: number; system: number } {
  ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim())
  // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  const toMicroseconds = (ticks: string) => (Number(ticks) * 1_000_000) / ticksPerSecond!
  return { user: toMicroseconds(fields[11]!), system: toMicroseconds(fields[12]!) }
}
