import { z } from 'zod'
import * as v from '../validators'

/** PVE shows certificate fingerprints as colon-separated uppercase SHA-256 bytes. */
export const fingerprint = z
  .string()
  .trim()
  .transform((s) => s.replace(/[:\s-]/g, '').toUpperCase())
  .pipe(z.string().regex(/^[0-9A-F]{64}$/, 'a SHA-256 fingerprint: 64 hex digits, colons optional'))
  .transform((hex) => hex.match(/../g)!.join(':'))

export const pveUserId = z.string().trim().regex(/^[A-Za-z0-9._@-]+@[A-Za-z0-9._-]+$/, 'user@realm, e.g. root@pam')
export const pveTokenId = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9._@-]+@[A-Za-z0-9._-]+![A-Za-z][A-Za-z0-9._-]+$/, 'user@realm!tokenid (a token name of 2 or more characters), e.g. root@pam!proxdesk')
export const pveNodeName = z.string().trim().regex(/^[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/, 'a PVE node name')
export const pveStorageId = z.string().trim().regex(/^[a-z][a-z0-9_.-]*$/i, 'a PVE storage id').max(64)
export const pveBridge = z.string().trim().regex(/^[a-zA-Z][a-zA-Z0-9_.-]{0,14}$/, 'a bridge name such as vmbr0')
export const templateVolid = z.string().trim().max(255).regex(/^[a-z][a-z0-9_.-]*:vztmpl\/[^\s,;]+$/i, 'a template volume such as local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst')

const secret = z.string().min(1, 'required').max(512, 'too long').regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces')

export const connectionView = z.strictObject({
  id: z.number().int(),
  name: z.string(),
  base_url: z.string(),
  token_id: z.string().nullable(),
  has_token_secret: z.boolean(),
  username: z.string().nullable(),
  has_password: z.boolean(),
  fingerprint: z.string().nullable(),
  created_at: z.number().int(),
  updated_at: z.number().int(),
})
export type ConnectionView = z.infer<typeof connectionView>

const baseUrl = z
  .url({ protocol: /^https$/, error: 'an https:// URL such as https://pve.example.com:8006' })
  .max(255)
  .transform((url) => url.replace(/\/+$/, '').replace(/\/api2\/json$/, ''))

const connectionFields = {
  name: z.string().trim().min(1, 'required').max(64, 'at most 64 characters'),
  base_url: baseUrl,
  token_id: pveTokenId.nullable().optional(),
  token_secret: secret.nullable().optional(),
  username: pveUserId.nullable().optional(),
  password: secret.nullable().optional(),
  fingerprint: fingerprint.nullable().optional(),
}

export const createConnectionInput = z.strictObject(connectionFields).superRefine((input, ctx) => {
  if (!input.token_id && !input.username) ctx.addIssue({ code: 'custom', path: ['token_id'], message: 'give an API token, or a username and password' })
  if (input.token_id && !input.token_secret) ctx.addIssue({ code: 'custom', path: ['token_secret'], message: 'required with token_id' })
  if (input.username && !input.password) ctx.addIssue({ code: 'custom', path: ['password'], message: 'required with username' })
})
export type CreateConnectionInput = z.output<typeof createConnectionInput>

export const updateConnectionInput = z.strictObject({
  id: v.idParam,
  name: connectionFields.name.optional(),
  base_url: baseUrl.optional(),
  token_id: connectionFields.token_id,
  token_secret: connectionFields.token_secret,
  username: connectionFields.username,
  password: connectionFields.password,
  fingerprint: connectionFields.fingerprint,
})
export type UpdateConnectionInput = z.output<typeof updateConnectionInput>

export const testLinkResult = z.strictObject({
  reachable: z.boolean(),
  fingerprint: z.string().nullable(),
  trusted_by_system: z.boolean(),
  pinned_fingerprint: z.string().nullable(),
  certificate_accepted: z.boolean(),
  certificate: z
    .strictObject({ subject: z.string(), issuer: z.string(), valid_from: z.string(), valid_to: z.string() })
    .nullable(),
  version: z.string().nullable(),
  pve_nodes: z.array(z.string()),
  error: z.strictObject({ code: z.string(), message: z.string() }).nullable(),
})
export type TestLinkResult = z.infer<typeof testLinkResult>
