// Every filter of the user and node lists is answered from an index, never by reading the whole table; at
// 100,000 rows (npm run bench) a scan costs milliseconds per page. SQLite plans without statistics, so a small
// database shows the same plans as a big one.
import { describe, expect, it } from 'vitest'
import { listUsersInput } from '../../src-shared/domain/users'
import { listNodesInput } from '../../src-shared/domain/nodes'
import { useTestApi } from '../helpers/testApi'
import { isFullScan, planOf, statementsOf } from '../helpers/queryPlans'

const USER_FILTERS = [{ q: 'al' }, { permission: 'admin' }, { is_active: true }, { q: 'al', permission: 'user', is_active: false }]
const NODE_FILTERS = [{ server_group: 'hk' }, { ip_address: '192.0.2.1' }, { domain: 'a.example.com' }, { is_active: false }, { expire_before: 1_900_000_000 }, { expire_after: 1_800_000_000 }]

describe('list query plans', () => {
  const api = useTestApi()

  it('use an index for each user filter', async () => {
    const { services } = (await api()).core
    for (const filter of USER_FILTERS) {
      const plans = statementsOf(services.db, () => services.users.list(listUsersInput.parse(filter))).map((s) => planOf(services.db, s))
      expect(plans, JSON.stringify(filter)).toHaveLength(2)
      expect(plans.flat().filter(isFullScan), JSON.stringify(filter)).toEqual([])
    }
  })

  it('use an index for each node filter, for admins and for plain users', async () => {
    const { services } = (await api()).core
    for (const filter of NODE_FILTERS) {
      for (const asAdmin of [true, false]) {
        const plans = statementsOf(services.db, () => services.nodes.list(listNodesInput.parse(filter), asAdmin)).map((s) => planOf(services.db, s))
        expect(plans, JSON.stringify(filter)).toHaveLength(2)
        expect(plans.flat().filter(isFullScan), `${JSON.stringify(filter)} as ${asAdmin ? 'admin' : 'user'}`).toEqual([])
      }
    }
  })
})
