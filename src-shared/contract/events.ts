// Events main pushes to the renderer. The preload subscribes only to these names; main sends them typed.
import type { z } from 'zod'
import { embeddedServerStatus } from '../domain/system'

export const events = {
  /** The embedded server started, stopped or failed to start (e.g. at launch, when its port was taken). */
  'system.serverChanged': embeddedServerStatus,
}

export type Events = typeof events
export type EventName = keyof Events
export type EventPayload<E extends EventName> = z.output<Events[E]>

export const EVENT_NAMES = Object.keys(events) as EventName[]
