// Task list, status, log and stop (pve-manager API2/Tasks.pm). Users see their own tasks and those of their
// tokens; a token sees only its own; Sys.Audit on /nodes/<node> shows all.

import { splitTokenId } from '../auth'
import { notImplementedInFake, paramException } from '../errors'
import type { HandlerContext, RouteTable } from '../handlerContext'
import { splitList } from '../schema/formats'
import type { FakeTask } from '../state'

/** upid_decode plus $convert_token_task: the fields every task endpoint reports. */
function describeTask(task: FakeTask): Record<string, unknown> {
  const token = splitTokenId(task.authid)
  return {
    upid: task.upid,
    node: task.node,
    pid: task.pid,
    pstart: task.pstart,
    starttime: task.starttime,
    type: task.type,
    id: task.id,
    user: token ? token.userid : task.authid,
    ...(token ? { tokenid: token.tokenName } : {}),
  }
}

/** PVE::Tools::upid_normalize_status_type */
function statusType(status: string | undefined): 'ok' | 'warning' | 'error' | 'unknown' {
  if (!status) return 'unknown'
  if (status === 'OK') return 'ok'
  if (/^WARNINGS: \d+$/.test(status)) return 'warning'
  return status === 'unexpected status' ? 'unknown' : 'error'
}

/** $check_task_user: a user owns its tasks and its tokens' tasks, a token only its own. */
function ownsTask(task: FakeTask, authid: string): boolean {
  const token = splitTokenId(task.authid)
  return token ? authid === task.authid || authid === token.userid : authid === task.authid
}

/** The task named by the `upid` parameter, on the node of the URL, with the owner-or-auditor check. */
function requestedTask(ctx: HandlerContext, privilegeForOthers: string): FakeTask {
  const upid = ctx.requiredString('upid')
  const nodeName = ctx.pveNode().name
  if (!/^UPID:[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?:[0-9A-Fa-f]{8}:[0-9A-Fa-f]{8,9}:[0-9A-Fa-f]{8}:[^:\s]+:[^:\s]*:[^:\s]+:$/.test(upid)) {
    throw paramException({ upid: 'unable to parse worker upid' })
  }
  const task = ctx.state.tasks.get(upid)
  if (!task || task.node !== nodeName) throw paramException({ upid: 'no such task' })
  if (!ownsTask(task, ctx.authid)) ctx.services.permissions.check(ctx.authid, `/nodes/${nodeName}`, [privilegeForOthers])
  return task
}

export const taskRoutes: RouteTable = {
  'GET /nodes/{node}/tasks': (ctx) => {
    const nodeName = ctx.pveNode().name
    const start = ctx.integer('start') ?? 0
    let limit = ctx.integer('limit') ?? 50
    const source = ctx.string('source') ?? 'archive'
    const userfilter = ctx.string('userfilter')?.toLowerCase()
    const typefilter = ctx.string('typefilter')
    const vmid = ctx.string('vmid')
    const since = ctx.integer('since')
    const until = ctx.integer('until')
    const errorsOnly = ctx.flag('errors')
    const wantedStatus = new Set<string>(['ok', 'warning', 'error', 'unknown'])
    const statusfilter = ctx.string('statusfilter')
    if (statusfilter !== undefined && !errorsOnly) {
      wantedStatus.clear()
      for (const status of splitList(statusfilter)) wantedStatus.add(status.toLowerCase())
    } else if (errorsOnly) {
      wantedStatus.delete('ok')
    }
    const auditor = ctx.services.permissions.check(ctx.authid, `/nodes/${nodeName}`, ['Sys.Audit'], { noerr: true })
    let count = 0
    const selected = (task: FakeTask): boolean => {
      const description = describeTask(task)
      if (userfilter && !String(description.user).toLowerCase().includes(userfilter)) return false
      if (!auditor && !ownsTask(task, ctx.authid)) return false
      if (typefilter && task.type !== typefilter) return false
      if (vmid && task.id !== vmid) return false
      if (since !== undefined && task.starttime < since) return false
      if (until !== undefined && task.starttime > until) return false
      if (!wantedStatus.has(statusType(task.exitstatus))) return false
      count += 1
      if (count <= start || limit <= 0) return false
      limit -= 1
      return true
    }
    // Like reading the task index backwards: newest first, and among equal start seconds the later one first.
    const newestFirst = [...ctx.state.tasks.values()]
      .reverse()
      .filter((task) => task.node === nodeName)
      .sort((a, b) => b.starttime - a.starttime)
    const result: Array<Record<string, unknown>> = []
    if (source === 'active' || source === 'all') {
      for (const task of newestFirst.filter((candidate) => candidate.status === 'running')) {
        if (selected(task)) result.push({ ...describeTask(task), status: 'RUNNING' })
      }
    }
    if (source !== 'active') {
      for (const task of newestFirst.filter((candidate) => candidate.status === 'stopped')) {
        if (selected(task)) result.push({ ...describeTask(task), endtime: task.endtime, status: task.exitstatus })
      }
    }
    ctx.total = count
    return result
  },

  'GET /nodes/{node}/tasks/{upid}/status': (ctx) => {
    const task = requestedTask(ctx, 'Sys.Audit')
    return {
      ...describeTask(task),
      status: task.status,
      ...(task.status === 'stopped' ? { exitstatus: task.exitstatus } : {}),
    }
  },

  'GET /nodes/{node}/tasks/{upid}/log': (ctx) => {
    const task = requestedTask(ctx, 'Sys.Audit')
    if (ctx.flag('download')) throw notImplementedInFake()
    const start = ctx.integer('start') ?? 0
    const limit = ctx.integer('limit') ?? 50
    // PVE::Tools::dump_logfile: 1-based line numbers, limit 0 reads to the end, an empty log reads "no content".
    const lines = task.log.map((text, index) => ({ n: index + 1, t: text })).slice(start)
    const page = limit === 0 ? lines : lines.slice(0, limit)
    if (task.log.length === 0) {
      ctx.total = 1
      return [{ n: 1, t: 'no content' }]
    }
    ctx.total = task.log.length
    return page
  },

  'DELETE /nodes/{node}/tasks/{upid}': (ctx) => {
    ctx.services.tasks.interrupt(requestedTask(ctx, 'Sys.Modify'))
    return null
  },
}
