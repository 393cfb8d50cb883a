import type { WebContents } from 'electron'
import { eventChannel } from '@shared/contract/ipc'
import type { EventName, EventPayload } from '@shared/contract/events'

/** Pushes one contract event to a window; the payload's type follows the event's name. */
export function sendEvent<E extends EventName>(contents: WebContents, event: E, payload: EventPayload<E>): void {
  if (!contents.isDestroyed()) contents.send(eventChannel(event), payload)
}
