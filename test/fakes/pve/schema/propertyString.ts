// The `k=v,k=v` codec of PVE::JSONSchema (parse_property_string / print_property_string). Parsing only splits and
// resolves keys here; validateParams checks the resulting object against the format like check_object does.

import { FormatError } from './formats'
import { perlTrue, type PropertyStringFormat } from './loadSchema'

/** PVE::JSONSchema::parse_boolean */
function parsePerlBoolean(value: string): 0 | 1 | undefined {
  if (/^(1|on|yes|true)$/i.test(value)) return 1
  if (/^(0|off|no|false)$/i.test(value)) return 0
  return undefined
}

/** Splits a property string into its keys, with the exact `die` texts of parse_property_string. */
export function splitPropertyString(format: PropertyStringFormat, data: string): Record<string, string> {
  const result: Record<string, string> = {}
  let defaultKey: string | undefined
  for (const part of data.split(',')) {
    if (/^\s*$/.test(part)) continue
    const keyValue = /^([^=]+)=(.+)$/.exec(part)
    if (keyValue) {
      let key = keyValue[1]!
      let value = keyValue[2]!
      if (result[key] !== undefined) throw new FormatError(`duplicate key in comma-separated list property: ${key}\n`)
      let schema = format[key]
      if (schema?.alias) {
        if (schema.keyAlias) {
          if (result[schema.keyAlias] !== undefined) throw new FormatError(`key alias '${schema.keyAlias}' is already defined\n`)
          result[schema.keyAlias] = key
        }
        key = schema.alias
        schema = format[key]
      }
      if (!schema) throw new FormatError(`invalid key in comma-separated list property: ${key}\n`)
      if (schema.type === 'boolean') value = String(parsePerlBoolean(value) ?? value)
      result[key] = value
    } else if (!part.includes('=')) {
      if (defaultKey) throw new FormatError(`duplicate key in comma-separated list property: ${defaultKey}\n`)
      for (const [key, schema] of Object.entries(format)) {
        if (!perlTrue(schema.default_key)) continue
        defaultKey = key
        if (result[key]) throw new FormatError(`duplicate key in comma-separated list property: ${key}\n`)
        result[key] = part
        break
      }
      if (!defaultKey) throw new FormatError('value without key, but schema does not define a default key\n')
    } else {
      throw new FormatError('missing key in comma-separated list property\n')
    }
  }
  return result
}

/** print_property_string: the default key first (bare), then required keys, then the rest, each group sorted. */
export function printPropertyString(format: PropertyStringFormat, data: Record<string, string | number | undefined>): string {
  const parts: string[] = []
  const done = new Set<string>()
  const add = (key: string, bare: boolean): void => {
    if (done.has(key)) return
    done.add(key)
    const value = data[key]
    if (value === undefined) return
    parts.push(bare ? String(value) : `${key}=${value}`)
  }
  const defaultKey = Object.keys(format).find((key) => perlTrue(format[key]!.default_key))
  if (defaultKey) add(defaultKey, true)
  const keys = Object.keys(data).sort()
  for (const key of keys) if (format[key] && !perlTrue(format[key].optional)) add(key, false)
  for (const key of keys) add(key, false)
  return parts.join(',')
}
