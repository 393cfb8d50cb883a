// Column definitions for the containers table; cells are render functions so a full page stays cheap to draw.
import { h } from 'vue'
import { NButton, NDropdown, NSpace, type DataTableColumns, type DropdownOption } from 'naive-ui'
import type { ContainerView } from '@shared/domain/containers'
import { t } from '../../i18n'
import { formatDateTime } from '../common/time'
import ContainerStateTag from './ContainerStateTag.vue'
import { POWER_ACTIONS, POWER_LABELS, type PowerAction } from './powerActions'

export type ContainerAction = PowerAction | 'terminate' | 'open'

/** Power needs a settled container on PVE; terminate anything not already on its way out. */
const POWERABLE = new Set<ContainerView['state']>(['running', 'stopped', 'suspended'])
const TERMINABLE = new Set<ContainerView['state']>(['running', 'stopped', 'suspended', 'failed'])

function powerOptions(container: ContainerView): DropdownOption[] {
  return POWER_ACTIONS.map((action) => ({ key: action, label: t(POWER_LABELS[action]), disabled: !POWERABLE.has(container.state) }))
}

/** The columns' widths added up, so narrow windows scroll instead of squeezing the hostname away. */
export const CONTAINER_TABLE_MIN_WIDTH = 1110

export function containerColumns(planNames: ReadonlyMap<number, string>, onAction: (action: ContainerAction, container: ContainerView) => void): DataTableColumns<ContainerView> {
  return [
    { type: 'selection' },
    {
      key: 'hostname',
      title: t('containers.hostname'),
      minWidth: 120,
      ellipsis: { tooltip: true },
      render: (container) =>
        h(NButton, { text: true, type: 'primary', 'data-test': 'container-open', onClick: () => onAction('open', container) }, () => container.hostname),
    },
    { key: 'state', title: t('containers.state'), width: 86, render: (container) => h(ContainerStateTag, { state: container.state }) },
    { key: 'vmid', title: t('containers.vmid'), width: 70 },
    { key: 'ip_address', title: t('containers.ip'), width: 110 },
    {
      key: 'ssh',
      title: t('containers.ssh'),
      width: 195,
      render: (container) => (container.ssh_host === null ? '' : h('span', { 'data-test': 'container-ssh' }, `${container.ssh_host}:${container.ssh_port}`)),
    },
    { key: 'plan', title: t('containers.plan'), width: 100, ellipsis: { tooltip: true }, render: (container) => planNames.get(container.plan_id) ?? `#${container.plan_id}` },
    { key: 'owner_label', title: t('containers.owner'), width: 90, ellipsis: { tooltip: true } },
    { key: 'created_at', title: t('containers.created'), width: 140, render: (container) => formatDateTime(container.created_at) },
    {
      key: 'actions',
      title: t('common.actions'),
      width: 150,
      render: (container) =>
        h(NSpace, { size: 4, wrap: false }, () => [
          h(NDropdown, { trigger: 'click', options: powerOptions(container), onSelect: (key: PowerAction) => onAction(key, container) }, () =>
            h(NButton, { size: 'small', secondary: true, 'data-test': 'container-power' }, () => t('containers.power')),
          ),
          h(
            NButton,
            { size: 'small', quaternary: true, type: 'error', disabled: !TERMINABLE.has(container.state), 'data-test': 'container-terminate', onClick: () => onAction('terminate', container) },
            () => t('containers.terminate'),
          ),
        ]),
    },
  ]
}
