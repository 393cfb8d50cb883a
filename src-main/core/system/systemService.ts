// What the app says about itself, and the desktop's embedded server. Never a secret: only where secrets are kept.
import { AppError } from '@shared/errors'
import type { EmbeddedServerSettings, EmbeddedServerStatus, SecretStoreKind, SystemInfo } from '@shared/domain/system'
import { APP_VERSION } from '../appVersion'
import type { Database } from '../db/database'
import type { EmbeddedServerControl } from './embeddedServerControl'

export class SystemService {
  constructor(
    private readonly db: Database,
    private readonly secretStore: SecretStoreKind | null,
    private readonly embeddedServer: EmbeddedServerControl | null,
  ) {}

  info(): SystemInfo {
    return {
      version: APP_VERSION,
      secret_store: this.secretStore,
      database_path: this.db.path,
      schema_version: this.db.migration.to,
      embedded_server: this.embeddedServer?.status() ?? null,
    }
  }

  startServer(settings: EmbeddedServerSettings): Promise<EmbeddedServerStatus> {
    return this.control().start(settings)
  }

  stopServer(): Promise<EmbeddedServerStatus> {
    return this.control().stop()
  }

  private control(): EmbeddedServerControl {
    if (!this.embeddedServer) throw new AppError('CONFLICT', 'this process has no embedded server; only the desktop app runs one')
    return this.embeddedServer
  }
}
