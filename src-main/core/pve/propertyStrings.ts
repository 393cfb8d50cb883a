// PVE "property strings": comma-separated key=value lists such as net0, rootfs and features. PVE splits them on
// every comma (pve-common JSONSchema.pm parse_property_string), so a comma inside a value would silently turn
// into another key; formatting refuses such values instead of passing them on.
import { AppError } from '@shared/errors'

type Value = string | number | boolean | undefined

function formatValue(owner: string, key: string, value: string | number | boolean): string {
  const text = typeof value === 'boolean' ? (value ? '1' : '0') : String(value)
  if (text === '' || /[,\s]/.test(text)) {
    throw new AppError('VALIDATION', `${owner}.${key}: must be non-empty without commas or spaces`, {
      fields: { [`${owner}.${key}`]: 'must be non-empty without commas or spaces' },
    })
  }
  return text
}

/** `owner` names the parameter in error messages; a `defaultKey` value is written first, without `key=`. */
export function formatPropertyString(owner: string, entries: Record<string, Value>, defaultKey?: string): string {
  const parts: string[] = []
  for (const [key, value] of Object.entries(entries)) {
    if (value === undefined) continue
    const text = formatValue(owner, key, value)
    if (key === defaultKey) {
      if (text.includes('=')) throw new AppError('VALIDATION', `${owner}.${key}: must not contain '='`, { fields: { [`${owner}.${key}`]: "must not contain '='" } })
      parts.unshift(text)
    } else {
      parts.push(`${key}=${text}`)
    }
  }
  return parts.join(',')
}

/** Key -> raw value; a part without `=` is the value of `defaultKey`. */
export function parsePropertyString(text: string, defaultKey?: string): Map<string, string> {
  const result = new Map<string, string>()
  for (const part of text.split(',')) {
    if (part.trim() === '') continue
    const eq = part.indexOf('=')
    if (eq > 0) result.set(part.slice(0, eq), part.slice(eq + 1))
    else if (defaultKey) result.set(defaultKey, part)
  }
  return result
}

/** PVE accepts 1/on/yes/true and 0/off/no/false (JSONSchema.pm parse_boolean). */
function parseBool(text: string | undefined): boolean | undefined {
  if (text === undefined) return undefined
  if (/^(1|on|yes|true)$/i.test(text)) return true
  if (/^(0|off|no|false)$/i.test(text)) return false
  return undefined
}

function parseNumber(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '') return undefined
  const value = Number(text)
  return Number.isFinite(value) ? value : undefined
}

const UNIT_POWER: Record<string, number> = { K: 1, M: 2, G: 3, T: 4 }

/** PVE disk sizes: a number with an optional K/M/G/T (powers of 1024) suffix; no suffix means bytes. */
export function parseDiskSize(text: string): number | null {
  const match = /^(\d+(?:\.\d+)?)([KMGT])?$/.exec(text)
  if (!match) return null
  return Math.floor(Number(match[1]) * 1024 ** (match[2] ? UNIT_POWER[match[2]]! : 0))
}

// ---- net[n] ----

export interface NetConfig {
  /** Interface name inside the container, e.g. eth0. */
  name: string
  bridge?: string
  /** IPv4 CIDR such as 10.0.0.5/24, or 'dhcp' / 'manual'. */
  ip?: string
  gw?: string
  /** IPv6 CIDR, or 'auto' / 'dhcp' / 'manual'. */
  ip6?: string
  gw6?: string
  hwaddr?: string
  mtu?: number
  /** Rate limit in MB/s. */
  rate?: number
  /** VLAN tag 1..4094. */
  tag?: number
  trunks?: number[]
  firewall?: boolean
  linkDown?: boolean
  type?: 'veth'
  /** PVE 9: the host configures the interface instead of the container. */
  hostManaged?: boolean
}

export function formatNet(net: NetConfig): string {
  return formatPropertyString('net', {
    name: net.name,
    bridge: net.bridge,
    hwaddr: net.hwaddr,
    ip: net.ip,
    gw: net.gw,
    ip6: net.ip6,
    gw6: net.gw6,
    mtu: net.mtu,
    rate: net.rate,
    tag: net.tag,
    trunks: net.trunks?.join(';'),
    firewall: net.firewall,
    link_down: net.linkDown,
    type: net.type,
    'host-managed': net.hostManaged,
  })
}

export function parseNet(text: string): NetConfig {
  const map = parsePropertyString(text)
  const net: NetConfig = { name: map.get('name') ?? '' }
  const strings = ['bridge', 'ip', 'gw', 'ip6', 'gw6', 'hwaddr'] as const
  for (const key of strings) if (map.has(key)) net[key] = map.get(key)
  const mtu = parseNumber(map.get('mtu'))
  if (mtu !== undefined) net.mtu = mtu
  const rate = parseNumber(map.get('rate'))
  if (rate !== undefined) net.rate = rate
  const tag = parseNumber(map.get('tag'))
  if (tag !== undefined) net.tag = tag
  const trunks = map.get('trunks')
  if (trunks) net.trunks = trunks.split(';').map(Number)
  const firewall = parseBool(map.get('firewall'))
  if (firewall !== undefined) net.firewall = firewall
  const linkDown = parseBool(map.get('link_down'))
  if (linkDown !== undefined) net.linkDown = linkDown
  if (map.get('type') === 'veth') net.type = 'veth'
  const hostManaged = parseBool(map.get('host-managed'))
  if (hostManaged !== undefined) net.hostManaged = hostManaged
  return net
}

// ---- rootfs ----

export type MountOption = 'discard' | 'lazytime' | 'noatime' | 'nodev' | 'noexec' | 'nosuid'

export interface RootfsOptions {
  acl?: boolean
  mountoptions?: MountOption[]
  quota?: boolean
  replicate?: boolean
  ro?: boolean
  shared?: boolean
}

/** A new volume, written `STORAGE:SIZE_GiB` (e.g. local-lvm:8) as PVE's create call expects. */
export interface NewRootfs extends RootfsOptions {
  storage: string
  sizeGiB: number
}

/** An existing volume such as local-lvm:vm-105-disk-0, with its size as PVE records it (8G). */
export interface ExistingRootfs extends RootfsOptions {
  volume: string
  size?: string
}

export interface RootfsConfig extends RootfsOptions {
  /** The full volume id, e.g. local-lvm:vm-105-disk-0. */
  volume: string
  /** The part of `volume` before the colon; null for a volume without a storage prefix. */
  storage: string | null
  sizeBytes: number | null
}

export function formatRootfs(spec: NewRootfs | ExistingRootfs): string {
  const isNew = 'sizeGiB' in spec
  if (isNew && !(spec.sizeGiB > 0)) throw new AppError('VALIDATION', 'rootfs.size: must be a positive number of GiB', { fields: { 'rootfs.size': 'must be a positive number of GiB' } })
  return formatPropertyString(
    'rootfs',
    {
      volume: isNew ? `${spec.storage}:${spec.sizeGiB}` : spec.volume,
      size: isNew ? undefined : spec.size,
      acl: spec.acl,
      mountoptions: spec.mountoptions?.join(';'),
      quota: spec.quota,
      replicate: spec.replicate,
      ro: spec.ro,
      shared: spec.shared,
    },
    'volume',
  )
}

export function parseRootfs(text: string): RootfsConfig {
  const map = parsePropertyString(text, 'volume')
  const volume = map.get('volume') ?? ''
  const colon = volume.indexOf(':')
  const size = map.get('size')
  const rootfs: RootfsConfig = { volume, storage: colon > 0 ? volume.slice(0, colon) : null, sizeBytes: size ? parseDiskSize(size) : null }
  for (const key of ['acl', 'quota', 'replicate', 'ro', 'shared'] as const) {
    const flag = parseBool(map.get(key))
    if (flag !== undefined) rootfs[key] = flag
  }
  const mountoptions = map.get('mountoptions')
  if (mountoptions) rootfs.mountoptions = mountoptions.split(';') as MountOption[]
  return rootfs
}

// ---- features ----

export interface FeatureFlags {
  /** The one flag a non-root user or API token may set (needs VM.Allocate). */
  nesting?: boolean
  keyctl?: boolean
  fuse?: boolean
  mknod?: boolean
  forceRwSys?: boolean
  /** File system types the container may mount, e.g. ['nfs', 'cifs']. */
  mount?: string[]
}

export function formatFeatures(features: FeatureFlags): string {
  return formatPropertyString('features', {
    nesting: features.nesting,
    keyctl: features.keyctl,
    fuse: features.fuse,
    mknod: features.mknod,
    force_rw_sys: features.forceRwSys,
    mount: features.mount?.length ? features.mount.join(';') : undefined,
  })
}

export function parseFeatures(text: string): FeatureFlags {
  const map = parsePropertyString(text)
  const features: FeatureFlags = {}
  for (const [flag, key] of [['nesting', 'nesting'], ['keyctl', 'keyctl'], ['fuse', 'fuse'], ['mknod', 'mknod'], ['forceRwSys', 'force_rw_sys']] as const) {
    const value = parseBool(map.get(key))
    if (value !== undefined) features[flag] = value
  }
  const mount = map.get('mount')
  if (mount) features.mount = mount.split(';')
  return features
}
