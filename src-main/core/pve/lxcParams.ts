// Container create/update parameters in PVE's wire form: structured property strings formatted, lists joined
// the way PVE's GUI sends them (DNS lists with spaces, tags with semicolons, key lists with commas).
import { AppError } from '@shared/errors'
import { formatFeatures, formatNet, formatRootfs, type FeatureFlags, type NetConfig, type NewRootfs, type ExistingRootfs } from './propertyStrings'
import type { PveParams } from './requestEncoding'
import type { CreateLxcParams, PveList, UpdateLxcConfigParams } from './types'

export function joinList(value: PveList | undefined, separator: string): string | undefined {
  return Array.isArray(value) ? value.join(separator) : value
}

const LIST_SEPARATORS: Record<string, string> = { nameserver: ' ', searchdomain: ' ', tags: ';', delete: ',', revert: ',' }

function wireValue(key: string, value: unknown): string | number | boolean | undefined {
  if (value === undefined || value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value ?? undefined
  if (Array.isArray(value) && key in LIST_SEPARATORS) return value.join(LIST_SEPARATORS[key])
  if (/^net\d+$/.test(key)) return formatNet(value as NetConfig)
  if (key === 'rootfs') return formatRootfs(value as NewRootfs | ExistingRootfs)
  if (key === 'features') return formatFeatures(value as FeatureFlags)
  throw new AppError('VALIDATION', `${key}: unsupported value`, { fields: { [key]: 'unsupported value' } })
}

export function lxcWireParams(params: CreateLxcParams | UpdateLxcConfigParams): PveParams {
  const wire: PveParams = {}
  for (const [key, value] of Object.entries(params)) wire[key] = wireValue(key, value)
  return wire
}
