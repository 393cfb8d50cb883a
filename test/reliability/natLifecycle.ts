// A NAT container's whole life through the REST API: create (with its SSH mapping), one more mapping,
// suspend, unsuspend, remove the mapping, terminate. Each step runs only if the previous ones left the
// container able to; every answer is checked to be a success or a refusal the contract documents.
import { expect } from 'vitest'
import type { OperationName } from '../../src-shared/contract/index'
import { TEMPLATE, type PveWorld } from '../helpers/pveWorld'
import { expectSuccessOrDocumentedError } from './documentedErrors'

export interface LifecycleOutcome {
  /** Each step's operation and HTTP status. */
  steps: Array<[OperationName, number]>
  containerId: number
}

export async function runNatLifecycle(w: PveWorld, beforeEachStep: () => void = () => {}): Promise<LifecycleOutcome> {
  const steps: LifecycleOutcome['steps'] = []
  const call = async (operation: OperationName, method: string, url: string, body?: unknown) => {
    beforeEachStep()
    const response = await w.api.request(method, url, { token: w.api.adminToken, body })
    expectSuccessOrDocumentedError(operation, response)
    steps.push([operation, response.status])
    return response
  }
  const created = await call('containers.create', 'POST', '/api/containers', { plan_id: w.planId, hostname: 'nat1', password: 'root-password-1', template: TEMPLATE })
  expect(created.status).toBe(201)
  const id = created.json.id as number
  const state = async () => (await w.settle(id)).state as string
  if ((await state()) !== 'running') return { steps, containerId: id }
  const web = await call('nat.add', 'POST', `/api/containers/${id}/nat`, { purpose: 'web', internal_port: 80 })
  await call('containers.suspend', 'POST', `/api/containers/${id}/suspend`)
  if ((await state()) === 'suspended') await call('containers.unsuspend', 'POST', `/api/containers/${id}/unsuspend`)
  if (web.status === 201) await call('nat.delete', 'DELETE', `/api/containers/${id}/nat/${web.json.id}`)
  if (['running', 'stopped', 'suspended'].includes(await state())) {
    await call('containers.delete', 'DELETE', `/api/containers/${id}`)
    await w.settle(id)
  }
  return { steps, containerId: id }
}
