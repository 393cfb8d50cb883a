// The auth endpoint's two lookups run once per proxy client connection: each must be a single index seek, and
// the node-key lookup must not touch the table rows at all (the covering index of migration 6).
import { describe, expect, it } from 'vitest'
import { PROXY_AUTH_SQL } from '../../src-main/core/proxy/proxyAuth'
import { useTestApi } from '../helpers/testApi'
import { planOf } from '../helpers/queryPlans'

describe('proxy auth query plans', () => {
  const api = useTestApi()

  it('seek the covering node-key index and the unique username index', async () => {
    const { db } = (await api()).core.services
    expect(planOf(db, { sql: PROXY_AUTH_SQL.groupByKey, parameters: ['hash'] })).toEqual(['SEARCH node_server USING COVERING INDEX ix_node_server_node_key_auth (node_key_hash=?)'])
    expect(planOf(db, { sql: PROXY_AUTH_SQL.userByName, parameters: ['alice'] })).toEqual(['SEARCH users USING INDEX ux_users_username (username=?)'])
  })
})
