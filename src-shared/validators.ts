// Field validators shared by the contract, the REST layer and the UI forms.
import { z } from 'zod'
import { canonicalIp, isIpv4 } from './ip'
import { parseCidr, type Ipv4Subnet } from './cidr'

/** Latest Unix second we accept (9999-12-31): keeps timestamps inside SQLite INTEGER and JS Date range. */
export const MAX_UNIX_SECONDS = 253_402_300_799

export const username = z
  .string()
  .trim()
  .min(3, 'at least 3 characters')
  .max(64, 'at most 64 characters')
  .regex(/^[A-Za-z0-9][A-Za-z0-9._@-]*$/, 'letters, digits and . _ @ - only, starting with a letter or digit')

export const loginPassword = z.string().min(8, 'at least 8 characters').max(128, 'at most 128 characters')

/** Printable ASCII without spaces: it travels in Hysteria auth strings, URIs and YAML. */
const printableSecret = (min: number, max: number) =>
  z
    .string()
    .min(min, `at least ${min} characters`)
    .max(max, `at most ${max} characters`)
    .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces only')

export const proxyPassword = printableSecret(8, 128)

/** Hysteria refuses salamander passwords shorter than 4 bytes. */
export const salamanderPassword = printableSecret(4, 128)

export const md5Hex = z
  .string()
  .regex(/^[0-9a-fA-F]{32}$/, '32 hexadecimal characters')
  .transform((s) => s.toLowerCase())

export const ipAddress = z
  .string()
  .trim()
  .max(45, 'at most 45 characters')
  .transform((text, ctx) => {
    const canonical = canonicalIp(text)
    if (canonical === null) {
      ctx.addIssue({ code: 'custom', message: 'not an IPv4 or IPv6 address' })
      return z.NEVER
    }
    return canonical
  })

/** IPv4 only, dotted quad without leading zeros. */
export const ipv4Address = z
  .string()
  .trim()
  .max(15, 'at most 15 characters')
  .refine(isIpv4, 'not an IPv4 address')

/** `a.b.c.d/n` naming a whole subnet. */
export const ipv4Cidr = z
  .string()
  .trim()
  .max(18, 'at most 18 characters')
  .transform((text, ctx): Ipv4Subnet => {
    const parsed = parseCidr(text)
    if (!parsed.ok) {
      ctx.addIssue({ code: 'custom', message: parsed.message })
      return z.NEVER
    }
    return parsed.subnet
  })

export const hostname = z
  .string()
  .trim()
  .toLowerCase()
  .max(253, 'at most 253 characters')
  .regex(
    /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/,
    'not a valid domain name (use punycode for non-ASCII names)',
  )

export const serverGroup = z
  .string()
  .trim()
  .min(1, 'required')
  .max(64, 'at most 64 characters')
  .regex(/^[\p{L}\p{N}][\p{L}\p{N}_.-]*$/u, 'letters, digits and _ . - only')

export const idcName = z.string().trim().min(1, 'must not be empty').max(64, 'at most 64 characters')

export const port = z.number().int('must be a whole number').min(1, 'at least 1').max(65535, 'at most 65535')

export const unixSeconds = z.number().int('must be whole seconds').min(0, 'must not be negative').max(MAX_UNIX_SECONDS)

/** Expiry as the spec defines it: NULL or 0 means never; stored as NULL. */
export const expiryTs = unixSeconds.nullable().transform((ts) => (ts === 0 ? null : ts))

export const fee = z.number().min(0, 'must not be negative').max(1_000_000_000, 'too large')

export const recordId = z.number().int().min(1, 'must be a positive id').max(Number.MAX_SAFE_INTEGER)

/** An id that may arrive as a URL path segment. */
export const idParam = z.preprocess((v) => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v), recordId)

export const opaqueToken = z.string().min(16, 'too short').max(128, 'too long').regex(/^[A-Za-z0-9_-]+$/, 'malformed')

// Query strings carry text; IPC carries real numbers and booleans. These accept both.
export const queryInt = (schema: z.ZodNumber) =>
  z.preprocess((v) => (typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v) : v), schema)

export const queryBool = z.preprocess((v) => {
  if (v === 'true' || v === '1' || v === 1) return true
  if (v === 'false' || v === '0' || v === 0) return false
  return v
}, z.boolean({ error: 'must be true/false or 1/0' }))

export const pagination = {
  page: queryInt(z.number().int().min(1, 'at least 1').max(1_000_000)).default(1),
  page_size: queryInt(z.number().int().min(1, 'at least 1').max(500, 'at most 500')).default(50),
}
