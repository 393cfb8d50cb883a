// The container detail page and its tabs: English and Chinese side by side.
import type { Widen } from '../widen'

export const containerDetailEn = {
  title: 'containerDetail',
}

export const containerDetailZhCN: Widen<typeof containerDetailEn> = {
  title: 'containerDetail',
}
