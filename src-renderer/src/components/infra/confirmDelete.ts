// One confirm-then-delete flow for pools, plans, connections and routers: a CONFLICT (still in use) is explained
// in words instead of the raw error, anything else goes to the usual error toast.
import { useDialog, useMessage } from 'naive-ui'
import { AppError } from '@shared/errors'
import { t } from '../../i18n'
import { useAppError } from '../../composables/useAppError'

export interface DeleteRequest {
  title: string
  body: string
  run: () => Promise<unknown>
  done: string
  /** What to say when the server answers CONFLICT; gets the server's own reason. */
  inUse: (reason: string) => string
  after: () => unknown
}

export function useConfirmDelete(): (request: DeleteRequest) => void {
  const dialog = useDialog()
  const message = useMessage()
  const reportError = useAppError()
  return (request) => {
    dialog.warning({
      title: request.title,
      content: request.body,
      positiveText: t('common.delete'),
      negativeText: t('common.cancel'),
      onPositiveClick: async () => {
        try {
          await request.run()
          message.success(request.done)
          await request.after()
        } catch (error) {
          if (error instanceof AppError && error.code === 'CONFLICT') {
            const reason = error.fields?.id ?? error.message
            dialog.error({ title: t('errors.CONFLICT'), content: request.inUse(reason), positiveText: t('common.close') })
          } else reportError(error)
        }
      },
    })
  }
}
