// `proxdesk` command line: the headless server and scripted user administration, under plain Node.
import { parseArgs } from 'node:util'
import { z } from 'zod'
import { permission } from '@shared/domain/users'
import { defaultDatabasePath } from './core/paths'
import { openDatabase } from './core/db/database'
import { loadMasterKey } from './core/secrets/masterKey'
import { openHeadlessSecretStore } from './core/secrets/openSecretStore'
import { createServices } from './core/services'
import { createLogger } from './core/logger'
import { startServer } from './server/serve'

const USAGE = `usage:
  proxdesk serve [--db PATH] [--host 127.0.0.1] [--port 8787] [--public-url URL] [--expiry-interval SECONDS]
  proxdesk user add [--db PATH] --username NAME [--permission admin|user] --password-stdin

The database defaults to $PROXDESK_DB, else proxdesk.db in the proxdesk user-data folder.
Secrets are encrypted with $PROXDESK_SECRET_KEY, else with the key file PATH.key beside the database.`

class UsageError extends Error {}

function parseOption<T>(schema: z.ZodType<T>, value: unknown, flag: string): T {
  const parsed = schema.safeParse(value)
  if (!parsed.success) throw new UsageError(`${flag}: ${parsed.error.issues[0]?.message ?? 'invalid'}`)
  return parsed.data
}

/** 0 asks the OS for a free port (handy for scripts and tests). */
const listenPort = z.number().int().min(0, 'at least 0').max(65535, 'at most 65535')

const numericFlag = (schema: z.ZodNumber) => z.string().regex(/^\d+$/, 'must be a number').transform(Number).pipe(schema)

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '')
}

async function serveCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      db: { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '8787' },
      'public-url': { type: 'string' },
      'expiry-interval': { type: 'string', default: '0' },
    },
    strict: true,
  })
  const server = await startServer({
    dbPath: values.db ?? defaultDatabasePath(),
    host: parseOption(z.string().min(1, 'required'), values.host, '--host'),
    port: parseOption(numericFlag(listenPort), values.port, '--port'),
    publicUrl: values['public-url'] === undefined ? undefined : parseOption(z.url({ protocol: /^https?$/ }), values['public-url'], '--public-url'),
    expiryIntervalSeconds: parseOption(numericFlag(z.number().int().min(0).max(86_400 * 7)), values['expiry-interval'], '--expiry-interval'),
  })
  let closing = false
  const shutdown = (signal: string) => {
    if (closing) return
    closing = true
    server.app.log.info({ signal }, 'shutting down')
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        server.app.log.error({ err: error }, 'shutdown failed')
        process.exit(1)
      },
    )
  }
  process.on('SIGINT', () => shutdown('SIGINT'))
  process.on('SIGTERM', () => shutdown('SIGTERM'))
}

async function userAddCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      db: { type: 'string' },
      username: { type: 'string' },
      permission: { type: 'string', default: 'user' },
      'password-stdin': { type: 'boolean', default: false },
    },
    strict: true,
  })
  if (!values.username) throw new UsageError('--username: required')
  if (!values['password-stdin']) throw new UsageError('--password-stdin: required (passwords never go on the command line)')
  const role = parseOption(permission, values.permission, '--permission')
  const password = await readStdin()
  const dbPath = values.db ?? defaultDatabasePath()
  const logger = createLogger({ level: 'warn' })
  const secretStore = openHeadlessSecretStore(dbPath)
  const { key } = await loadMasterKey(secretStore)
  const db = openDatabase(dbPath)
  try {
    const services = createServices({ db, logger, secretKey: key, secretStore: secretStore.kind, publicUrl: 'http://127.0.0.1:8787' })
    const result = await services.dispatcher.call(
      'users.create',
      { username: values.username, password, permission: role },
      { ip: null, trustedActor: { id: null, username: 'cli', permission: 'admin' } },
    )
    if (!result.ok) {
      const fields = result.error.fields ? Object.entries(result.error.fields).map(([f, m]) => `\n  ${f}: ${m}`).join('') : ''
      process.stderr.write(`proxdesk: ${result.error.message}${fields}\n`)
      process.exitCode = result.error.code === 'CONFLICT' ? 3 : 2
      return
    }
    process.stdout.write(JSON.stringify(result.data, null, 2) + '\n')
  } finally {
    db.close()
  }
}

export async function main(argv: string[]): Promise<void> {
  const [command, sub, ...rest] = argv
  try {
    if (command === 'serve') return await serveCommand(sub === undefined ? [] : [sub, ...rest])
    if (command === 'user' && sub === 'add') return await userAddCommand(rest)
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      process.stdout.write(USAGE + '\n')
      return
    }
    throw new UsageError(`unknown command: ${[command, sub].filter(Boolean).join(' ')}`)
  } catch (error) {
    const isUsage = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    process.stderr.write(`proxdesk: ${(error as Error).message}\n${isUsage ? USAGE + '\n' : ''}`)
    process.exitCode = isUsage ? 2 : 1
  }
}

void main(process.argv.slice(2))
