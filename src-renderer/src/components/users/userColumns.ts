// Column definitions for the users table; cells are render functions so 100 rows stay cheap to draw.
import { h } from 'vue'
import { NButton, NDropdown, NSpace, NTag, type DataTableColumns, type DropdownOption } from 'naive-ui'
import type { UserView, USER_SORT_KEYS } from '@shared/domain/users'
import { t } from '../../i18n'
import ExpiryTag from '../common/ExpiryTag.vue'
import { formatDateTime } from '../common/time'
import type { TableSort } from '../../composables/useRemoteTable'

export type UserSortKey = (typeof USER_SORT_KEYS)[number]
export type UserAction = 'edit' | 'toggle' | 'subscription' | 'rotate' | 'password' | 'proxy_password' | 'delete'

function sortOrder(sort: TableSort<UserSortKey> | null, key: UserSortKey): 'ascend' | 'descend' | false {
  if (!sort || sort.key !== key) return false
  return sort.order === 'asc' ? 'ascend' : 'descend'
}

function actionOptions(user: UserView): DropdownOption[] {
  return [
    { key: 'toggle', label: user.is_active ? t('common.disable') : t('common.enable') },
    { key: 'subscription', label: t('users.subscription') },
    { key: 'rotate', label: t('users.rotateSubToken') },
    { key: 'password', label: t('users.resetLoginPassword') },
    { key: 'proxy_password', label: t('users.resetProxyPassword') },
    { type: 'divider', key: 'divider' },
    { key: 'delete', label: () => h('span', { style: 'color: var(--n-option-text-color-error, #d03050)' }, t('common.delete')) },
  ]
}

export function userColumns(sort: TableSort<UserSortKey> | null, onAction: (action: UserAction, user: UserView) => void): DataTableColumns<UserView> {
  return [
    { key: 'id', title: 'ID', width: 90, sorter: true, sortOrder: sortOrder(sort, 'id') },
    { key: 'username', title: t('users.username'), sorter: true, sortOrder: sortOrder(sort, 'username'), ellipsis: { tooltip: true } },
    {
      key: 'permission',
      title: t('users.permission'),
      width: 110,
      render: (user) => h(NTag, { size: 'small', bordered: false, type: user.permission === 'admin' ? 'info' : 'default' }, () => (user.permission === 'admin' ? t('users.admin') : t('users.user'))),
    },
    {
      key: 'is_active',
      title: t('users.status'),
      width: 100,
      render: (user) => h(NTag, { size: 'small', bordered: false, type: user.is_active ? 'success' : 'error' }, () => (user.is_active ? t('common.enabled') : t('common.disabled'))),
    },
    { key: 'proxy_expire_ts', title: t('users.expiry'), width: 220, sorter: true, sortOrder: sortOrder(sort, 'proxy_expire_ts'), render: (user) => h(ExpiryTag, { expireTs: user.proxy_expire_ts }) },
    {
      key: 'last_login_ts',
      title: t('users.lastLogin'),
      width: 190,
      sorter: true,
      sortOrder: sortOrder(sort, 'last_login_ts'),
      render: (user) => (user.last_login_ts === null ? t('users.neverLoggedIn') : formatDateTime(user.last_login_ts)),
    },
    {
      key: 'actions',
      title: t('common.actions'),
      width: 150,
      render: (user) =>
        h(NSpace, { size: 4, wrap: false }, () => [
          h(NButton, { size: 'small', secondary: true, 'data-test': 'user-edit', onClick: () => onAction('edit', user) }, () => t('common.edit')),
          h(NDropdown, { trigger: 'click', options: actionOptions(user), onSelect: (key: UserAction) => onAction(key, user) }, () =>
            h(NButton, { size: 'small', quaternary: true, 'data-test': 'user-more' }, () => '···'),
          ),
        ]),
    },
  ]
}
