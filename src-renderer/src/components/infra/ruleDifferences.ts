// The reconcile report says each difference as "field: router has X, expected Y"; this says it in the UI's language.
import { t, type MessageKey } from '../../i18n'

const FIELD_NAMES: Record<string, MessageKey> = {
  enabled: 'infra.fieldEnabled',
  interface: 'infra.fieldInterface',
  lan_addr: 'infra.fieldLanAddr',
  lan_port: 'infra.fieldLanPort',
  wan_port: 'infra.fieldWanPort',
  protocol: 'infra.fieldProtocol',
}

export function describeDifference(difference: string): string {
  const match = /^(\w+): router has (.*), expected (.*)$/.exec(difference)
  if (!match) return difference
  const [, field, have, want] = match as unknown as [string, string, string, string]
  const fieldKey = FIELD_NAMES[field]
  return t('infra.differenceText', { field: fieldKey ? t(fieldKey) : field, have, want })
}
