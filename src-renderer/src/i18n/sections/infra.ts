// Pools, plans and connections screens (PVE, iKuai): English and Chinese side by side.
import type { Widen } from '../widen'

export const infraEn = {
  title: 'infra',
}

export const infraZhCN: Widen<typeof infraEn> = {
  title: 'infra',
}
