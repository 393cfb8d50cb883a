import { dirname } from 'node:path'
import { openDatabase, type Database } from '../core/db/database'
import { createServices, type Services } from '../core/services'
import { loadMasterKey } from '../core/secrets/masterKey'
import { openHeadlessSecretStore } from '../core/secrets/openSecretStore'
import { closeUpstreams, recoverInterruptedWork } from '../core/lifecycle'
import { createLogger, type Logger } from '../core/logger'
import { ensureBootstrapAdmin } from '../core/users/bootstrapAdmin'
import { startExpiryJob } from '../core/expiry/expiryJob'
import { buildHttpServer, type HttpServer } from './httpServer'
import { hostForUrl, listeningUrl } from './listenUrl'

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
  /** The built renderer to serve at `/`; default: the one beside this build (null serves the API only). */
  rendererDir?: string | null
}

export interface RunningServer {
  url: string
  services: Services
  app: HttpServer
  close(): Promise<void>
}

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const env = options.env ?? process.env
  const logger = options.logger ?? createLogger()
  const secretStore = openHeadlessSecretStore(options.dbPath, env)
  const key = await loadMasterKey(secretStore)
  if (key.created) logger.warn({ secretStore: secretStore.location }, 'created a new master key; back it up together with the database')
  const db: Database = openDatabase(options.dbPath)
  try {
    if (db.migration.from !== db.migration.to) {
      logger.info({ db: options.dbPath, from: db.migration.from, to: db.migration.to, backup: db.migration.backupPath }, 'database migrated')
    }
    // Known only once listening when port 0 lets the OS choose; snippets read it lazily.
    let url = `http://${hostForUrl(options.host)}:${options.port}`
    const services = createServices({
      db,
      secretKey: key.key,
      secretStore: secretStore.kind,
      logger,
      publicUrl: options.publicUrl ?? (() => url),
    })
    recoverInterruptedWork(services, logger)
    const admin = await ensureBootstrapAdmin(services, env.PROXDESK_ADMIN_USERNAME, env.PROXDESK_ADMIN_PASSWORD)
    if (admin) logger.info({ username: admin }, 'created the bootstrap admin')
    const stopExpiry = options.expiryIntervalSeconds ? startExpiryJob(db, services.audit, services.clock, options.expiryIntervalSeconds, logger) : () => {}
    const app = buildHttpServer({ services, logger, rendererDir: options.rendererDir })
    await app.listen({ host: options.host, port: options.port })
    url = listeningUrl(options.host, app.server.address(), options.port)
    logger.info({ url, db: options.dbPath, secretStore: secretStore.kind, dataDir: dirname(options.dbPath) }, 'proxdesk server listening')
    return {
      url,
      services,
      app,
      close: async () => {
        stopExpiry()
        await app.close()
        await closeUpstreams(services)
        db.close()
      },
    }
  } catch (error) {
    db.close()
    throw error
  }
}
