// The `dnat` module: show (TYPE, limit "offset,count", FINDS + KEYWORDS substring search), add, edit (full
// row), del, up and down (NOTES.md "Port mapping"). Like a router, it refuses a wan_port that overlaps another
// rule's on a shared protocol (in words of its own: no source quotes the router's). Ids are never reused, as
// in a table with an autoincrementing key (inferred).

import type { FakeIkuaiRule } from './index'
import type { Answer } from './envelope'
import { portRanges, rangesOverlap } from './portSpec'

const PROTOCOLS = new Set(['tcp', 'udp', 'tcp+udp'])
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/
const DEFAULT_FINDS = 'lan_addr,lan_port,wan_port,comment'

type Param = Record<string, unknown>

const refused = (message: string): Answer => ({ kind: 'refused', message })

class Refusal extends Error {}

function protocolsOf(protocol: string): string[] {
  return protocol === 'tcp+udp' ? ['tcp', 'udp'] : [protocol]
}

function ipv4ToInt(address: string): number {
  return address.split('.').reduce((sum, octet) => sum * 256 + Number(octet), 0)
}

/** "12", 12 or "12,13,14". */
function idsOf(value: unknown): number[] {
  const text = typeof value === 'number' ? String(value) : value
  if (typeof text !== 'string' || !/^\s*\d+\s*(,\s*\d+\s*)*$/.test(text)) throw new Refusal('invalid id')
  return text.split(',').map(Number)
}

export class DnatTable {
  private nextId = 1

  constructor(
    private readonly rules: Map<number, FakeIkuaiRule>,
    private readonly interfaces: string[],
  ) {}

  handle(action: string, param: Param): Answer {
    try {
      switch (action) {
        case 'show':
          return this.show(param)
        case 'add':
          return this.add(param)
        case 'edit':
          return this.edit(param)
        case 'del':
          for (const id of idsOf(param.id)) this.rules.delete(id)
          return { kind: 'success' }
        case 'up':
        case 'down':
          for (const id of idsOf(param.id)) {
            const rule = this.rules.get(id)
            if (rule) rule.enabled = action === 'up' ? 'yes' : 'no'
          }
          return { kind: 'success' }
        default:
          return refused(`unknown action ${action}`)
      }
    } catch (error) {
      if (error instanceof Refusal) return refused(error.message)
      throw error
    }
  }

  private show(param: Param): Answer {
    const type = typeof param.TYPE === 'string' ? param.TYPE.split(',') : ['total', 'data']
    let rows = [...this.rules.values()].sort((a, b) => a.id - b.id)
    const keyword = typeof param.KEYWORDS === 'string' ? param.KEYWORDS.toLowerCase() : ''
    if (keyword) {
      const columns = (typeof param.FINDS === 'string' && param.FINDS ? param.FINDS : DEFAULT_FINDS).split(',')
      rows = rows.filter((rule) => columns.some((column) => String(rule[column as keyof FakeIkuaiRule] ?? '').toLowerCase().includes(keyword)))
    }
    const total = rows.length
    if (param.limit !== undefined) {
      const limit = typeof param.limit === 'string' ? /^(\d+),(\d+)$/.exec(param.limit) : null
      if (!limit) throw new Refusal('invalid limit')
      const offset = Number(limit[1])
      rows = rows.slice(offset, offset + Number(limit[2]))
    }
    const data: Record<string, unknown> = {}
    if (type.includes('total')) data.total = total
    if (type.includes('data')) data.data = rows.map((rule) => ({ ...rule, lan_addr_int: ipv4ToInt(rule.lan_addr) }))
    return { kind: 'success', data }
  }

  private add(param: Param): Answer {
    const fields = this.checkedFields(param)
    this.refuseOverlap(fields)
    const rule = { id: this.allocateId(), ...fields }
    this.rules.set(rule.id, rule)
    return { kind: 'success', rowId: rule.id }
  }

  private edit(param: Param): Answer {
    const [id] = idsOf(param.id)
    if (id === undefined || !this.rules.has(id)) throw new Refusal(`no rule with id ${String(param.id)}`)
    const fields = this.checkedFields(param)
    this.refuseOverlap(fields, id)
    this.rules.set(id, { id, ...fields })
    return { kind: 'success' }
  }

  private allocateId(): number {
    for (const id of this.rules.keys()) this.nextId = Math.max(this.nextId, id + 1)
    return this.nextId++
  }

  private checkedFields(param: Param): Omit<FakeIkuaiRule, 'id'> {
    const text = (field: string, fallback?: string): string => {
      const value = param[field] ?? fallback
      if (typeof value !== 'string') throw new Refusal(`${field} is required`)
      return value
    }
    const enabled = text('enabled', 'yes')
    if (enabled !== 'yes' && enabled !== 'no') throw new Refusal('enabled must be yes or no')
    const fields = {
      enabled: enabled as 'yes' | 'no',
      comment: text('comment', ''),
      interface: text('interface'),
      lan_addr: text('lan_addr'),
      protocol: text('protocol'),
      wan_port: text('wan_port'),
      lan_port: text('lan_port'),
      src_addr: text('src_addr', ''),
    }
    if (!PROTOCOLS.has(fields.protocol)) throw new Refusal(`invalid protocol ${fields.protocol}`)
    if (!portRanges(fields.wan_port)) throw new Refusal(`invalid wan_port ${fields.wan_port}`)
    if (!portRanges(fields.lan_port)) throw new Refusal(`invalid lan_port ${fields.lan_port}`)
    if (!IPV4.test(fields.lan_addr)) throw new Refusal(`invalid lan_addr ${fields.lan_addr}`)
    const unknown = fields.interface.split(',').filter((name) => name !== 'all' && !this.interfaces.includes(name))
    if (unknown.length > 0) throw new Refusal(`unknown interface ${fields.interface}`)
    return fields
  }

  private refuseOverlap(rule: Omit<FakeIkuaiRule, 'id'>, exceptId?: number): void {
    const ports = portRanges(rule.wan_port)!
    for (const other of this.rules.values()) {
      if (other.id === exceptId || !protocolsOf(other.protocol).some((p) => protocolsOf(rule.protocol).includes(p))) continue
      const otherPorts = portRanges(other.wan_port)
      if (otherPorts && rangesOverlap(ports, otherPorts)) {
        throw new Refusal(`wan_port ${rule.wan_port} (${rule.protocol}) overlaps rule ${other.id} (${other.wan_port} ${other.protocol})`)
      }
    }
  }
}
