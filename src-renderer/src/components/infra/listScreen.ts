// What the connections, routers, pools and plans screens share besides their frame (InfraListFrame.vue): loading
// the list (on open, on refresh and after a change), the create/edit drawer state, and the row buttons.
import { h, onMounted, ref, type Ref, type VNode } from 'vue'
import { NButton, NSpace } from 'naive-ui'
import { t } from '../../i18n'
import { useAppError } from '../../composables/useAppError'
import { useShortcuts } from '../../composables/useShortcuts'

/** `fetch` stores what it read; a failure is reported and the list keeps what it showed. */
export function useListLoad(fetch: () => Promise<void>) {
  const reportError = useAppError()
  const loading = ref(false)
  async function load(): Promise<void> {
    loading.value = true
    try {
      await fetch()
    } catch (error) {
      reportError(error)
    } finally {
      loading.value = false
    }
  }
  useShortcuts({ refresh: () => void load() })
  onMounted(() => void load())
  return { loading, load }
}

/** One drawer for create and edit: `editing` null means a new record. */
export function useEditDrawer<Row>() {
  const formOpen = ref(false)
  const editing = ref(null) as Ref<Row | null>
  const open = (row: Row | null) => {
    editing.value = row
    formOpen.value = true
  }
  return { formOpen, editing, openCreate: () => open(null), openEdit: open }
}

export function actionsColumn<Row>(width: number, buttons: (row: Row) => VNode[]) {
  return { key: 'actions', title: t('common.actions'), width, render: (row: Row) => h(NSpace, { size: 4, wrap: false }, () => buttons(row)) }
}

export const editButton = (dataTest: string, onClick: () => void) => h(NButton, { size: 'small', secondary: true, 'data-test': dataTest, onClick }, () => t('common.edit'))

export const deleteButton = (dataTest: string, onClick: () => void) =>
  h(NButton, { size: 'small', quaternary: true, type: 'error', 'data-test': dataTest, onClick }, () => t('common.delete'))
