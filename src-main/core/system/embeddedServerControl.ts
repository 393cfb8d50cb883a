import type { EmbeddedServerSettings, EmbeddedServerStatus } from '@shared/domain/system'

/** The desktop app's built-in REST and proxy-auth server, as core sees it. Only the desktop shell provides one. */
export interface EmbeddedServerControl {
  status(): EmbeddedServerStatus
  /** Starts it, or restarts it with new settings; fails with CONFLICT when it cannot listen there. */
  start(settings: EmbeddedServerSettings): Promise<EmbeddedServerStatus>
  stop(): Promise<EmbeddedServerStatus>
}
