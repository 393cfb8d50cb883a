import { describe, expect, it } from 'vitest'
import { usePveWorld } from '../helpers/pveWorld'

describe('linking node records to containers over /api/nodes', () => {
  const world = usePveWorld()

  it('links a record to a live container and unlinks it with null', async () => {
    const w = await world()
    const container = await w.createContainer({ hostname: 'hy2-node-1' })
    const record = await w.admin('POST', '/api/nodes', { ip_address: container.ip_address, server_group: 'hk', container_id: container.id }, 201)
    expect(record.container_id).toBe(container.id)

    const unlinked = await w.admin('PUT', `/api/nodes/${record.id}`, { container_id: null }, 200)
    expect(unlinked.container_id).toBeNull()
    const relinked = await w.admin('PUT', `/api/nodes/${record.id}`, { container_id: container.id }, 200)
    expect(relinked.container_id).toBe(container.id)
  })

  it('refuses an unknown container, on create and on update, naming the field', async () => {
    const w = await world()
    const created = await w.api.request('POST', '/api/nodes', { token: w.api.adminToken, body: { ip_address: '192.0.2.10', server_group: 'hk', container_id: 999 } })
    expect(created.status).toBe(400)
    expect(created.json.error).toMatchObject({ code: 'VALIDATION', fields: { container_id: 'no such container' } })

    const record = await w.admin('POST', '/api/nodes', { ip_address: '192.0.2.10', server_group: 'hk' }, 201)
    const updated = await w.api.request('PUT', `/api/nodes/${record.id}`, { token: w.api.adminToken, body: { container_id: 999 } })
    expect(updated.status).toBe(400)
    expect(updated.json.error.fields).toEqual({ container_id: 'no such container' })
    expect((await w.admin('GET', '/api/nodes?server_group=hk', undefined, 200)).items[0].container_id).toBeNull()
  })

  it('refuses a terminated container, while a link made before the termination stays editable', async () => {
    const w = await world()
    const container = await w.createContainer({ hostname: 'hy2-node-1' })
    const linked = await w.admin('POST', '/api/nodes', { ip_address: '192.0.2.10', server_group: 'hk', container_id: container.id }, 201)
    const spare = await w.admin('POST', '/api/nodes', { ip_address: '192.0.2.11', server_group: 'hk' }, 201)
    await w.admin('DELETE', `/api/containers/${container.id}`, undefined, 200)
    expect((await w.settle(container.id)).state).toBe('deleted')

    const refused = await w.api.request('PUT', `/api/nodes/${spare.id}`, { token: w.api.adminToken, body: { container_id: container.id } })
    expect(refused.status).toBe(400)
    expect(refused.json.error.fields).toEqual({ container_id: 'no such container' })

    const toggled = await w.admin('PUT', `/api/nodes/${linked.id}`, { is_active: false }, 200)
    expect(toggled).toMatchObject({ is_active: false, container_id: container.id })
  })
})
