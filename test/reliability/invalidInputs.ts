// Random inputs for a contract operation that its schema refuses: the operation's own field names (so the
// schema is probed past "unknown key") and stray ones, with values of every shape, hostile strings included.
import fc from 'fast-check'
import { z } from 'zod'
import { contract, type OperationName } from '../../src-shared/contract/index'

const HOSTILE_STRINGS = [
  "' OR '1'='1' --",
  "1; DROP TABLE users; --",
  '../../../etc/passwd',
  '%00',
  '\u0000',
  '<script>alert(1)</script>',
  '${7*7}',
  '__proto__',
  '\r\nX-Injected: 1',
  'ā'.repeat(300),
  'x'.repeat(5000),
  '-1',
  '1e309',
  'NaN',
]

const value: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...HOSTILE_STRINGS),
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.oneof(fc.string(), fc.integer()), { maxLength: 3 }),
  fc.dictionary(fc.string(), fc.string(), { maxKeys: 2 }),
)

/** The field names an operation's input knows, from every branch of its schema. */
export function inputKeys(operation: OperationName): string[] {
  const keys = new Set<string>()
  const visit = (node: unknown): void => {
    if (typeof node !== 'object' || node === null) return
    const schema = node as { properties?: Record<string, unknown>; oneOf?: unknown[]; anyOf?: unknown[]; allOf?: unknown[] }
    for (const key of Object.keys(schema.properties ?? {})) keys.add(key)
    for (const branch of [...(schema.oneOf ?? []), ...(schema.anyOf ?? []), ...(schema.allOf ?? [])]) visit(branch)
  }
  visit(z.toJSONSchema(contract[operation].input, { io: 'input', unrepresentable: 'any' }))
  return [...keys]
}

export function pathParams(operation: OperationName): string[] {
  return [...contract[operation].http.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!)
}

/** Inputs as objects; callers still check that the schema refuses what actually reaches it. */
export function inputsFor(operation: OperationName): fc.Arbitrary<Record<string, unknown>> {
  const known = [...inputKeys(operation), ...pathParams(operation)]
  const key = known.length > 0 ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...known) }, fc.string({ minLength: 1 }), fc.constantFrom('__proto__', 'constructor')) : fc.string({ minLength: 1 })
  return fc.dictionary(key, value, { minKeys: 1, maxKeys: 6 })
}

export function refusedBySchema(operation: OperationName, input: unknown): boolean {
  return !contract[operation].input.safeParse(input).success
}
