// Worker tasks (RPCEnvironment::fork_worker): each gets a UPID, runs asynchronously and ends after a delay with
// `TASK OK` or `TASK ERROR: <text>` as its last log line, which is what the exit status is read from.

import type { Clock, FakePveState, FakeTask } from './state'

export interface TaskSpec {
  nodeName: string
  type: string
  id: string
  authid: string
  /** Lines the worker prints right away. */
  initialLog?: string[]
  /** The worker's work, run when the task ends; a thrown error becomes the exit status. */
  execute: (log: (line: string) => void) => void
  /** Undoes what the API call did before forking (such as a config lock) when the work is not run. */
  abort?: () => void
  durationMs?: number
  /** Exit status an injected fault demands instead of running the work. */
  injectedFailure?: string
}

function hex8(value: number): string {
  return value.toString(16).toUpperCase().padStart(8, '0')
}

export class TaskRunner {
  private readonly timers = new Map<string, NodeJS.Timeout>()
  private readonly aborts = new Map<string, () => void>()
  private lastPid = 0x3a000 + Math.floor(Math.random() * 0x10000)

  constructor(
    private readonly state: FakePveState,
    private readonly clock: Clock,
    private readonly defaultDurationMs: number,
  ) {}

  start(spec: TaskSpec): FakeTask {
    const now = this.clock()
    const pveNode = this.state.nodes.get(spec.nodeName)
    this.lastPid += 1 + Math.floor(Math.random() * 200)
    // PSTART is the process start in clock ticks (100 Hz) since boot, as /proc/<pid>/stat reports it.
    const pstart = Math.floor((now - (pveNode?.bootedAt ?? now)) / 10)
    const starttime = Math.floor(now / 1000)
    const upid = `UPID:${spec.nodeName}:${hex8(this.lastPid)}:${hex8(pstart)}:${hex8(starttime)}:${spec.type}:${spec.id}:${spec.authid}:`
    const task: FakeTask = {
      upid,
      node: spec.nodeName,
      pid: this.lastPid,
      pstart,
      starttime,
      type: spec.type,
      id: spec.id,
      authid: spec.authid,
      status: 'running',
      log: [...(spec.initialLog ?? [])],
    }
    this.state.tasks.set(upid, task)
    if (spec.abort) this.aborts.set(upid, spec.abort)
    const timer = setTimeout(() => this.finish(task, spec), spec.durationMs ?? this.defaultDurationMs)
    timer.unref()
    this.timers.set(upid, timer)
    return task
  }

  /** DELETE /nodes/{node}/tasks/{upid}: the worker gets SIGTERM and dies with "received interrupt". */
  interrupt(task: FakeTask): void {
    if (task.status !== 'running') return
    this.aborts.get(task.upid)?.()
    this.end(task, 'received interrupt')
  }

  /** Ends a task that waits on something outside the runner (such as a console session): OK, or the failure. */
  complete(upid: string, failure?: string): void {
    const task = this.state.tasks.get(upid)
    if (task?.status === 'running') this.end(task, failure)
  }

  close(): void {
    for (const timer of this.timers.values()) clearTimeout(timer)
    this.timers.clear()
  }

  private finish(task: FakeTask, spec: TaskSpec): void {
    if (task.status !== 'running') return
    if (spec.injectedFailure !== undefined) {
      spec.abort?.()
      this.end(task, spec.injectedFailure)
      return
    }
    try {
      spec.execute((line) => task.log.push(line))
      this.end(task, undefined)
    } catch (error) {
      if (!(error instanceof Error)) throw error
      this.end(task, error.message.replace(/\n+$/, ''))
    }
  }

  private end(task: FakeTask, failure: string | undefined): void {
    task.log.push(failure === undefined ? 'TASK OK' : `TASK ERROR: ${failure}`)
    task.exitstatus = failure ?? 'OK'
    task.endtime = Math.floor(this.clock() / 1000)
    task.status = 'stopped'
    clearTimeout(this.timers.get(task.upid))
    this.timers.delete(task.upid)
    this.aborts.delete(task.upid)
  }
}
