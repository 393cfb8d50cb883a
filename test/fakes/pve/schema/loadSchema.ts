import { readFileSync } from 'node:fs'

// Types for the vendored PVE 9.1 API dump (pve-docs api-viewer/apidata.js). Perl booleans arrive as 0/1 and
// some numbers as strings, so the loose unions below are what the dump really contains.

export type PerlFlag = number | string | boolean

/** A parameter schema, or one sub-key of a property-string format. */
export interface ParamSchema {
  type?: string | string[]
  optional?: PerlFlag
  format?: string | PropertyStringFormat
  pattern?: string
  enum?: string[]
  minimum?: number | string
  maximum?: number | string
  minLength?: number | string
  maxLength?: number | string
  default?: unknown
  default_key?: PerlFlag
  alias?: string
  keyAlias?: string
  requires?: string | ParamSchema
  items?: ParamSchema
  properties?: Record<string, ParamSchema>
  additionalProperties?: PerlFlag | ParamSchema
  oneOf?: ParamSchema[]
  'type-property'?: string
  'instance-types'?: string[]
  description?: string
  typetext?: string
}

/** The sub-keys of a property string such as net[n] or rootfs. */
export type PropertyStringFormat = Record<string, ParamSchema>

/** The `check` of a method's permissions, e.g. ['perm', '/vms/{vmid}', ['VM.Audit']] or ['and', check, check]. */
export type PermissionCheck = [string, ...unknown[]]

export interface PermissionSpec {
  user?: 'all' | 'world'
  check?: PermissionCheck
  description?: string
}

export interface MethodInfo {
  name: string
  method: string
  parameters: ParamSchema
  returns: ParamSchema
  permissions?: PermissionSpec
  allowtoken?: PerlFlag
  protected?: PerlFlag
  proxyto?: string
}

export interface ApiNode {
  path: string
  text: string
  leaf: number
  children?: ApiNode[]
  info?: Record<string, MethodInfo>
}

let cached: ApiNode[] | undefined

/** The parsed schema; the 2 MB file is read once per process however many fakes start. */
export function loadApiSchema(): ApiNode[] {
  cached ??= JSON.parse(readFileSync(new URL('../apidoc.json', import.meta.url), 'utf8')) as ApiNode[]
  return cached
}

/** Perl truthiness, which is how PVE reads flags like `optional => 1` or `optional => '1'`. */
export function perlTrue(flag: unknown): boolean {
  return flag !== undefined && flag !== null && flag !== 0 && flag !== '' && flag !== '0' && flag !== false
}

/** The schema of one method, e.g. findMethod('POST', '/nodes/{node}/lxc'). */
export function findMethod(method: string, path: string): MethodInfo {
  const search = (nodes: ApiNode[]): MethodInfo | undefined => {
    for (const apiNode of nodes) {
      if (apiNode.path === path) return apiNode.info?.[method]
      if (path.startsWith(`${apiNode.path}/`)) return search(apiNode.children ?? [])
    }
    return undefined
  }
  const info = search(loadApiSchema())
  if (!info) throw new Error(`fake PVE: the schema has no ${method} ${path}`)
  return info
}
