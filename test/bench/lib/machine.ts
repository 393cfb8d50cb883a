import { cpus, freemem, loadavg, totalmem, type, release } from 'node:os'

export interface Machine {
  cpu: string
  cores: number
  memory_gib: number
  os: string
  node: string
  date: string
  /** 1-minute load average when the run started and ended: other work on the machine skews every figure. */
  load_average: { start: number; end?: number }
  free_memory_gib: number
}

export function describeMachine(): Machine {
  const processors = cpus()
  return {
    cpu: processors[0]?.model.trim() ?? 'unknown',
    cores: processors.length,
    memory_gib: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${type()} ${release()}`,
    node: process.version,
    date: new Date().toISOString(),
    load_average: { start: loadavg()[0]! },
    free_memory_gib: Math.round((freemem() / 2 ** 30) * 10) / 10,
  }
}

export function currentLoad(): number {
  return loadavg()[0]!
}
