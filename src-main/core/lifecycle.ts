// What every long-running process (the headless server, the desktop app) does after creating its services and
// before closing the database.
import type { Logger } from './logger'
import type { Services } from './services'

/** Sagas and port mappings a previous process left half-done are finished or undone, in the background. */
export function recoverInterruptedWork(services: Services, logger: Logger): void {
  services.containers
    .recover()
    .then(async (ids) => [...ids, ...(await services.nat.recoverPending()).map((id) => `nat:${id}`)])
    .then(
      (ids) => ids.length > 0 && logger.info({ recovered: ids }, 'recovered interrupted container sagas and port mappings'),
      (error: unknown) => logger.error({ err: error }, 'container recovery failed'),
    )
}

/** Ends the pooled connections to PVE and the routers; the database is the caller's to close. */
export async function closeUpstreams(services: Services): Promise<void> {
  await services.consoles.close()
  await services.connections.close()
  await services.routers.close()
}
