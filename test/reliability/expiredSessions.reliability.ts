// Sessions that expire under proxdesk's feet: a PVE ticket past its two hours (PVE's clock jumps ahead, ours does
// not, so proxdesk still thinks it fresh) and an iKuai session the router ended. Each call logs in again once and
// goes on; the user never sees the expiry.
import { describe, expect, it } from 'vitest'
import { usePveWorld } from '../helpers/pveWorld'
import { expectNoLeaks } from './census'
import { runNatLifecycle } from './natLifecycle'
import { useNoUnhandledRejections } from './unhandledRejections'

const THREE_HOURS_MS = 3 * 3600 * 1000

describe('expired PVE tickets', () => {
  let pveClockOffsetMs = 0
  const world = usePveWorld({ pve: { now: () => Date.now() + pveClockOffsetMs } })
  useNoUnhandledRejections()

  it('are replaced by a fresh login, for reads, writes and a whole create', async () => {
    pveClockOffsetMs = 0
    const w = await world()
    await w.admin('PUT', `/api/pve/connections/${w.connectionId}`, { token_id: null, token_secret: null, username: 'root@pam', password: w.fake.rootPassword }, 200)
    const first = await w.createContainer()
    expect(first.state).toBe('running')
    pveClockOffsetMs += THREE_HOURS_MS
    expect((await w.admin('GET', `/api/containers/${first.id}/status`, undefined, 200)).status).toBe('running')
    pveClockOffsetMs += THREE_HOURS_MS
    expect((await w.admin('POST', `/api/containers/${first.id}/power/reboot`, undefined, 200)).ok).toBe(true)
    pveClockOffsetMs += THREE_HOURS_MS
    expect((await w.createContainer({ hostname: 'web2' })).state).toBe('running')
    expect(expectNoLeaks(w).pveContainers).toHaveLength(2)
  })
})

describe('expired iKuai sessions', () => {
  const world = usePveWorld({ nat: { ports: [30000, 30019] } })
  useNoUnhandledRejections()

  it('are replaced by a fresh login before every step of a NAT container’s life', async () => {
    const w = await world()
    const { steps } = await runNatLifecycle(w, () => w.router!.expireSessions())
    expect(steps.map(([operation, status]) => `${operation} ${status}`)).toEqual([
      'containers.create 201',
      'nat.add 201',
      'containers.suspend 200',
      'containers.unsuspend 200',
      'nat.delete 204',
      'containers.delete 200',
    ])
    expect(w.router!.loginCount).toBeGreaterThanOrEqual(steps.length)
    expectNoLeaks(w)
  })
})
