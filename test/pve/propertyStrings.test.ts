import { describe, expect, it } from 'vitest'
import {
  formatFeatures,
  formatNet,
  formatRootfs,
  parseDiskSize,
  parseFeatures,
  parseNet,
  parsePropertyString,
  parseRootfs,
} from '../../src-main/core/pve/propertyStrings'

describe('net[n]', () => {
  it('formats the keys PVE knows, booleans as 0/1, VLAN trunks with semicolons', () => {
    expect(formatNet({ name: 'eth0', bridge: 'vmbr0', ip: '10.0.0.5/24', gw: '10.0.0.1', rate: 10 })).toBe('name=eth0,bridge=vmbr0,ip=10.0.0.5/24,gw=10.0.0.1,rate=10')
    expect(formatNet({ name: 'eth1', bridge: 'vmbr1', ip: 'dhcp', ip6: 'auto', tag: 20, trunks: [20, 30], firewall: true, linkDown: false, hostManaged: true, mtu: 1450 })).toBe(
      'name=eth1,bridge=vmbr1,ip=dhcp,ip6=auto,mtu=1450,tag=20,trunks=20;30,firewall=1,link_down=0,host-managed=1',
    )
  })

  it('parses what PVE stores back into typed values', () => {
    expect(parseNet('name=eth0,bridge=vmbr0,firewall=1,gw=10.0.0.1,hwaddr=BC:24:11:AA:BB:CC,ip=10.0.0.5/24,rate=12.5,tag=7,trunks=7;8,type=veth,mtu=1400,link_down=0')).toEqual({
      name: 'eth0',
      bridge: 'vmbr0',
      firewall: true,
      gw: '10.0.0.1',
      hwaddr: 'BC:24:11:AA:BB:CC',
      ip: '10.0.0.5/24',
      rate: 12.5,
      tag: 7,
      trunks: [7, 8],
      type: 'veth',
      mtu: 1400,
      linkDown: false,
    })
  })

  it('round-trips', () => {
    const net = { name: 'eth0', bridge: 'vmbr0', ip: '192.0.2.10/24', gw: '192.0.2.1', ip6: '2001:db8::10/64', gw6: '2001:db8::1', rate: 5, firewall: true }
    expect(parseNet(formatNet(net))).toEqual(net)
  })

  it('refuses a value that would smuggle in another key', () => {
    expect(() => formatNet({ name: 'eth0', bridge: 'vmbr0,firewall=0' })).toThrow(
      expect.objectContaining({ code: 'VALIDATION', fields: { 'net.bridge': expect.any(String) } }),
    )
    expect(() => formatNet({ name: '' })).toThrow(/non-empty/)
  })
})

describe('rootfs', () => {
  it('writes a new volume as STORAGE:SIZE_GiB with options after it', () => {
    expect(formatRootfs({ storage: 'local-lvm', sizeGiB: 8 })).toBe('local-lvm:8')
    expect(formatRootfs({ storage: 'local-lvm', sizeGiB: 8, mountoptions: ['noatime', 'nosuid'], quota: true })).toBe('local-lvm:8,mountoptions=noatime;nosuid,quota=1')
    expect(formatRootfs({ volume: 'local-lvm:vm-105-disk-0', size: '8G' })).toBe('local-lvm:vm-105-disk-0,size=8G')
    expect(() => formatRootfs({ storage: 'local-lvm', sizeGiB: 0 })).toThrow(/positive/)
  })

  it('parses the stored form into storage, volume and size in bytes', () => {
    expect(parseRootfs('local-lvm:vm-105-disk-0,size=8G')).toEqual({ storage: 'local-lvm', volume: 'local-lvm:vm-105-disk-0', sizeBytes: 8 * 1024 ** 3 })
    expect(parseRootfs('volume=local-zfs:subvol-105-disk-0,mountoptions=noatime,replicate=0,size=512M')).toEqual({
      storage: 'local-zfs',
      volume: 'local-zfs:subvol-105-disk-0',
      sizeBytes: 512 * 1024 ** 2,
      mountoptions: ['noatime'],
      replicate: false,
    })
    expect(parseRootfs('/mnt/bind')).toEqual({ storage: null, volume: '/mnt/bind', sizeBytes: null })
  })

  it.each([
    ['8G', 8 * 1024 ** 3],
    ['1T', 1024 ** 4],
    ['1.5G', 1.5 * 1024 ** 3],
    ['4096', 4096],
    ['100K', 102_400],
    ['8g', null],
    ['-1G', null],
  ])('disk size %s -> %s bytes', (text, bytes) => {
    expect(parseDiskSize(text)).toBe(bytes)
  })
})

describe('features', () => {
  it('formats flags as 0/1 and mount types with semicolons, and parses them back', () => {
    expect(formatFeatures({ nesting: true })).toBe('nesting=1')
    const all = { nesting: true, keyctl: true, fuse: false, mknod: true, forceRwSys: true, mount: ['nfs', 'cifs'] }
    expect(formatFeatures(all)).toBe('nesting=1,keyctl=1,fuse=0,mknod=1,force_rw_sys=1,mount=nfs;cifs')
    expect(parseFeatures(formatFeatures(all))).toEqual(all)
    expect(parseFeatures('nesting=on,keyctl=no')).toEqual({ nesting: true, keyctl: false })
  })
})

describe('generic property strings', () => {
  it('reads the default key and keeps = inside values', () => {
    expect(Object.fromEntries(parsePropertyString('local:100/x.raw,size=1G,,backup=1', 'volume'))).toEqual({ volume: 'local:100/x.raw', size: '1G', backup: '1' })
    expect(Object.fromEntries(parsePropertyString('a=b=c'))).toEqual({ a: 'b=c' })
  })
})
