// The embedded console (noVNC, xterm): English and Chinese side by side.
import type { Widen } from '../widen'

export const consoleEn = {
  title: 'console',
}

export const consoleZhCN: Widen<typeof consoleEn> = {
  title: 'console',
}
