import type { LoginFailureReason, ProxyAuthFailureReason } from '@shared/contract/ops/dashboard'
import type { MessageKey } from '../../i18n'

/** Every reason has a name in both languages; the compiler fails here when one is added without it. */
export const PROXY_AUTH_REASON_LABELS: Record<ProxyAuthFailureReason, MessageKey> = {
  unknown_node_key: 'dashboard.reasonUnknownNodeKey',
  node_group_disabled: 'dashboard.reasonNodeGroupDisabled',
  node_group_expired: 'dashboard.reasonNodeGroupExpired',
  malformed_auth: 'dashboard.reasonMalformedAuth',
  unknown_user: 'dashboard.reasonUnknownUser',
  wrong_password: 'dashboard.reasonWrongPassword',
  user_disabled: 'dashboard.reasonUserDisabled',
  user_expired: 'dashboard.reasonUserExpired',
}

export const LOGIN_REASON_LABELS: Record<LoginFailureReason, MessageKey> = {
  unknown_user: 'dashboard.reasonUnknownUser',
  wrong_password: 'dashboard.reasonWrongPassword',
  inactive: 'dashboard.reasonInactive',
  throttled: 'dashboard.reasonThrottled',
}
