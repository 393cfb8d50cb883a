import { z } from 'zod'
import * as v from '../validators'

/** One usable access point handed to a proxy client. */
export const proxyEndpoint = z.strictObject({
  id: z.number().int(),
  name: z.string(),
  server_group: z.string(),
  ip_address: z.string(),
  domain: z.string().nullable(),
  host: z.string(),
  port: z.number().int(),
  sni: z.string().nullable(),
  salamander: z.string().nullable(),
  uri: z.string(),
})
export type ProxyEndpoint = z.infer<typeof proxyEndpoint>

export const proxyConfig = z.strictObject({
  username: z.string(),
  proxy_expire_ts: z.number().int().nullable(),
  sub_token: z.string(),
  nodes: z.array(proxyEndpoint),
})
export type ProxyConfig = z.infer<typeof proxyConfig>

export const SUBSCRIPTION_FORMATS = ['uri', 'clash', 'singbox'] as const
export const subscriptionInput = z.strictObject({
  sub_token: z.string().max(128, 'too long'),
  format: z.enum(SUBSCRIPTION_FORMATS).default('uri'),
})

/** A document for a client to download rather than a JSON value. */
export const rawDocument = z.strictObject({
  content_type: z.string(),
  body: z.string(),
})
export type RawDocument = z.infer<typeof rawDocument>

/** Exactly what Hysteria 2's HTTP auth backend sends (extras/auth/http.go). Not strict: a newer Hysteria may add fields. */
export const hysteriaAuthInput = z.object({
  node_key: z.string().max(128, 'too long'),
  addr: z.string().max(64, 'too long'),
  auth: z.string().max(512, 'too long'),
  tx: z.number().min(0).optional(),
})
export type HysteriaAuthInput = z.output<typeof hysteriaAuthInput>

export const hysteriaAuthOutput = z.strictObject({ ok: z.boolean(), id: z.string() })
export type HysteriaAuthOutput = z.infer<typeof hysteriaAuthOutput>

export const subTokenOutput = z.strictObject({ sub_token: z.string() })
export const nodeKeyOutput = z.strictObject({ server_group: z.string(), node_key: z.string() })

export const tokenSchema = v.opaqueToken
