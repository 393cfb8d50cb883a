// The named string formats of PVE's JSONSchema.pm (pve-common) and of the plugins that register more
// (pve-access-control, pve-storage, pve-container), with their error texts. A verifier throws FormatError
// carrying Perl's `die` message, trailing newline included, because check_prop embeds it verbatim.

import { VALID_PRIVILEGES } from '../privileges'

export class FormatError extends Error {
  constructor(
    message: string,
    /** Sub-key errors of a property string, keyed by `param.subkey`. */
    readonly errors?: Record<string, string>,
  ) {
    super(message)
  }
}

type Verifier = (value: string) => void

const IPV4_OCTET = '(?:25[0-5]|(?:2[0-4]|1[0-9]|[1-9])?[0-9])'
const IPV4_RE = `(?:(?:${IPV4_OCTET}\\.){3}${IPV4_OCTET})`
const IPV6_H16 = '(?:[0-9a-fA-F]{1,4})'
const IPV6_LS32 = `(?:(?:${IPV4_RE}|${IPV6_H16}:${IPV6_H16}))`
const IPV6_RE =
  '(?:' +
  `(?:(?:(?:${IPV6_H16}:){6})${IPV6_LS32})|` +
  `(?:(?:::(?:${IPV6_H16}:){5})${IPV6_LS32})|` +
  `(?:(?:(?:${IPV6_H16})?::(?:${IPV6_H16}:){4})${IPV6_LS32})|` +
  `(?:(?:(?:(?:${IPV6_H16}:){0,1}${IPV6_H16})?::(?:${IPV6_H16}:){3})${IPV6_LS32})|` +
  `(?:(?:(?:(?:${IPV6_H16}:){0,2}${IPV6_H16})?::(?:${IPV6_H16}:){2})${IPV6_LS32})|` +
  `(?:(?:(?:(?:${IPV6_H16}:){0,3}${IPV6_H16})?::(?:${IPV6_H16}:){1})${IPV6_LS32})|` +
  `(?:(?:(?:(?:${IPV6_H16}:){0,4}${IPV6_H16})?::)${IPV6_LS32})|` +
  `(?:(?:(?:(?:${IPV6_H16}:){0,5}${IPV6_H16})?::)${IPV6_H16})|` +
  `(?:(?:(?:(?:${IPV6_H16}:){0,6}${IPV6_H16})?::))` +
  ')'

const ipv4 = new RegExp(`^${IPV4_RE}$`)
const ipv6 = new RegExp(`^${IPV6_RE}$`)
const cidr4 = new RegExp(`^${IPV4_RE}/(\\d+)$`)
const cidr6 = new RegExp(`^${IPV6_RE}/(\\d+)$`)
const DNS_LABEL = '([a-zA-Z0-9]([a-zA-Z0-9\\-]*[a-zA-Z0-9])?)'
const dnsName = new RegExp(`^(${DNS_LABEL}\\.)*${DNS_LABEL}$`)
const EMAIL_USER = '[\\w+\\-~]+(\\.[\\w+\\-~]+)*'
const email = new RegExp(`^${EMAIL_USER}@[a-zA-Z0-9\\-]+(\\.[a-zA-Z0-9\\-]+)*$`)
const emailUser = new RegExp(`^${EMAIL_USER}$`)
export const USER_RE = '[^\\s:/]+'
export const REALM_RE = '[A-Za-z][A-Za-z0-9\\.\\-_]+'
const userid = new RegExp(`^(${USER_RE})@(${REALM_RE})$`)
const tokenid = new RegExp(`^((${USER_RE})@(${REALM_RE}))!(${REALM_RE})$`)
const ID_RE = /^[a-z][a-z0-9\-_.]*[a-z0-9]$/i

const IPV4_MASKS = new Set(
  Array.from({ length: 33 }, (_, bits) => {
    const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0
    return [24, 16, 8, 0].map((shift) => (mask >>> shift) & 255).join('.')
  }),
)

const STORAGE_CONTENT_TYPES = new Set(['images', 'rootdir', 'vztmpl', 'iso', 'backup', 'snippets', 'import'])

const TIME_ZONES = new Set(Intl.supportedValuesOf('timeZone'))

function fail(message: string): never {
  throw new FormatError(`${message}\n`)
}

function isCidr(value: string, re: RegExp, maxBits: number): boolean {
  const match = re.exec(value)
  if (!match) return false
  const bits = Number(match[1])
  return bits > 7 && bits <= maxBits
}

function isIp(value: string): boolean {
  return ipv4.test(value) || ipv6.test(value)
}

/** PVE::JSONSchema::parse_size */
export function parseSize(value: string): number | undefined {
  const match = /^(\d+(\.\d+)?)([KMGT])?$/.exec(value)
  if (!match) return undefined
  const factor = { K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 }[match[3] ?? ''] ?? 1
  return Math.trunc(Number(match[1]) * factor)
}

/** PVE::JSONSchema::pve_parse_startup_order */
function parsesAsStartupOrder(value: string): boolean {
  if (!value || value === '0') return false
  return value
    .split(',')
    .filter((part) => !/^\s*$/.test(part))
    .every((part) => /^(order=)?(\d+)$/.test(part) || /^up=(\d+)$/.test(part) || /^down=(\d+)$/.test(part))
}

function verifyIdMap(value: string, entryFormat: Verifier): void {
  const entries = splitList(value)
  let hasDefault = false
  let identity = false
  const sources = new Set<string>()
  for (const entry of entries) {
    if (entry === '1') {
      identity = true
    } else if (/^([^:]+):([^:]+)$/.test(entry)) {
      const [source, target] = entry.split(':') as [string, string]
      for (const id of [source, target]) {
        try {
          entryFormat(id)
        } catch (error) {
          fail(`entry '${entry}' contains invalid ID - ${(error as Error).message}`)
        }
      }
      if (sources.has(source)) fail(`duplicate mapping for source '${source}'`)
      sources.add(source)
    } else {
      try {
        entryFormat(entry)
      } catch (error) {
        fail(`entry '${entry}' contains invalid ID - ${(error as Error).message}`)
      }
      if (hasDefault) fail('default target ID can only be provided once')
      hasDefault = true
    }
  }
  if (identity && (hasDefault || sources.size > 0)) fail('identity mapping cannot be combined with other mappings')
}

const storageId: Verifier = (value) => {
  if (!ID_RE.test(value)) fail(`storage ID '${value}' contains illegal characters`)
}
const bridgeId: Verifier = (value) => {
  if (!/^[-_.\w\d]+$/.test(value)) fail(`invalid bridge ID '${value}'`)
}

const VERIFIERS: Record<string, Verifier> = {
  string: () => undefined,
  urlencoded: (value) => {
    if (!/^[-%a-zA-Z0-9_.!~*'()]*$/.test(value)) fail(`invalid urlencoded string: ${value}`)
  },
  'pve-configid': (value) => {
    if (!/^[a-z][a-z0-9_-]+$/i.test(value)) fail(`invalid configuration ID '${value}'`)
  },
  'pve-storage-id': storageId,
  'pve-bridge-id': bridgeId,
  'acme-plugin-id': (value) => {
    if (!ID_RE.test(value)) fail(`ACME plugin ID '${value}' contains illegal characters`)
  },
  'pve-vmid': (value) => {
    if (!/^[1-9][0-9]{2,8}$/.test(value)) fail('value does not look like a valid VM ID')
  },
  'pve-node': (value) => {
    if (!/^([a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?)$/.test(value)) fail('value does not look like a valid node name')
  },
  'storage-pair': (value) => verifyIdMap(value, storageId),
  'bridge-pair': (value) => verifyIdMap(value, bridgeId),
  'mac-addr': (value) => {
    if (!/^[a-f0-9][02468ace](?::[a-f0-9]{2}){5}$/i.test(value)) fail('value does not look like a valid unicast MAC address')
  },
  ipv4: (value) => {
    if (!ipv4.test(value)) fail('value does not look like a valid IPv4 address')
  },
  ipv6: (value) => {
    if (!ipv6.test(value)) fail('value does not look like a valid IPv6 address')
  },
  ip: (value) => {
    if (!isIp(value)) fail('value does not look like a valid IP address')
  },
  ipv4mask: (value) => {
    if (!IPV4_MASKS.has(value)) fail('value does not look like a valid IP netmask')
  },
  CIDRv4: (value) => {
    if (!isCidr(value, cidr4, 32)) fail('value does not look like a valid IPv4 CIDR network')
  },
  CIDRv6: (value) => {
    if (!isCidr(value, cidr6, 128)) fail('value does not look like a valid IPv6 CIDR network')
  },
  CIDR: (value) => {
    if (!isCidr(value, cidr4, 32) && !isCidr(value, cidr6, 128)) fail('value does not look like a valid CIDR network')
  },
  'pve-ipv4-config': (value) => {
    if (!/^(?:dhcp|manual)$/.test(value) && !isCidr(value, cidr4, 32)) {
      fail('value does not look like a valid ipv4 network configuration')
    }
  },
  'pve-ipv6-config': (value) => {
    if (!/^(?:auto|dhcp|manual)$/.test(value) && !isCidr(value, cidr6, 128)) {
      fail('value does not look like a valid ipv6 network configuration')
    }
  },
  email: (value) => {
    if (!email.test(value)) fail('value does not look like a valid email address')
  },
  'email-or-username': (value) => {
    if (!email.test(value) && !emailUser.test(value)) fail('value does not look like a valid email address or user name')
  },
  'dns-name': (value) => {
    if (!dnsName.test(value)) fail('value does not look like a valid DNS name')
  },
  timezone: (value) => {
    if (value !== 'UTC' && !TIME_ZONES.has(value)) fail(`invalid time zone '${value}'`)
  },
  'pve-ct-timezone': (value) => {
    if (value !== 'host' && value !== 'UTC' && !TIME_ZONES.has(value)) fail(`invalid time zone '${value}'`)
  },
  'pve-vlan-id-or-range': (value) => {
    const range = /^(\d+)(?:-(\d+))?$/.exec(value)
    if (!range) fail(`invalid VLAN configuration '${value}'`)
    for (const tag of [range[1], range[2]]) {
      if (tag !== undefined && (Number(tag) < 2 || Number(tag) > 4094)) fail(`invalid VLAN tag '${tag}'`)
    }
    if (range[2] !== undefined && Number(range[1]) >= Number(range[2])) fail(`VLAN range must go from lower to higher tag '${value}'`)
  },
  'ldap-simple-attr': (value) => {
    if (!/^[a-zA-Z0-9]+$/.test(value)) fail(`value '${value}' does not look like a simple ldap attribute name`)
  },
  'pve-iface': (value) => {
    if (!/^[a-z][a-z0-9_]{1,20}([:.]\d+)?$/i.test(value)) fail(`invalid network interface name '${value}'`)
  },
  address: (value) => {
    if (!isIp(value) && !dnsName.test(value)) fail(`value does not look like a valid address: ${value}`)
  },
  'disk-size': (value) => {
    if (parseSize(value) === undefined) fail(`value does not look like a valid disk size: ${value}`)
  },
  'pve-startup-order': (value) => {
    if (!parsesAsStartupOrder(value)) fail('unable to parse startup options')
  },
  'pve-tag': (value) => {
    if (!/^[a-z0-9_][a-z0-9_\-+.]*$/i.test(value)) fail('invalid characters in tag')
  },
  'pve-task-status-type': (value) => {
    if (!/^(ok|error|warning|unknown)$/i.test(value)) fail(`invalid status '${value}'`)
  },
  'pve-realm': (value) => {
    if (!new RegExp(`^${REALM_RE}$`).test(value)) fail('value does not look like a valid realm')
  },
  'pve-userid': (value) => {
    if (value.length < 3) fail(`user name '${value}' is too short`)
    if (value.length > 64) fail(`user name '${value}' is too long (${value.length} > 64)`)
    if (!userid.test(value)) fail(`value '${value}' does not look like a valid user name`)
  },
  'pve-tokenid': (value) => {
    if (!tokenid.test(value)) fail(`value '${value}' does not look like a valid token ID`)
  },
  'pve-groupid': (value) => {
    if (!/^[A-Za-z0-9.\-_]+$/.test(value)) fail(`group name '${value}' contains invalid characters`)
  },
  'pve-roleid': (value) => {
    if (!/^[A-Za-z0-9.\-_]+$/.test(value)) fail(`role name '${value}' contains invalid characters`)
  },
  'pve-poolid': (value) => {
    if (!/^[A-Za-z0-9.\-_]+$/.test(value)) fail(`pool name '${value}' contains invalid characters`)
  },
  'pve-priv': (value) => {
    if (!VALID_PRIVILEGES.has(value)) fail(`invalid privilege '${value}'`)
  },
  'pve-volume-id': (value) => {
    if (!/^([a-z][a-z0-9\-_.]*[a-z0-9]):(.+)$/i.test(value)) fail(`unable to parse volume ID '${value}'`)
  },
  'pve-storage-content': (value) => {
    if (!STORAGE_CONTENT_TYPES.has(value)) fail(`invalid content type '${value}'`)
  },
  'pve-storage-vgname': (value) => {
    if (!ID_RE.test(value)) fail(`lvm name '${value}' contains illegal characters`)
  },
  'pve-storage-options': (value) => {
    if (!/^\S+$/.test(value)) fail(`invalid options '${value}'`)
  },
  'pve-lxc-mp-string': (value) => {
    if (/\/\.\.?\//.test(value) || /\/\.\.?$/.test(value) || /^\.\.\//.test(value)) {
      fail(`${value} contains illegal character sequences`)
    }
  },
  'pve-lxc-dev-string': (value) => {
    if (/\/\.\.?(?:\/|$)/.test(value) || !value.startsWith('/dev/')) fail(`${value} is not a valid device path`)
  },
  'lxc-ip-with-ll-iface': (value) => {
    const linkLocal = /^(fe80:[^%]+)%(.*)$/.exec(value)
    if (linkLocal && isIp(linkLocal[1]!) && /^[a-z][a-z0-9_]{1,20}([:.]\d+)?$/i.test(linkLocal[2]!)) return
    if (!isIp(value)) fail('value does not look like a valid IP address')
  },
}

/** PVE::Tools::split_list: NUL-separated (repeated form fields) or comma/semicolon/space separated. */
export function splitList(text: string): string[] {
  if (text.includes('\0')) return text.split('\0')
  return text
    .replace(/[,;]/g, ' ')
    .replace(/^\s+/, '')
    .split(/\s+/)
    .filter((item) => item !== '')
}

export interface FormatRecorder {
  unknownFormat(name: string): void
}

/** PVE::JSONSchema::check_format for a named format, including the `-list` and `-opt` suffixes. */
export function checkNamedFormat(format: string, value: string, recorder: FormatRecorder): void {
  if (format === 'regex') return
  const parts = /^(.*?)(?:-(list|opt))?$/.exec(format)!
  const name = parts[1]!
  const suffix = parts[2]
  const verifier = VERIFIERS[name]
  if (!verifier) {
    recorder.unknownFormat(format)
    return
  }
  if (suffix === 'list') {
    for (const item of splitList(value)) verifier(item)
  } else if (suffix === 'opt') {
    if (value !== '' && value !== '0') verifier(value)
  } else {
    verifier(value)
  }
}
