import { describe, expect, it } from 'vitest'
import { dnatShowData } from '../../src-main/core/ikuai/dnatRule'
import { checkNewDnatRule } from '../../src-main/core/ikuai/dnatRuleCheck'
import { parsePortSpec } from '../../src-main/core/ikuai/portSpec'
import { readShape } from '../../src-main/core/ikuai/routerReply'
import { newRule } from './rules'

const context = { upstream: { system: 'iKuai', endpoint: '192.168.1.1' }, what: 'dnat show', write: false }
const row = { id: 12, enabled: 'yes', comment: 'web', interface: 'wan1', lan_addr: '10.0.0.5', protocol: 'tcp', wan_port: '8080', lan_port: '80', src_addr: '' }

describe('dnat rows from the router', () => {
  it('normalises what firmware varies on and drops columns proxdesk does not use', () => {
    const data = {
      total: '1',
      data: [{ ...row, id: '12', enabled: 'NO', comment: null, protocol: 'TCP+UDP', wan_port: 8080, lan_port: 80, src_addr: { custom: ['1.2.3.4'] }, lan_addr_int: 167772165, tagname: 'x' }],
    }
    expect(readShape(dnatShowData, data, context)).toEqual({
      total: 1,
      data: [{ id: 12, enabled: false, comment: '', interface: 'wan1', lan_addr: '10.0.0.5', protocol: 'tcp+udp', wan_port: '8080', lan_port: '80', src_addr: '{"custom":["1.2.3.4"]}' }],
    })
  })

  it('reads no rows from an empty list, null or a missing list', () => {
    expect(readShape(dnatShowData, { total: 0, data: [] }, context).data).toEqual([])
    expect(readShape(dnatShowData, { total: 0, data: null }, context).data).toEqual([])
    expect(readShape(dnatShowData, { total: 0 }, context).data).toEqual([])
  })

  it('refuses rows that mean something it does not know, naming the row and field', () => {
    const odd = (change: Record<string, unknown>) => () => readShape(dnatShowData, { data: [row, { ...row, ...change }] }, context)
    expect(odd({ protocol: 'icmp' })).toThrow(expect.objectContaining({ code: 'UPSTREAM_ERROR', message: expect.stringContaining('answered dnat show with an unexpected shape (data.1.protocol:') }))
    expect(odd({ enabled: true })).toThrow('(data.1.enabled:')
    expect(odd({ id: 'twelve' })).toThrow('(data.1.id:')
    expect(odd({ lan_addr: undefined })).toThrow('(data.1.lan_addr:')
    expect(() => readShape(dnatShowData, undefined, context)).toThrow('unexpected shape (reply:')
  })
})

describe('port fields', () => {
  it('reads single ports, ranges and comma mixes', () => {
    expect(parsePortSpec('8080')).toEqual([[8080, 8080]])
    expect(parsePortSpec('8000-8010')).toEqual([[8000, 8010]])
    expect(parsePortSpec('8000, 8005,9000 - 9010')).toEqual([[8000, 8000], [8005, 8005], [9000, 9010]])
    expect(parsePortSpec('1,65535')).toEqual([[1, 1], [65535, 65535]])
  })

  it.each(['', '0', '65536', '80-70', '80-', '-80', '1-2-3', '80,,81', 'http', '8o', '+80', '080000'])('refuses %j', (text) => {
    expect(parsePortSpec(text)).toBeNull()
  })
})

describe('checking a new rule', () => {
  it('accepts the forms routers take', () => {
    expect(() => checkNewDnatRule(newRule({ interface: 'wan1,adsl2', wan_port: '8000,9000-9010', lan_port: '80', src_addr: '1.2.3.4,5.6.7.0/24', comment: 'proxdesk:c1:m1:web 网站' }))).not.toThrow()
  })

  it('names every bad field', () => {
    expect(() => checkNewDnatRule(newRule({ comment: 'two\nlines', src_addr: 'anyone', enabled: 'yes' as unknown as boolean }))).toThrow(
      expect.objectContaining({ code: 'VALIDATION', fields: { comment: 'no control characters', src_addr: expect.any(String), enabled: 'true or false' } }),
    )
  })
})
