/** Every IPC channel carries one contract operation: `proxdesk:<operation name>`. */
export const IPC_CHANNEL_PREFIX = 'proxdesk:'

export function ipcChannel(operation: string): string {
  return IPC_CHANNEL_PREFIX + operation
}

/** Events travel on their own prefix, so an event can never be mistaken for an operation's channel. */
export const EVENT_CHANNEL_PREFIX = 'proxdesk-event:'

export function eventChannel(event: string): string {
  return EVENT_CHANNEL_PREFIX + event
}
