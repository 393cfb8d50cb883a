import { describe, expect, it } from 'vitest'
import { lxcWireParams } from '../../src-main/core/pve/lxcParams'
import { encodeParams, pvePath } from '../../src-main/core/pve/requestEncoding'

describe('container parameters on the wire', () => {
  it('formats structured property strings and joins lists the way PVE reads them', () => {
    expect(
      lxcWireParams({
        vmid: 105,
        ostemplate: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst',
        net0: { name: 'eth0', bridge: 'vmbr0', ip: '10.0.0.5/24', gw: '10.0.0.1', rate: 10 },
        net1: 'name=eth1,bridge=vmbr1,ip=dhcp',
        rootfs: { storage: 'local-lvm', sizeGiB: 8 },
        features: { nesting: true },
        nameserver: ['1.1.1.1', '8.8.8.8'],
        tags: ['proxdesk', 'plan-a'],
        unprivileged: true,
        'ssh-public-keys': 'ssh-ed25519 AAAA… admin',
      }),
    ).toEqual({
      vmid: 105,
      ostemplate: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst',
      net0: 'name=eth0,bridge=vmbr0,ip=10.0.0.5/24,gw=10.0.0.1,rate=10',
      net1: 'name=eth1,bridge=vmbr1,ip=dhcp',
      rootfs: 'local-lvm:8',
      features: 'nesting=1',
      nameserver: '1.1.1.1 8.8.8.8',
      tags: 'proxdesk;plan-a',
      unprivileged: true,
      'ssh-public-keys': 'ssh-ed25519 AAAA… admin',
    })
    expect(lxcWireParams({ delete: ['net1', 'mp0'], digest: 'abc' })).toEqual({ delete: 'net1,mp0', digest: 'abc' })
  })

  it('url-encodes bodies with booleans as 0/1 and leaves absent values out', () => {
    expect(encodeParams({ start: true, force: false, purge: undefined, pool: null, description: 'a b&c', cores: 2 })).toBe('start=1&force=0&description=a+b%26c&cores=2')
  })

  it('percent-encodes path values such as UPIDs and user ids', () => {
    expect(pvePath`/nodes/${'pve1'}/tasks/${'UPID:pve1:00000001:00000002:00000003:vzstart:105:alice@pve!tok:'}/status`).toBe(
      '/nodes/pve1/tasks/UPID%3Apve1%3A00000001%3A00000002%3A00000003%3Avzstart%3A105%3Aalice%40pve!tok%3A/status',
    )
  })
})
