// Containers screens (list, create wizard, detail tabs): English and Chinese side by side.
import type { Widen } from '../widen'

export const containersEn = {
  title: 'containers',
}

export const containersZhCN: Widen<typeof containersEn> = {
  title: 'containers',
}
