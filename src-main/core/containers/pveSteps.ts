// PVE actions shared by the create, terminate and suspend flows, written so that repeating them is harmless.
import { AppError } from '@shared/errors'
import type { PveClient } from '../pve/pveClient'
import type { WaitForTaskOptions } from '../pve/tasks'

export const CONSOLE_ROLE = 'ProxdeskConsole'

/** Marks containers as ours; it must never carry a secret (anyone with VM.Audit can read it). */
export function containerDescription(containerId: number): string {
  return `proxdesk container ${containerId}`
}

export async function runTask(client: PveClient, upid: string, what: string, wait?: WaitForTaskOptions): Promise<void> {
  const result = await client.waitForTask(upid, wait)
  if (!result.ok) throw new AppError('UPSTREAM_ERROR', `PVE could not ${what}: ${result.exitstatus}`)
}

function isMissing(error: unknown): boolean {
  return error instanceof AppError && /no such user|does not exist|not found|unable to find/i.test(error.message)
}

/** The role the per-container PVE users get: the console and a read-only view, nothing else. */
export async function ensureConsoleRole(client: PveClient): Promise<void> {
  const roles = await client.listRoles()
  if (roles.some((role) => role.roleid === CONSOLE_ROLE)) return
  try {
    await client.createRole({ roleid: CONSOLE_ROLE, privs: 'VM.Console,VM.Audit' })
  } catch (error) {
    // Another process may have created it meanwhile.
    if (!(await client.listRoles()).some((role) => role.roleid === CONSOLE_ROLE)) throw error
  }
}

/** Deletes the user; PVE drops its ACL entries with it. An already missing user is fine. */
export async function removePveUser(client: PveClient, userid: string): Promise<void> {
  try {
    await client.deleteUser(userid)
  } catch (error) {
    if (!isMissing(error)) throw error
  }
}

/**
 * Stops and destroys the container with this VMID if it exists and is ours (its description says so):
 * a VMID can be reused by someone else after a crash, and their container must survive our undo.
 */
export async function destroyContainerIfPresent(client: PveClient, vmid: number, description: string, wait?: WaitForTaskOptions): Promise<void> {
  const guest = (await client.clusterResources('vm')).find((g) => Number(g.vmid) === vmid && g.type === 'lxc')
  if (!guest) return
  const pveNode = guest.node
  const config = await client.lxcConfig(pveNode, vmid)
  if ((config.description ?? '').trim() !== description) {
    throw new AppError('CONFLICT', `CT ${vmid} on ${pveNode} is not the one proxdesk created; left untouched`)
  }
  if (guest.status === 'running') await runTask(client, await client.stopLxc(pveNode, vmid), `stop CT ${vmid}`, wait)
  await runTask(client, await client.deleteLxc(pveNode, vmid, { purge: true, destroyUnreferencedDisks: true, force: true }), `destroy CT ${vmid}`, wait)
}
