// The fake cluster's in-memory state. Tests may seed and inspect it directly; the route handlers are the only
// other writers. Times are milliseconds from the fake's clock unless a field says seconds.

import { randomUUID } from 'node:crypto'
import { SPECIAL_ROLES } from './privileges'

/** Milliseconds since the epoch. */
export type Clock = () => number

export interface FakeNode {
  name: string
  cpus: number
  memoryBytes: number
  bootedAt: number
  /** The node certificate's SHA-256 fingerprint as `GET /nodes` reports it. */
  sslFingerprint: string
}

export type VolumeContent = 'vztmpl' | 'iso' | 'backup' | 'rootdir' | 'images'

export interface FakeVolume {
  volid: string
  /** Node that holds the volume; every storage here is local (not shared). */
  node: string
  content: VolumeContent
  format: string
  size: number
  vmid?: number
  /** Seconds. */
  ctime: number
}

export interface FakeStorage {
  id: string
  type: 'dir' | 'lvmthin'
  content: VolumeContent[]
  totalBytes: number
  /** Whether volumes on it support snapshots (LVM-thin does, a plain directory with raw volumes does not). */
  snapshots: boolean
  volumes: FakeVolume[]
}

/** Config values as PVE returns them: integers and booleans as numbers, everything else as strings. */
export type ContainerConfig = Record<string, string | number>

export interface FakeSnapshot {
  name: string
  description: string
  /** Seconds. */
  snaptime: number
  parent?: string
  config: ContainerConfig
}

export interface FakeContainer {
  vmid: number
  node: string
  status: 'running' | 'stopped'
  config: ContainerConfig
  snapshots: Map<string, FakeSnapshot>
  createdAt: number
  startedAt?: number
  pid?: number
}

export interface FakeToken {
  tokenid: string
  secret: string
  privsep: boolean
  /** Seconds; 0 = never. */
  expire: number
  comment?: string
}

export interface FakeUser {
  userid: string
  enable: boolean
  /** Seconds; 0 = never. */
  expire: number
  firstname?: string
  lastname?: string
  email?: string
  comment?: string
  password?: string
  tokens: Map<string, FakeToken>
}

export interface FakeRole {
  privileges: Set<string>
  /** Built in; PVE refuses to change or delete it. */
  special: boolean
}

export interface FakeAcl {
  path: string
  type: 'user' | 'group' | 'token'
  ugid: string
  roleid: string
  propagate: boolean
}

export interface FakeTask {
  upid: string
  node: string
  pid: number
  pstart: number
  /** Seconds. */
  starttime: number
  type: string
  id: string
  /** The user or token id that started it, as written into the UPID. */
  authid: string
  status: 'running' | 'stopped'
  exitstatus?: string
  /** Seconds. */
  endtime?: number
  log: string[]
}

export interface FakePveState {
  nodes: Map<string, FakeNode>
  storages: Map<string, FakeStorage>
  containers: Map<number, FakeContainer>
  users: Map<string, FakeUser>
  /** Group id → member user ids. */
  groups: Map<string, Set<string>>
  roles: Map<string, FakeRole>
  acls: FakeAcl[]
  tasks: Map<string, FakeTask>
}

export const ROOT_TOKEN_NAME = 'proxdesk'

const GIB = 1024 ** 3

/** Templates as `pveam download` names them, with their real sizes. */
const SEED_TEMPLATES: Array<{ file: string; size: number }> = [
  { file: 'debian-12-standard_12.7-1_amd64.tar.zst', size: 126_222_684 },
  { file: 'ubuntu-24.04-standard_24.04-2_amd64.tar.zst', size: 141_826_413 },
]

export interface SeedOptions {
  nodes: string[]
  now: number
  rootPassword: string
  fingerprintOf: (nodeName: string) => string
}

export function createInitialState(options: SeedOptions): FakePveState {
  const nodes = new Map<string, FakeNode>()
  for (const name of options.nodes) {
    nodes.set(name, {
      name,
      cpus: 8,
      memoryBytes: 32 * GIB,
      bootedAt: options.now - 6 * 86_400_000,
      sslFingerprint: options.fingerprintOf(name),
    })
  }
  const seconds = Math.floor(options.now / 1000)
  const templates = options.nodes.flatMap((nodeName) =>
    SEED_TEMPLATES.map(
      (template): FakeVolume => ({
        volid: `local:vztmpl/${template.file}`,
        node: nodeName,
        content: 'vztmpl',
        format: 'tzst',
        size: template.size,
        ctime: seconds - 30 * 86_400,
      }),
    ),
  )
  const storages = new Map<string, FakeStorage>([
    ['local', { id: 'local', type: 'dir', content: ['vztmpl', 'iso', 'backup'], totalBytes: 100 * GIB, snapshots: false, volumes: templates }],
    ['local-lvm', { id: 'local-lvm', type: 'lvmthin', content: ['rootdir', 'images'], totalBytes: 350 * GIB, snapshots: true, volumes: [] }],
  ])
  const root: FakeUser = {
    userid: 'root@pam',
    enable: true,
    expire: 0,
    email: 'root@localhost',
    password: options.rootPassword,
    // privsep=0: the token carries root's own (unrestricted) rights, as a deployment token for this app would.
    tokens: new Map([[ROOT_TOKEN_NAME, { tokenid: ROOT_TOKEN_NAME, secret: randomUUID(), privsep: false, expire: 0 }]]),
  }
  const roles = new Map<string, FakeRole>()
  for (const [roleid, privileges] of SPECIAL_ROLES) roles.set(roleid, { privileges: new Set(privileges), special: true })
  return {
    nodes,
    storages,
    containers: new Map(),
    users: new Map([[root.userid, root]]),
    groups: new Map(),
    roles,
    acls: [],
    tasks: new Map(),
  }
}
