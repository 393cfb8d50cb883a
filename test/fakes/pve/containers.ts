// Container configuration rules of pve-container (PVE::LXC::Config): typed values, the raw config file whose
// SHA-1 is the `digest`, lock checks, and the property-string keys (net[n], rootfs, features).

import { createHash, randomBytes } from 'node:crypto'
import { pveDie } from './errors'
import { findMethod, type ParamSchema, type PropertyStringFormat } from './schema/loadSchema'
import { splitList } from './schema/formats'
import { printPropertyString, splitPropertyString } from './schema/propertyString'
import { propertySchema } from './schema/validateParams'
import type { ContainerConfig, FakeContainer, FakePveState } from './state'

const CONFIG_PROPERTIES: Record<string, ParamSchema> = findMethod('PUT', '/nodes/{node}/lxc/{vmid}/config').parameters.properties ?? {}
const NOT_CONFIG_KEYS = new Set(['node', 'vmid', 'delete', 'revert', 'digest'])

/** The sub-key format of a property-string config key such as `net0`, `rootfs` or `features`. */
export function configFormat(key: string): PropertyStringFormat {
  const format = propertySchema(CONFIG_PROPERTIES, key)?.format
  if (!format || typeof format === 'string') throw new Error(`fake PVE: '${key}' is not a property-string key`)
  return format
}

/** PVE::LXC::Config->option_exists */
export function configPropertyExists(key: string): boolean {
  return !NOT_CONFIG_KEYS.has(key) && propertySchema(CONFIG_PROPERTIES, key) !== undefined
}

/** How load_config types a value: integers and booleans become numbers, the rest stays text. */
function configValue(key: string, text: string): string | number {
  const type = propertySchema(CONFIG_PROPERTIES, key)?.type
  return type === 'integer' || type === 'boolean' ? Number(text) : text
}

/** write_pct_config: description as comments, then `key: value` lines sorted, then each snapshot section. */
function rawConfig(ct: FakeContainer): string {
  const section = (config: ContainerConfig): string => {
    const description = String(config.description ?? '')
    const comments = description ? description.split('\n').map((line) => `#${encodeURIComponent(line)}\n`).join('') : ''
    const lines = Object.keys(config)
      .filter((key) => key !== 'description')
      .sort()
      .map((key) => `${key}: ${config[key]}\n`)
    return comments + lines.join('')
  }
  const snapshots = [...ct.snapshots.values()]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((snapshot) => `\n[${snapshot.name}]\n${section({ ...snapshot.config, snaptime: snapshot.snaptime })}`)
  return section(ct.config) + snapshots.join('')
}

export function configDigest(ct: FakeContainer): string {
  return createHash('sha1').update(rawConfig(ct)).digest('hex')
}

function configPath(nodeName: string, vmid: number): string {
  return `nodes/${nodeName}/lxc/${vmid}.conf`
}

/** PVE::LXC::Config->load_config: the container must live on the node the request was sent to. */
export function loadContainer(state: FakePveState, nodeName: string, vmid: number): FakeContainer {
  const ct = state.containers.get(vmid)
  if (!ct || ct.node !== nodeName) throw pveDie(`Configuration file '${configPath(nodeName, vmid)}' does not exist`)
  return ct
}

/** AbstractConfig::check_lock */
export function lockError(ct: FakeContainer): string | undefined {
  return ct.config.lock === undefined ? undefined : `CT is locked (${ct.config.lock})`
}

export function assertUnlocked(ct: FakeContainer): void {
  const error = lockError(ct)
  if (error) throw pveDie(error)
}

/** A MAC from Proxmox's own OUI (BC:24:11), as PVE::Tools::random_ether_addr produces by default. */
function randomMac(): string {
  return ['BC', '24', '11', ...[...randomBytes(3)].map((byte) => byte.toString(16).padStart(2, '0').toUpperCase())].join(':')
}

/** parse_lxc_network + print_lxc_network: completes `type` and, unless given or kept from before, `hwaddr`. */
function normalizeNetwork(key: string, value: string, previous?: string | number): string {
  const format = configFormat(key)
  const net = splitPropertyString(format, value)
  const previousMac = previous === undefined ? undefined : splitPropertyString(format, String(previous)).hwaddr
  net.hwaddr ??= previousMac ?? randomMac()
  net.type = 'veth'
  return printPropertyString(format, net)
}

/** update_pct_config for values that are not disks: typing, network completion, tag normalisation. */
export function applyConfigValue(config: ContainerConfig, key: string, text: string): void {
  if (/^net\d+$/.test(key)) config[key] = normalizeNetwork(key, text, config[key])
  else if (key === 'tags') config[key] = [...new Set(splitList(text))].sort().join(';')
  else config[key] = configValue(key, text)
}

export function parseFeatures(value: string | number | undefined): Record<string, string> {
  return value === undefined || value === '' ? {} : splitPropertyString(configFormat('features'), String(value))
}

/** Guesses the distribution from the template file name, as PVE::LXC::Setup detects it from the unpacked tree. */
export function detectOsType(ostemplate: string): string {
  const file = ostemplate.split('/').pop() ?? ''
  const known = ['debian', 'ubuntu', 'devuan', 'centos', 'fedora', 'opensuse', 'archlinux', 'alpine', 'gentoo', 'nixos']
  const found = known.find((name) => file.startsWith(name))
  if (!found) throw new Error('unable to detect OS distribution')
  return found
}
