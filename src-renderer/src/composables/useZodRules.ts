// n-form rules derived from the contract's own zod schemas, plus the server's VALIDATION `fields` shown beside
// the same inputs. The whole payload is parsed, so cross-field rules (password or md5) apply too.
import { ref } from 'vue'
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

/** Field problems the server reported, keyed like the form's paths; cleared as soon as the field changes. */
export function useServerFieldErrors() {
  const errors = ref<Record<string, string>>({})
  return {
    errors,
    /** Takes the error's `fields` if it has any; returns false when the error is about something else. */
    take(error: unknown): boolean {
      if (error instanceof AppError && error.fields && Object.keys(error.fields).length > 0) {
        errors.value = Object.fromEntries(Object.entries(error.fields).map(([field, problem]) => [field, translateValidation(problem)]))
        return true
      }
      return false
    },
    clear(field?: string): void {
      if (field === undefined) errors.value = {}
      else if (field in errors.value) {
        const { [field]: _removed, ...rest } = errors.value
        errors.value = rest
      }
    },
  }
}
