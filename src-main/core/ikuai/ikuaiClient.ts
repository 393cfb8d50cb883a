// Port mappings on one iKuai router through its classic web API (3.x and 4.x firmware). Every reply is checked
// (dnatRule.ts); writes go to the router one at a time.
import { AppError } from '@shared/errors'
import type { Logger } from '../logger'
import { dnatShowData, dnatWireRule, rowId, type DnatRule, type NewDnatRule } from './dnatRule'
import { checkNewDnatRule, checkRuleId } from './dnatRuleCheck'
import { RouterApi } from './routerApi'
import { resolveRouter, type IkuaiRouterConfig } from './routerConnection'
import { readShape, upstreamError, type Generation } from './routerReply'

export type { DnatProtocol, DnatRule, NewDnatRule } from './dnatRule'
export type { IkuaiRouterConfig } from './routerConnection'

export interface IkuaiClientOptions {
  logger?: Logger
}

export interface DnatFilter {
  /** Only rules for this internal address (exact). */
  lanAddr?: string
  /** Only rules whose comment starts with this text. */
  commentPrefix?: string
}

// The page size public clients use against real routers (NOTES.md "show").
const PAGE_SIZE = 1000

function matches(rule: DnatRule, filter: DnatFilter): boolean {
  if (filter.lanAddr !== undefined && rule.lan_addr !== filter.lanAddr) return false
  return filter.commentPrefix === undefined || rule.comment.startsWith(filter.commentPrefix)
}

/** The router's KEYWORDS search is a substring match on the FINDS columns: it narrows, the filter decides. */
function search(filter: DnatFilter): Record<string, string> {
  if (filter.lanAddr) return { FINDS: 'lan_addr', KEYWORDS: filter.lanAddr }
  if (filter.commentPrefix) return { FINDS: 'comment', KEYWORDS: filter.commentPrefix }
  return {}
}

export class IkuaiClient {
  private readonly api: RouterApi
  private readonly endpoint: string
  private writes: Promise<unknown> = Promise.resolve()

  /** Throws VALIDATION when the router settings are unusable; opens nothing until the first call. */
  constructor(config: IkuaiRouterConfig, options: IkuaiClientOptions = {}) {
    const router = resolveRouter(config)
    this.endpoint = router.endpoint
    this.api = new RouterApi(router, options.logger)
  }

  /** Logs in (also done lazily by every call); reports which reply generation the router speaks. */
  async login(): Promise<{ generation: Generation }> {
    return { generation: (await this.api.login()).generation }
  }

  /** Every dnat rule (all pages), optionally only those for one internal address or whose comment starts with a prefix. */
  async listDnat(filter: DnatFilter = {}): Promise<DnatRule[]> {
    const rules = new Map<number, DnatRule>()
    for (let offset = 0; ; offset += PAGE_SIZE) {
      const page = await this.showPage(offset, search(filter))
      const known = rules.size
      for (const rule of page.data) rules.set(rule.id, rule)
      // A router that ignores `limit` sends the same rows again: stop instead of paging forever.
      const last = page.data.length < PAGE_SIZE || rules.size === known || (page.total !== undefined && offset + PAGE_SIZE >= page.total)
      if (last) break
    }
    return [...rules.values()].filter((rule) => matches(rule, filter))
  }

  /** Adds the rule and returns its row id. */
  async addDnat(rule: NewDnatRule): Promise<number> {
    checkNewDnatRule(rule)
    return this.serialized(async () => {
      const reply = await this.api.call('dnat', 'add', dnatWireRule(rule), true)
      const id = rowId.safeParse(reply.rowId)
      if (!id.success) throw new AppError('UPSTREAM_ERROR', `iKuai at ${this.endpoint} added the dnat rule but did not say its id; find it by its comment`)
      return id.data
    })
  }

  deleteDnat(id: number): Promise<void> {
    return this.switchRule('del', id)
  }

  enableDnat(id: number): Promise<void> {
    return this.switchRule('up', id)
  }

  disableDnat(id: number): Promise<void> {
    return this.switchRule('down', id)
  }

  close(): Promise<void> {
    return this.api.close()
  }

  private async showPage(offset: number, keywords: Record<string, string>) {
    const param = { TYPE: 'total,data', limit: `${offset},${PAGE_SIZE}`, ORDER_BY: '', ORDER: '', ...keywords }
    const reply = await this.api.call('dnat', 'show', param, false)
    // Known firmware quirk (NOTES.md "Quirks"): the rows are replaced by a bare `timeout`. Some clients read
    // that as no rules; ours must not, since "no rule" makes the NAT service forget mappings the router still has.
    if (reply.dataTimedOut) throw upstreamError(this.api.context('dnat show', false), 'with `timeout` instead of its rules; try again')
    return readShape(dnatShowData, reply.data, this.api.context('dnat show', false))
  }

  private async switchRule(action: 'del' | 'up' | 'down', id: number): Promise<void> {
    checkRuleId(id)
    return this.serialized(async () => {
      await this.api.call('dnat', action, { id }, true)
    })
  }

  /**
   * Writes run one after another. The router has no atomic add (NOTES.md "add"); with one writer at a time its
   * own checks, such as refusing an overlapping wan_port, see every earlier write.
   */
  private serialized<T>(write: () => Promise<T>): Promise<T> {
    const result = this.writes.then(write)
    this.writes = result.catch(() => undefined)
    return result
  }
}
