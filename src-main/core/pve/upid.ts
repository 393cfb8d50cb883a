// UPIDs name PVE tasks: "UPID:node:PID:PSTART:STARTTIME:type:id:user:" (pve-common src/PVE/UPID.pm).
// PID, PSTART and STARTTIME are uppercase hex, zero-padded to 8 digits; PSTART grows to 9 digits after about
// 497 days of uptime. The node in field 2 is where the task runs and therefore where it must be polled.

export interface Upid {
  pveNode: string
  pid: number
  pstart: number
  /** Unix seconds. */
  starttime: number
  /** Task type such as vzcreate or vzstart. */
  type: string
  /** Usually the VMID; may be empty. */
  id: string
  /** The user or API token that started the task, e.g. root@pam!proxdesk. */
  user: string
}

const UPID_PATTERN =
  /^UPID:([a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?):([0-9A-Fa-f]{8}):([0-9A-Fa-f]{8,9}):([0-9A-Fa-f]{8}):([^:\s/]+):([^:\s/]*):([^:\s/]+):$/

export function parseUpid(text: string): Upid | null {
  const match = UPID_PATTERN.exec(text)
  if (!match) return null
  const [, pveNode, pid, pstart, starttime, type, id, user] = match as unknown as [string, string, string, string, string, string, string, string]
  return { pveNode, pid: parseInt(pid, 16), pstart: parseInt(pstart, 16), starttime: parseInt(starttime, 16), type, id, user }
}

const hex8 = (value: number) => value.toString(16).toUpperCase().padStart(8, '0')

export function formatUpid(upid: Upid): string {
  return `UPID:${upid.pveNode}:${hex8(upid.pid)}:${hex8(upid.pstart)}:${hex8(upid.starttime)}:${upid.type}:${upid.id}:${upid.user}:`
}
