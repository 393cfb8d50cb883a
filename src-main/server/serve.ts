import { dirname } from 'node:path'
import { openDatabase, type Database } from '../core/db/database'
import { createServices, type Services } from '../core/services'
import { loadMasterKey } from '../core/secrets/masterKey'
import { createLogger, type Logger } from '../core/logger'
import { ensureBootstrapAdmin } from '../core/users/bootstrapAdmin'
import { startExpiryJob } from '../core/expiry/expiryJob'
import { buildHttpServer, type HttpServer } from './httpServer'

export interface ServeOptions {
  dbPath: string
  host: string
  port: number
  /** Base URL proxy nodes use to reach us; defaults to http://host:port. */
  publicUrl?: string
  /** Seconds between expiry sweeps; undefined or 0 leaves the job off. */
  expiryIntervalSeconds?: number
  env?: NodeJS.ProcessEnv
  logger?: Logger
}

export interface RunningServer {
  url: string
  services: Services
  app: HttpServer
  close(): Promise<void>
}

function hostForUrl(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1'
  return host.includes(':') ? `[${host}]` : host
}

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const env = options.env ?? process.env
  const logger = options.logger ?? createLogger()
  const key = loadMasterKey(env.PROXDESK_SECRET_KEY, `${options.dbPath}.key`)
  if (key.created) logger.warn({ keyFile: `${options.dbPath}.key` }, 'created a new secret key file; back it up together with the database')
  const db: Database = openDatabase(options.dbPath)
  try {
    if (db.migration.from !== db.migration.to) {
      logger.info({ db: options.dbPath, from: db.migration.from, to: db.migration.to, backup: db.migration.backupPath }, 'database migrated')
    }
    const services = createServices({
      db,
      secretKey: key.key,
      logger,
      publicUrl: options.publicUrl ?? `http://${hostForUrl(options.host)}:${options.port}`,
    })
    // Sagas a previous process left half-done are finished or undone in the background.
    services.containers.recover().then(
      (ids) => ids.length > 0 && logger.info({ containers: ids }, 'recovered interrupted container sagas'),
      (error: unknown) => logger.error({ err: error }, 'container recovery failed'),
    )
    const admin = await ensureBootstrapAdmin(services, env.PROXDESK_ADMIN_USERNAME, env.PROXDESK_ADMIN_PASSWORD)
    if (admin) logger.info({ username: admin }, 'created the bootstrap admin')
    const stopExpiry = options.expiryIntervalSeconds ? startExpiryJob(db, services.audit, services.clock, options.expiryIntervalSeconds, logger) : () => {}
    const app = buildHttpServer({ services, logger })
    await app.listen({ host: options.host, port: options.port })
    const address = app.server.address()
    const port = typeof address === 'object' && address ? address.port : options.port
    const url = `http://${hostForUrl(options.host)}:${port}`
    logger.info({ url, db: options.dbPath, secretKey: key.source, dataDir: dirname(options.dbPath) }, 'proxdesk server listening')
    return {
      url,
      services,
      app,
      close: async () => {
        stopExpiry()
        await app.close()
        await services.connections.close()
        db.close()
      },
    }
  } catch (error) {
    db.close()
    throw error
  }
}
