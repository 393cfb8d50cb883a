import { describe, expect, it } from 'vitest'
import { formatUpid, parseUpid } from '../../src-main/core/pve/upid'

describe('UPIDs', () => {
  it('parses every field, hex numbers included, and formats back to the same text', () => {
    const text = 'UPID:pve-1:0000A1B2:0019C3D4:6740F00D:vzcreate:105:root@pam!proxdesk:'
    const upid = parseUpid(text)
    expect(upid).toEqual({ pveNode: 'pve-1', pid: 0xa1b2, pstart: 0x19c3d4, starttime: 0x6740f00d, type: 'vzcreate', id: '105', user: 'root@pam!proxdesk' })
    expect(formatUpid(upid!)).toBe(text)
  })

  it('accepts a 9-digit PSTART (uptime beyond 497 days) and an empty id', () => {
    const text = 'UPID:node1:00001234:1000000AB:6740F00D:aptupdate::root@pam:'
    expect(parseUpid(text)).toMatchObject({ pstart: 0x1000000ab, id: '' })
    expect(formatUpid(parseUpid(text)!)).toBe(text)
  })

  it('zero-pads to 8 uppercase hex digits', () => {
    expect(formatUpid({ pveNode: 'n', pid: 1, pstart: 2, starttime: 255, type: 'vzstart', id: '100', user: 'alice@pve' })).toBe(
      'UPID:n:00000001:00000002:000000FF:vzstart:100:alice@pve:',
    )
  })

  it.each([
    ['missing trailing colon', 'UPID:pve:0000A1B2:0019C3D4:6740F00D:vzcreate:105:root@pam'],
    ['short pid', 'UPID:pve:A1B2:0019C3D4:6740F00D:vzcreate:105:root@pam:'],
    ['10-digit pstart', 'UPID:pve:0000A1B2:10019C3D4F:6740F00D:vzcreate:105:root@pam:'],
    ['node ending in a dash', 'UPID:pve-:0000A1B2:0019C3D4:6740F00D:vzcreate:105:root@pam:'],
    ['slash in the type', 'UPID:pve:0000A1B2:0019C3D4:6740F00D:vz/create:105:root@pam:'],
    ['empty user', 'UPID:pve:0000A1B2:0019C3D4:6740F00D:vzcreate:105::'],
    ['another prefix', 'TASK:pve:0000A1B2:0019C3D4:6740F00D:vzcreate:105:root@pam:'],
  ])('rejects %s', (_, text) => {
    expect(parseUpid(text)).toBeNull()
  })
})
