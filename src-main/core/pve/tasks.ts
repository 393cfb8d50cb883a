// PVE tasks: status, log pages and waiting for the end. A task is polled on the node named in its UPID, which
// may differ from the node the call went to. Its end result is 'OK', 'WARNINGS: n' (also success) or the error
// text (pve-common UPID.pm read_status / status_is_error).
import { setTimeout as sleep } from 'node:timers/promises'
import { AppError } from '@shared/errors'
import { readAs } from './lenient'
import type { PveHttp } from './pveHttp'
import { taskLogReply, taskStatusReply } from './replySchemas'
import { pvePath } from './requestEncoding'
import type { TaskLogPage, TaskOutcome, TaskStatus } from './types'
import { parseUpid, type Upid } from './upid'

export interface WaitForTaskOptions {
  /** Between status polls; PVE's own UI uses 1-2 s. */
  intervalMs?: number
  /** Give up (UPSTREAM_TIMEOUT) when the task still runs after this long; it keeps running on PVE. */
  timeoutMs?: number
  signal?: AbortSignal
}

const DEFAULT_INTERVAL_MS = 1_000
/** Creating a container unpacks a template, which can take minutes on slow storage. */
const DEFAULT_TASK_TIMEOUT_MS = 15 * 60_000

export function requireUpid(text: string): Upid {
  const upid = parseUpid(text)
  if (!upid) throw new AppError('VALIDATION', 'not a PVE task id (UPID)', { fields: { upid: 'not a PVE task id' } })
  return upid
}

export function taskOutcome(exitstatus: string): TaskOutcome {
  if (exitstatus === 'OK') return { ok: true, exitstatus, warnings: 0 }
  const warnings = /^WARNINGS: (\d+)$/.exec(exitstatus)
  if (warnings) return { ok: true, exitstatus, warnings: Number(warnings[1]) }
  return { ok: false, exitstatus, warnings: 0 }
}

const taskPath = (upid: Upid, text: string) => pvePath`/nodes/${upid.pveNode}/tasks/${text}`

export async function readTaskStatus(http: PveHttp, upidText: string, signal?: AbortSignal): Promise<TaskStatus> {
  const path = `${taskPath(requireUpid(upidText), upidText)}/status`
  return readAs(taskStatusReply, await http.get(path, undefined, { signal }), 'GET task status')
}

export async function readTaskLog(http: PveHttp, upidText: string, start = 0, limit = 50): Promise<TaskLogPage> {
  const path = `${taskPath(requireUpid(upidText), upidText)}/log`
  const envelope = await http.getEnvelope(path, { start, limit })
  const lines = readAs(taskLogReply, envelope.data, 'GET task log')
  return { lines, total: envelope.total ?? start + lines.length }
}

export async function stopTask(http: PveHttp, upidText: string): Promise<void> {
  await http.delete(taskPath(requireUpid(upidText), upidText))
}

export async function waitForTask(http: PveHttp, upidText: string, options: WaitForTaskOptions = {}): Promise<TaskOutcome> {
  const upid = requireUpid(upidText)
  const intervalMs = options.intervalMs ?? DEFAULT_INTERVAL_MS
  const timeoutMs = options.timeoutMs ?? DEFAULT_TASK_TIMEOUT_MS
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const status = await readTaskStatus(http, upidText, options.signal)
    // Right after a task ends PVE may report it stopped before its exit status is readable: poll once more.
    if (status.status === 'stopped' && status.exitstatus !== undefined) return taskOutcome(status.exitstatus)
    if (Date.now() + intervalMs > deadline) {
      throw new AppError('UPSTREAM_TIMEOUT', `PVE task ${upid.type} ${upid.id} on ${upid.pveNode} still runs after ${timeoutMs} ms`)
    }
    await sleep(intervalMs, undefined, { signal: options.signal })
  }
}
