// The headless server's routes (REST API and the Hysteria auth endpoint) inside the desktop app, on an address the
// operator picks, sharing the app's services: one database handle per process. The settings and whether it was
// running are remembered, so proxy nodes that authenticate against this desktop keep working after a restart.
import { readFileSync } from 'node:fs'
import { z } from 'zod'
import { AppError, type FieldErrors } from '@shared/errors'
import { embeddedServerSettings, type EmbeddedServerSettings, type EmbeddedServerStatus } from '@shared/domain/system'
import { writeFileAtomic } from '../core/files/writeFileAtomic'
import type { Logger } from '../core/logger'
import type { Services } from '../core/services'
import type { EmbeddedServerControl } from '../core/system/embeddedServerControl'
import { buildHttpServer, type HttpServer } from './httpServer'
import { hostForUrl, listeningUrl } from './listenUrl'

const remembered = z.object({ settings: embeddedServerSettings, running: z.boolean() })
type Remembered = z.output<typeof remembered>

export interface EmbeddedServerOptions {
  /** The app's services: a function, because they are created with this control already in hand. */
  services: () => Services
  logger: Logger
  /** JSON file for the settings and whether the server was running. */
  stateFile: string
  /** Called after every start, stop or failed start, e.g. to tell the window. */
  onChange?: (status: EmbeddedServerStatus) => void
}

function readRemembered(file: string): Remembered {
  try {
    const parsed = remembered.safeParse(JSON.parse(readFileSync(file, 'utf8')))
    if (parsed.success) return parsed.data
  } catch {
    // No file yet, or not JSON: start from the defaults.
  }
  return { settings: embeddedServerSettings.parse({}), running: false }
}

/** Which form field a listen error is about, so the settings form can point at it. */
function listenFieldErrors(error: NodeJS.ErrnoException): FieldErrors | undefined {
  switch (error.code) {
    case 'EADDRINUSE':
      return { port: 'already in use' }
    case 'EACCES':
      return { port: 'needs more privileges than the app has' }
    case 'EADDRNOTAVAIL':
      return { host: 'not an address of this machine' }
    default:
      return undefined
  }
}

export class EmbeddedServer implements EmbeddedServerControl {
  private app: HttpServer | null = null
  private url: string | null = null
  private state: Remembered
  /** Start and stop run one at a time: a second click must not race the first listen. */
  private queue: Promise<unknown> = Promise.resolve()

  constructor(private readonly options: EmbeddedServerOptions) {
    this.state = readRemembered(options.stateFile)
  }

  status(): EmbeddedServerStatus {
    return { running: this.app !== null, url: this.url, settings: this.state.settings }
  }

  /** The address that goes into node group snippets: the chosen public URL, else where the server listens. */
  publicUrl(): string {
    const { settings } = this.state
    return settings.public_url ?? this.url ?? `http://${hostForUrl(settings.host)}:${settings.port}`
  }

  start(settings: EmbeddedServerSettings): Promise<EmbeddedServerStatus> {
    return this.serially(async () => {
      try {
        await this.close()
        await this.listen(settings)
        this.remember({ settings, running: true })
      } finally {
        this.options.onChange?.(this.status())
      }
      return this.status()
    })
  }

  stop(): Promise<EmbeddedServerStatus> {
    return this.serially(async () => {
      await this.close()
      this.remember({ ...this.state, running: false })
      this.options.onChange?.(this.status())
      return this.status()
    })
  }

  /** At launch: starts it again if it was running when the app last quit. A failure is logged and reported, not thrown. */
  async resume(): Promise<void> {
    if (!this.state.running) return
    try {
      await this.start(this.state.settings)
    } catch (error) {
      this.options.logger.error({ err: error, settings: this.state.settings }, 'could not restart the embedded server')
    }
  }

  /** At quit: stops it but remembers that it was running. */
  shutdown(): Promise<void> {
    return this.serially(() => this.close())
  }

  private async listen(settings: EmbeddedServerSettings): Promise<void> {
    const app = buildHttpServer({ services: this.options.services(), logger: this.options.logger })
    try {
      await app.listen({ host: settings.host, port: settings.port })
    } catch (error) {
      await app.close()
      const fields = listenFieldErrors(error as NodeJS.ErrnoException)
      throw new AppError('CONFLICT', `cannot listen on ${hostForUrl(settings.host)}:${settings.port}: ${(error as Error).message}`, { fields })
    }
    this.app = app
    this.url = listeningUrl(settings.host, app.server.address(), settings.port)
    this.options.logger.info({ url: this.url }, 'embedded server listening')
  }

  private async close(): Promise<void> {
    if (!this.app) return
    const app = this.app
    this.app = null
    this.url = null
    await app.close()
    this.options.logger.info('embedded server stopped')
  }

  private remember(state: Remembered): void {
    this.state = state
    writeFileAtomic(this.options.stateFile, JSON.stringify(state, null, 2) + '\n')
  }

  private serially<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task)
    this.queue = run.catch(() => undefined)
    return run
  }
}
