import { describe, expect, it } from 'vitest'
import { readAs } from '../../src-main/core/pve/lenient'
import * as replies from '../../src-main/core/pve/replySchemas'
import { taskOutcome } from '../../src-main/core/pve/tasks'

describe('lenient reply parsing', () => {
  it('reads numbers sent as strings, booleans sent as 0/1, and null as absent', () => {
    expect(readAs(replies.nextIdReply, '100', 'GET /cluster/nextid')).toBe(100)
    const [ct] = readAs(replies.lxcListReply, [{ vmid: '105', status: 'running', maxmem: '536870912', cpu: 0.02, template: '0', lock: null, extra9x: 1 }], 'GET lxc')
    expect(ct).toEqual({ vmid: 105, status: 'running', maxmem: 536870912, cpu: 0.02, template: false, extra9x: 1 })
    expect(readAs(replies.rolesReply, [{ roleid: 'PVEAuditor', privs: 'Sys.Audit,VM.Audit', special: 1 }], 'GET roles')).toEqual([
      { roleid: 'PVEAuditor', privs: ['Sys.Audit', 'VM.Audit'], special: true },
    ])
  })

  it('refuses answers that mean something else, naming the call and the field', () => {
    expect(() => readAs(replies.lxcStatusReply, { vmid: 105, status: 'paused' }, 'GET status')).toThrow(
      expect.objectContaining({ code: 'UPSTREAM_ERROR', message: expect.stringMatching(/^PVE answered GET status with an unexpected shape \(status: /) }),
    )
    expect(() => readAs(replies.nextIdReply, 'one hundred', 'GET /cluster/nextid')).toThrow(expect.objectContaining({ code: 'UPSTREAM_ERROR' }))
    expect(() => readAs(replies.guestResourcesReply, [{ id: 'lxc/105', type: 'lxc', vmid: 105, status: 'running' }], 'GET resources')).toThrow(/0\.node/)
  })

  it('keeps RRD rows as numbers and requires their time', () => {
    expect(readAs(replies.rrdReply, [{ time: 1700000000, cpu: '0.5', netin: 12 }, { time: '1700000060' }], 'GET rrd')).toEqual([
      { time: 1700000000, cpu: 0.5, netin: 12 },
      { time: 1700000060 },
    ])
    expect(() => readAs(replies.rrdReply, [{ cpu: 0.5 }], 'GET rrd')).toThrow(/without time/)
  })
})

describe('task outcomes', () => {
  it.each([
    ['OK', { ok: true, warnings: 0 }],
    ['WARNINGS: 3', { ok: true, warnings: 3 }],
    ["unable to create CT 105 - storage 'x' does not exist", { ok: false, warnings: 0 }],
    ['unexpected status', { ok: false, warnings: 0 }],
    ['WARNINGS: x', { ok: false, warnings: 0 }],
  ])('%s', (exitstatus, expected) => {
    expect(taskOutcome(exitstatus)).toEqual({ ...expected, exitstatus })
  })
})
