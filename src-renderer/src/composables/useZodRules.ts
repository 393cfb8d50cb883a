// n-form rules derived from the contract's own zod schemas, plus the server's VALIDATION `fields` shown beside
// the same inputs. The whole payload is parsed, so cross-field rules (password or md5) apply too.
import { ref, watch, type Ref } from 'vue'
import type { FormItemRule } from 'naive-ui'
import type { z } from 'zod'
import { AppError } from '@shared/errors'
import { translateValidation } from '../i18n'

export function zodRule(schema: z.ZodType, payload: () => unknown, field: string): FormItemRule {
  return {
    trigger: ['blur', 'input'],
    validator: () => {
      const parsed = schema.safeParse(payload())
      if (parsed.success) return true
      const issue = parsed.error.issues.find((candidate) => candidate.path.join('.') === field)
      return issue ? new Error(translateValidation(issue.message)) : true
    },
  }
}

export function zodRules<F extends string>(schema: z.ZodType, payload: () => unknown, fields: readonly F[]): Record<F, FormItemRule> {
  return Object.fromEntries(fields.map((field) => [field, zodRule(schema, payload, field)])) as Record<F, FormItemRule>
}

export interface ServerFieldErrorOptions {
  /** How the schema's English messages are said in the UI (screens with their own wording pass theirs). */
  translate?: (message: string) => string
  /** Show a problem on a list item (`dns.1`) on its list field (`dns`), for forms whose inputs are whole lists. */
  listItemsOnTheirField?: boolean
}

/** Field problems the server reported, keyed like the form's paths; cleared as soon as the field changes. */
export function useServerFieldErrors(options: ServerFieldErrorOptions = {}) {
  const translate = options.translate ?? translateValidation
  const keyOf = (path: string) => (options.listItemsOnTheirField ? path.split('.')[0]! : path)
  const errors = ref<Record<string, string>>({})
  const clear = (field?: string): void => {
    if (field === undefined) errors.value = {}
    else if (field in errors.value) {
      const { [field]: _removed, ...rest } = errors.value
      errors.value = rest
    }
  }
  const status = (field: string): 'error' | undefined => (errors.value[field] ? 'error' : undefined)
  return {
    errors,
    status,
    /** The n-form-item props that show the server's problem for `field` beside its input. */
    formItem: (field: string) => ({ path: field, validationStatus: status(field), feedback: errors.value[field] }),
    /** Takes the error's `fields` if it has any; returns false when the error is about something else. */
    take(error: unknown): boolean {
      if (error instanceof AppError && error.fields && Object.keys(error.fields).length > 0) {
        errors.value = Object.fromEntries(Object.entries(error.fields).map(([path, problem]) => [keyOf(path), translate(problem)]))
        return true
      }
      return false
    },
    clear,
    /** Drops a field's problem once its value in `model` changes (compared as JSON, so lists count by content). */
    clearWhenChanged(model: Ref<Record<string, unknown>>): void {
      watch(model, (after, before) => {
        for (const field of Object.keys(after)) if (JSON.stringify(after[field]) !== JSON.stringify(before?.[field])) clear(field)
      })
    },
  }
}
