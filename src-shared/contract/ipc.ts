/** Every IPC channel carries one contract operation: `proxdesk:<operation name>`. */
export const IPC_CHANNEL_PREFIX = 'proxdesk:'

export function ipcChannel(operation: string): string {
  return IPC_CHANNEL_PREFIX + operation
}
