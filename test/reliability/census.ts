// Counts what exists in PVE, on the router and in the pools after a storm, and checks each thing against the
// containers the database says are alive: nothing leaked, nothing twice, nothing half-done.
import { expect } from 'vitest'
import type { PveWorld } from '../helpers/pveWorld'
import { ruleComment } from '../../src-main/core/nat/ruleComment'

const LIVE_STATES = ['running', 'stopped', 'suspended']

interface ContainerRow {
  id: number
  state: string
  vmid: number | null
  pve_userid: string | null
}

export interface Census {
  containers: ContainerRow[]
  pveContainers: number[]
  pveUsers: string[]
  allocationOwners: string[]
  mappingStates: string[]
  routerRules: string[]
}

function takeCensus(w: PveWorld): Census {
  const { sqlite } = w.api.core.services.db
  return {
    containers: sqlite.prepare('SELECT id, state, vmid, pve_userid FROM containers ORDER BY id').all() as ContainerRow[],
    pveContainers: [...w.fake.state.containers.keys()].sort((a, b) => a - b),
    pveUsers: [...w.fake.state.users.keys()].filter((id) => /^ct\d+@pve$/.test(id)).sort(),
    allocationOwners: sqlite.prepare('SELECT owner FROM pool_allocations ORDER BY owner').pluck().all() as string[],
    mappingStates: sqlite.prepare('SELECT state FROM nat_mappings ORDER BY id').pluck().all() as string[],
    routerRules: w.router ? [...w.router.rules.values()].map((rule) => rule.comment).sort() : [],
  }
}

/** Every CT, PVE user, pool slot and router rule belongs to a live container, exactly once; sagas have settled. */
export function expectNoLeaks(w: PveWorld): Census {
  const census = takeCensus(w)
  const live = census.containers.filter((c) => LIVE_STATES.includes(c.state))
  expect(census.containers.filter((c) => !LIVE_STATES.includes(c.state) && c.state !== 'failed' && c.state !== 'deleted'), 'sagas left unsettled').toEqual([])
  expect(census.pveContainers, 'CTs on PVE').toEqual(live.map((c) => c.vmid).sort((a, b) => a! - b!))
  expect(census.pveUsers, 'console users on PVE').toEqual(live.map((c) => c.pve_userid).sort())
  const mappings = w.api.core.services.db.sqlite
    .prepare('SELECT id, container_id, purpose, external_first, external_last FROM nat_mappings')
    .all() as Array<{ id: number; container_id: number; purpose: string; external_first: number; external_last: number }>
  const liveIds = new Set(live.map((c) => c.id))
  expect(mappings.filter((m) => !liveIds.has(m.container_id)), 'mappings of dead containers').toEqual([])
  expect(census.mappingStates.filter((s) => s !== 'active' && s !== 'disabled'), 'mappings half added or removed').toEqual([])
  const expectedOwners = [
    ...live.flatMap((c) => [`container:${c.id}`, `container:${c.id}`]),
    ...mappings.flatMap((m) => Array<string>(m.external_last - m.external_first + 1).fill(`nat:${m.id}`)),
  ].sort()
  expect(census.allocationOwners, 'pool slots: a VMID and an IP per live container, the ports of each mapping').toEqual(expectedOwners)
  expect(census.routerRules, 'router rules: one per mapping').toEqual(mappings.map((m) => ruleComment(m.container_id, m.id, m.purpose)).sort())
  return census
}
