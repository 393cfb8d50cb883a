import { z } from 'zod'
import * as v from '../validators'

/** Where the database master key lives: the OS keychain (desktop), a 0600 key file, or PROXDESK_SECRET_KEY. */
export const SECRET_STORE_KINDS = ['os-keychain', 'key-file', 'env'] as const
export const secretStoreKind = z.enum(SECRET_STORE_KINDS)
export type SecretStoreKind = z.infer<typeof secretStoreKind>

/** Where the desktop app's built-in server listens (or will): REST API and the Hysteria auth endpoint. */
export const embeddedServerSettings = z.strictObject({
  host: v.ipAddress.default('127.0.0.1'),
  /** 0 lets the OS choose a free port. */
  port: z.number().int().min(0, 'at least 0').max(65535, 'at most 65535').default(8787),
  /** The address proxy nodes use to reach this desktop (goes into the server snippets); http://host:port when null. */
  public_url: z.url({ protocol: /^https?$/, error: 'an http or https URL' }).max(2048).nullable().default(null),
})
export type EmbeddedServerSettings = z.output<typeof embeddedServerSettings>

export const embeddedServerStatus = z.strictObject({
  running: z.boolean(),
  /** Where it listens while running; null when stopped. */
  url: z.string().nullable(),
  /** The settings it runs with, or will start with next. */
  settings: embeddedServerSettings,
})
export type EmbeddedServerStatus = z.infer<typeof embeddedServerStatus>

export const systemInfo = z.strictObject({
  version: z.string(),
  /** Null only when the services were handed a key directly (embedding, tests). */
  secret_store: secretStoreKind.nullable(),
  database_path: z.string(),
  schema_version: z.number().int(),
  /** Null outside the desktop app: the headless server is the server. */
  embedded_server: embeddedServerStatus.nullable(),
})
export type SystemInfo = z.infer<typeof systemInfo>
