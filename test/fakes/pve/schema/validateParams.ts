// A port of PVE::JSONSchema's validate / check_prop / check_object / check_type. Checks run in the same order and
// stop at the same point as the Perl code, so each parameter gets the one message PVE would give it.

import { checkNamedFormat, FormatError, type FormatRecorder } from './formats'
import { perlTrue, type ParamSchema, type PropertyStringFormat } from './loadSchema'
import { perlAnchoredPattern } from './perlRegex'
import { splitPropertyString } from './propertyString'

/** A decoded request value: form fields are strings, JSON bodies may carry any JSON value. */
export type ParamValue = string | number | boolean | null | undefined | ParamValue[] | { [key: string]: ParamValue }

export type SchemaErrors = Record<string, string>

// How many instances the API dump's `name[n]` keys stand for (pve-container, qemu-server, pve-cluster, pve-manager).
const INDEXED_KEY_COUNT: Record<string, number> = {
  acmedomain: 5,
  dev: 256,
  hostpci: 16,
  ide: 4,
  ipconfig: 32,
  link: 8,
  mp: 256,
  net: 32,
  numa: 8,
  parallel: 3,
  sata: 6,
  scsi: 31,
  serial: 4,
  unused: 256,
  usb: 14,
  virtio: 16,
  virtiofs: 10,
}

/** The schema of `key`, resolving `net5` to the dump's `net[n]` entry. */
export function propertySchema(properties: Record<string, ParamSchema>, key: string): ParamSchema | undefined {
  if (Object.hasOwn(properties, key)) return properties[key]
  const indexed = /^([a-z]+)(\d+)$/.exec(key)
  if (!indexed) return undefined
  const name = indexed[1]!
  const index = indexed[2]!
  const schema = properties[`${name}[n]`]
  if (!schema || String(Number(index)) !== index) return undefined
  const count = INDEXED_KEY_COUNT[name]
  return count === undefined || Number(index) < count ? schema : undefined
}

function addError(errors: SchemaErrors, path: string, message: string): void {
  const key = path || '_root'
  // Perl joins with '\n' in single quotes: a literal backslash and n, not a newline.
  errors[key] = errors[key] ? `${errors[key]}\\n${message}` : message
}

/** Perl's `ref($value)` for decoded JSON. */
function perlRefType(value: ParamValue): string {
  if (Array.isArray(value)) return 'ARRAY'
  if (typeof value === 'boolean') return 'JSON::PP::Boolean'
  if (value !== null && typeof value === 'object') return 'HASH'
  return ''
}

/** How Perl stringifies a scalar. */
export function perlString(value: string | number): string {
  if (typeof value === 'string') return value
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(15)))
}

function isNumber(text: string): boolean {
  return /^[+-]?(\d+\.\d+|\d+\.|\.\d+|\d+)([eE][+-]?\d+)?$/.test(text)
}

function isInteger(text: string): boolean {
  return /^[+-]?\d+$/.test(text)
}

/** check_type for plain scalars; other type names (string, unknown ones) accept anything. */
const SCALAR_TYPE_CHECKS: Record<string, (text: string) => boolean> = {
  boolean: (text) => text === '1' || text === '0',
  integer: isInteger,
  number: isNumber,
}

function checkType(path: string, type: ParamSchema['type'], value: ParamValue, errors: SchemaErrors): boolean {
  if (!type) return true
  if (Array.isArray(type)) {
    if (type.some((alternative) => checkType(path, alternative, value, {}))) return true
    addError(errors, path, `type check ('${type.join('|')}') failed`)
    return false
  }
  if (type === 'any') return true
  if (type === 'null') {
    if (value === null || value === undefined) return true
    addError(errors, path, `type check ('${type}') failed - value is not null`)
    return false
  }
  const refType = perlRefType(value)
  if (type === 'array' || type === 'object') {
    if (refType === (type === 'array' ? 'ARRAY' : 'HASH')) return true
    addError(errors, path, `type check ('${type}') failed`)
    return false
  }
  if (refType) {
    if (type === 'boolean' && refType === 'JSON::PP::Boolean') return true
    addError(errors, path, `type check ('${type}') failed - got ${refType}`)
    return false
  }
  const text = perlString(value as string | number)
  const valid = SCALAR_TYPE_CHECKS[type]?.(text) ?? true
  if (!valid) addError(errors, path, `type check ('${type}') failed - got '${text}'`)
  return valid
}

export class ParamValidator {
  constructor(private readonly recorder: FormatRecorder) {}

  /** PVE::JSONSchema::validate for a method's `parameters`. */
  validate(params: Record<string, ParamValue>, schema: ParamSchema): SchemaErrors {
    const errors: SchemaErrors = {}
    this.checkProp(params, schema, '', errors)
    return errors
  }

  /** parse_property_string followed by check_object, throwing the FormatError PVE would `die` with. */
  private parsePropertyString(format: PropertyStringFormat, data: string, path: string): Record<string, string> {
    const parsed = splitPropertyString(format, data)
    const errors: SchemaErrors = {}
    this.checkObject(path, format, parsed, 0, errors)
    if (Object.keys(errors).length > 0) throw new FormatError('format error\n', errors)
    return parsed
  }

  private checkProp(value: ParamValue, schema: ParamSchema, path: string, errors: SchemaErrors, instanceType?: string): void {
    // A oneOf keyed by a `type-property` is checked against the alternative for the object's type, if any.
    let optionalForType = false
    if (schema.oneOf && schema['type-property']) {
      optionalForType = true
      const alternative = instanceType
        ? schema.oneOf.find((candidate) => candidate['instance-types']?.includes(instanceType))
        : undefined
      if (alternative) {
        optionalForType = perlTrue(alternative.optional)
        this.checkProp(value, alternative, path, errors)
      }
    }

    if (value === undefined || value === null) {
      if (schema.type === 'null') return
      if (!perlTrue(schema.optional) && !schema.alias && !optionalForType) {
        addError(errors, path, 'property is missing and it is not optional')
      }
      return
    }
    if (!checkType(path, schema.type, value, errors)) return

    if (Array.isArray(value)) {
      if (schema.items) value.forEach((item, index) => this.checkProp(item, schema.items!, `${path}[${index}]`, errors))
      return
    }
    if (typeof value === 'object') {
      if (schema.properties || schema.additionalProperties !== undefined) {
        this.checkObject(path, schema.properties ?? {}, value, schema.additionalProperties, errors)
      }
      return
    }
    this.checkScalar(perlString(value === true ? 1 : value === false ? 0 : value), schema, path, errors)
  }

  private checkScalar(text: string, schema: ParamSchema, path: string, errors: SchemaErrors): void {
    if (schema.format) {
      try {
        this.checkFormat(schema.format, text, path)
      } catch (error) {
        if (!(error instanceof FormatError)) throw error
        addError(errors, path, `invalid format - ${describeFormatError(error)}`)
        return
      }
    }
    if (schema.pattern && !perlAnchoredPattern(schema.pattern).test(text)) {
      addError(errors, path, 'value does not match the regex pattern')
      return
    }
    if (schema.maxLength !== undefined && [...text].length > Number(schema.maxLength)) {
      addError(errors, path, `value may only be ${schema.maxLength} characters long`)
      return
    }
    if (schema.minLength !== undefined && [...text].length < Number(schema.minLength)) {
      addError(errors, path, `value must be at least ${schema.minLength} characters long`)
      return
    }
    if (isNumber(text)) {
      if (schema.maximum !== undefined && Number(text) > Number(schema.maximum)) {
        addError(errors, path, `value must have a maximum value of ${schema.maximum}`)
        return
      }
      if (schema.minimum !== undefined && Number(text) < Number(schema.minimum)) {
        addError(errors, path, `value must have a minimum value of ${schema.minimum}`)
        return
      }
    }
    if (schema.enum && !schema.enum.includes(text)) {
      addError(errors, path, `value '${text}' does not have a value in the enumeration '${schema.enum.join(', ')}'`)
    }
  }

  private checkFormat(format: string | PropertyStringFormat, text: string, path: string): void {
    if (typeof format === 'object') this.parsePropertyString(format, text, path)
    else checkNamedFormat(format, text, this.recorder)
  }

  private checkObject(
    path: string,
    properties: Record<string, ParamSchema>,
    value: { [key: string]: ParamValue },
    additionalProperties: ParamSchema['additionalProperties'],
    errors: SchemaErrors,
  ): void {
    const join = (key: string): string => (path ? `${path}.${key}` : key)
    for (const [key, schema] of Object.entries(properties)) {
      if (key.endsWith('[n]')) continue
      const typeProperty = schema['type-property']
      const instanceType = typeProperty ? asInstanceType(value[typeProperty]) : undefined
      this.checkProp(value[key], schema, join(key), errors, instanceType)
    }
    for (const key of Object.keys(value)) {
      const schema = propertySchema(properties, key)
      if (schema) {
        // Indexed keys such as net0 have no entry of their own, so the loop above has not checked them yet.
        if (!Object.hasOwn(properties, key)) this.checkProp(value[key], schema, join(key), errors)
        if (typeof schema.requires === 'string' && (value[schema.requires] === undefined || value[schema.requires] === null)) {
          addError(errors, join(schema.requires), `missing property - '${join(key)}' requires this property`)
        }
        continue
      }
      if (additionalProperties !== undefined && typeof additionalProperties !== 'object' && !perlTrue(additionalProperties)) {
        addError(errors, join(key), 'property is not defined in schema and the schema does not allow additional properties')
        continue
      }
      if (typeof additionalProperties === 'object') this.checkProp(value[key], additionalProperties, join(key), errors)
    }
  }
}

function asInstanceType(value: ParamValue): string | undefined {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined
}

/** How Perl interpolates the exception into "invalid format - $@": the message, then `key: error` lines. */
function describeFormatError(error: FormatError): string {
  const lines = Object.entries(error.errors ?? {}).map(([key, message]) => `${key}: ${message}\n`)
  return error.message + lines.join('')
}
