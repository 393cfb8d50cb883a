// The submit every form drawer and modal shares, so they all behave alike: nothing is sent while the form's own
// (contract-derived) rules fail, one save runs at a time behind the `saving` spinner, a saved form closes, and a
// failure lands beside the inputs when the server named fields, else in the app-wide error message. With `reset`,
// each opening starts clean: no leftover input, server problem or validation mark from the last time.
import { ref, useTemplateRef, watch, type Ref } from 'vue'
import type { FormInst } from 'naive-ui'
import { useAppError } from './useAppError'

export interface FormSubmitOptions {
  show: Ref<boolean>
  /** Calls the API, says it worked and emits; the form closes when this resolves. */
  save: () => Promise<void>
  /** Puts the fields back for a fresh open (empty, or the record being edited); runs at once and on every open. */
  reset?: () => void
  /** Checked before the form's rules; false means nothing to send (the check shows why itself, if it should). */
  ready?: () => boolean
  /** Where the server's field problems go (`useServerFieldErrors`); errors it does not take are reported. */
  server?: { take(error: unknown): boolean; clear(): void }
  /** For forms that place every failure themselves (instead of `server` + the app-wide report). */
  onError?: (error: unknown) => void
}

/** The component's n-form must carry `ref="form"`; `form` is returned for forms that reset their validation. */
export function useFormSubmit(options: FormSubmitOptions) {
  const form = useTemplateRef<FormInst>('form')
  const saving = ref(false)
  const onError = options.onError ?? reportUnlessTaken(options.server)
  const reset = options.reset
  if (reset) {
    watch(
      options.show,
      (open) => {
        if (!open) return
        reset()
        options.server?.clear()
        form.value?.restoreValidation()
      },
      { immediate: true },
    )
  }

  async function submit(): Promise<void> {
    if (options.ready && !options.ready()) return
    try {
      await form.value?.validate()
    } catch {
      return
    }
    saving.value = true
    try {
      await options.save()
      options.show.value = false
    } catch (error) {
      onError(error)
    } finally {
      saving.value = false
    }
  }

  return { form, saving, submit }
}

function reportUnlessTaken(server: FormSubmitOptions['server']): (error: unknown) => void {
  const reportError = useAppError()
  return (error) => {
    if (!server?.take(error)) reportError(error)
  }
}
