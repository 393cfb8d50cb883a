import type { PoolKind, PoolView } from '@shared/domain/pools'
import { t } from '../../i18n'

export function poolKindLabel(kind: PoolKind): string {
  return kind === 'ipv4' ? t('infra.kindIpv4') : kind === 'port' ? t('infra.kindPort') : t('infra.kindVmid')
}

export function poolRangeText(pool: PoolView): string {
  if (pool.kind === 'ipv4') return pool.cidr ?? `${pool.first} – ${pool.last} /${pool.prefix_length}`
  return `${pool.first} – ${pool.last}`
}
