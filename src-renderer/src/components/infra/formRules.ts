// n-form rules for the infra drawers, from the contract's zod schemas. Unlike the app-wide zodRules, an issue on a
// list item (`dns.1`, `reserved.0`, `templates.2`) is shown on its list field, and messages use the infra wording.
import type { FormItemRule } from 'naive-ui'
import type { z } from 'zod'
import { translateInfraValidation } from './infraValidation'

function issueFor(issues: readonly z.core.$ZodIssue[], field: string): z.core.$ZodIssue | undefined {
  return issues.find((issue) => {
    const path = issue.path.join('.')
    return path === field || path.startsWith(`${field}.`)
  })
}

export function infraRules<F extends string>(schema: () => z.ZodType, payload: () => unknown, fields: readonly F[]): Record<F, FormItemRule> {
  const rule = (field: F): FormItemRule => ({
    trigger: ['blur', 'input', 'change'],
    validator: () => {
      const parsed = schema().safeParse(payload())
      if (parsed.success) return true
      const issue = issueFor(parsed.error.issues, field)
      return issue ? new Error(translateInfraValidation(issue.message)) : true
    },
  })
  return Object.fromEntries(fields.map((field) => [field, rule(field)])) as Record<F, FormItemRule>
}

/** Server field problems (VALIDATION or CONFLICT `fields`) for `useServerFieldErrors`, worded and placed like infraRules. */
export const infraFieldErrors = { translate: translateInfraValidation, listItemsOnTheirField: true } as const

/** Optional text: blank means none. */
export const orNull = (text: string) => (text.trim() === '' ? null : text.trim())

/** "1.1.1.1, 8.8.8.8" or one per line → list; empty text → []. */
export function splitList(text: string): string[] {
  return text
    .split(/[\s,，]+/)
    .map((item) => item.trim())
    .filter((item) => item !== '')
}

/** Numbers stay numbers; anything else is passed on as text so the schema points at it. */
export function splitNumbers(text: string): (number | string)[] {
  return splitList(text).map((item) => (/^\d+$/.test(item) ? Number(item) : item))
}
