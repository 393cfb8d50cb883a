import { useMessage } from 'naive-ui'
import { AppError } from '@shared/errors'
import { t, translateValidation } from '../i18n'

/** One line for an error: the code's headline in the UI language, then what the server said. */
export function describeError(error: unknown): string {
  if (error instanceof AppError) {
    if (error.code === 'VALIDATION' && error.fields) {
      const details = Object.entries(error.fields).map(([field, problem]) => `${field}: ${translateValidation(problem)}`)
      return `${t(`errors.${error.code}`)}: ${details.join('; ')}`
    }
    return `${t(`errors.${error.code}`)}: ${error.message}`
  }
  return `${t('errors.INTERNAL')}: ${error instanceof Error ? error.message : String(error)}`
}

export function useAppError(): (error: unknown) => void {
  const message = useMessage()
  return (error) => {
    message.error(describeError(error), { duration: 6000, closable: true })
  }
}
