import { describe, expect, it } from 'vitest'
import { findMethod } from './schema/loadSchema'
import { perlAnchoredPattern } from './schema/perlRegex'
import { ParamValidator, type ParamValue } from './schema/validateParams'
import { decodeUrlencoded } from './requestParams'

const createCt = findMethod('POST', '/nodes/{node}/lxc').parameters
const setAcl = findMethod('PUT', '/access/acl').parameters
const permissions = findMethod('GET', '/access/permissions').parameters

function validate(params: Record<string, ParamValue>, schema = createCt): { errors: Record<string, string>; unknown: string[] } {
  const unknown: string[] = []
  const errors = new ParamValidator({ unknownFormat: (name) => unknown.push(name) }).validate(params, schema)
  return { errors, unknown }
}

const validCt = { node: 'pve1', vmid: '105', ostemplate: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst' }

describe('parameter validation against the PVE 9.1 schema', () => {
  it('accepts a typical create request', () => {
    const { errors } = validate({
      ...validCt,
      hostname: 'web-1.example.com',
      memory: '1024',
      cpulimit: '1.5',
      net0: 'name=eth0,bridge=vmbr0,ip=10.0.0.50/24,gw=10.0.0.1,rate=10,firewall=yes',
      rootfs: 'local-lvm:8',
      features: 'nesting=1',
      nameserver: '1.1.1.1 2606:4700:4700::1111',
      unprivileged: '1',
    })
    expect(errors).toEqual({})
  })

  it('gives each parameter the message JSONSchema.pm gives it', () => {
    const { errors } = validate({
      node: 'pve1',
      vmid: '99',
      memory: '8',
      cores: 'two',
      arch: 'sparc',
      password: 'abc',
      bogus: '1',
      start: 'true',
    })
    expect(errors).toEqual({
      ostemplate: 'property is missing and it is not optional',
      vmid: 'invalid format - value does not look like a valid VM ID\n',
      memory: 'value must have a minimum value of 16',
      cores: "type check ('integer') failed - got 'two'",
      arch: "value 'sparc' does not have a value in the enumeration 'amd64, i386, arm64, armhf, riscv32, riscv64'",
      password: 'value must be at least 5 characters long',
      bogus: 'property is not defined in schema and the schema does not allow additional properties',
      start: "type check ('boolean') failed - got 'true'",
    })
  })

  it('takes JSON booleans and numbers, and rejects JSON types a scalar cannot be', () => {
    expect(validate({ ...validCt, vmid: 105, start: true, cpulimit: 0.5 }).errors).toEqual({})
    expect(validate({ ...validCt, memory: true, hostname: ['a'] }).errors).toEqual({
      memory: "type check ('integer') failed - got JSON::PP::Boolean",
      hostname: "type check ('string') failed - got ARRAY",
    })
  })

  it('checks property strings key by key', () => {
    const { errors } = validate({
      ...validCt,
      net0: 'name=eth0,bogus=1',
      net1: 'bridge=vmbr0',
      net2: 'name=eth2,tag=4095,ip=10.0.0.300/24',
      rootfs: 'size=8G',
      mp0: 'local-lvm:4,mp=/data,mp=/other',
      features: 'nesting=maybe',
    })
    expect(errors).toEqual({
      net0: 'invalid format - invalid key in comma-separated list property: bogus\n',
      net1: 'invalid format - format error\nnet1.name: property is missing and it is not optional\n',
      net2:
        'invalid format - format error\n' +
        'net2.ip: invalid format - value does not look like a valid ipv4 network configuration\n\n' +
        'net2.tag: value must have a maximum value of 4094\n',
      rootfs: 'invalid format - format error\nrootfs.volume: property is missing and it is not optional\n',
      mp0: 'invalid format - duplicate key in comma-separated list property: mp\n',
      features: "invalid format - format error\nfeatures.nesting: type check ('boolean') failed - got 'maybe'\n",
    })
  })

  it('knows how many instances an indexed key has', () => {
    expect(validate({ ...validCt, net31: 'name=eth31' }).errors).toEqual({})
    expect(validate({ ...validCt, net32: 'name=eth32', mp256: 'local-lvm:1,mp=/x' }).errors).toEqual({
      net32: 'property is not defined in schema and the schema does not allow additional properties',
      mp256: 'property is not defined in schema and the schema does not allow additional properties',
    })
  })

  it('checks every item of -list formats and reports `requires`', () => {
    expect(validate({ path: '/vms/105', roles: 'PVEVMUser', users: 'alice@pve,bob' }, setAcl).errors).toEqual({
      users: "invalid format - value 'bob' does not look like a valid user name\n",
    })
    expect(validate({ path: '/', privs: 'VM.Audit' }, findMethod('POST', '/access/ticket').parameters).errors).toEqual({
      username: 'property is missing and it is not optional',
      password: 'property is missing and it is not optional',
    })
    expect(validate({ userid: 'alice@pve', append: '1' }, findMethod('PUT', '/access/users/{userid}').parameters).errors).toEqual({
      groups: "missing property - 'append' requires this property",
    })
  })

  it('anchors schema patterns like Perl, including `$` before a final newline', () => {
    expect(validate({ userid: 'alice@pve!tok' }, permissions).errors).toEqual({})
    expect(validate({ userid: 'alice@pve\n' }, permissions).errors).toEqual({})
    expect(validate({ userid: 'alice' }, permissions).errors).toEqual({ userid: 'value does not match the regex pattern' })
  })

  it('converts Perl-only regex syntax', () => {
    expect(perlAnchoredPattern('(?^i:[a-z0-9_][a-z0-9_\\-\\+\\.]*)').test('Prod_Tag')).toBe(true)
    expect(perlAnchoredPattern('(?^:(?^i:[a-z]+)x)').test('ABx')).toBe(true)
    expect(perlAnchoredPattern('(?^:(?^i:[a-z]+)x)').test('ABX')).toBe(false)
    expect(perlAnchoredPattern('[A-Za-z0-9\\-_\\s]{,8}').test('12345678')).toBe(true)
    expect(perlAnchoredPattern('[A-Za-z0-9\\-_\\s]{,8}').test('123456789')).toBe(false)
  })

  it('records formats it cannot check instead of rejecting their values', () => {
    const backup = findMethod('POST', '/cluster/backup').parameters
    const { errors, unknown } = validate({ schedule: 'sat 02:00', storage: 'local', all: '1' }, backup)
    expect(errors).toEqual({})
    expect(unknown).toContain('pve-calendar-event')
  })
})

describe('form decoding', () => {
  it('keeps Perl quirks: NUL-joined repeats, values cut at a second "=", empty values undefined', () => {
    expect(decodeUrlencoded('a=1&a=2&net0=name=eth0&empty=&plus=a+b&utf=%C3%A9')).toEqual({
      a: '1\u00002',
      net0: 'name',
      empty: undefined,
      plus: 'a b',
      utf: 'é',
    })
  })
})
