// The snapshot and port-mapping schemas speak English; their messages are said again in the UI's language.
import type { z } from 'zod'
import type { FormItemRule } from 'naive-ui'
import { t, translateValidation } from '../../i18n'

const DETAIL_PATTERNS: [RegExp, (match: RegExpMatchArray) => string][] = [
  [/^start with a letter; letters, digits, _ and -/, () => t('containerDetail.snapshotNameRule')],
  [/^lowercase letters, digits and -/, () => t('containerDetail.purposeRule')],
  [/^must not be below internal_port$/, () => t('containerDetail.rangeRuleOrder')],
  [/^a range spans at most 10000 ports$/, () => t('containerDetail.rangeRuleSpan')],
  // An empty number input reaches zod as null.
  [/expected number, received null/, () => t('validation.required')],
  // What the port pool answers about a chosen external port.
  [/^(\d+) is already (allocated|in use)/, (m) => t('containerDetail.portTaken', { port: m[1]! })],
  [/^(\d+) is outside pool (\S+) \(([^)]+)\)/, (m) => t('containerDetail.portOutsidePool', { port: m[1]!, pool: m[2]!, bounds: m[3]! })],
  [/^(\d+) is .* and is never handed out$/, (m) => t('containerDetail.portReserved', { port: m[1]! })],
]

export function translateDetailValidation(message: string): string {
  for (const [pattern, say] of DETAIL_PATTERNS) {
    const match = message.match(pattern)
    if (match) return say(match)
  }
  return translateValidation(message)
}

/** Like `zodRules`, with the messages above translated too. */
export function detailRules<F extends string>(schema: z.ZodType, payload: () => unknown, fields: readonly F[]): Record<F, FormItemRule> {
  const rule = (field: string): FormItemRule => ({
    trigger: ['blur', 'input', 'change'],
    validator: () => {
      const parsed = schema.safeParse(payload())
      if (parsed.success) return true
      const issue = parsed.error.issues.find((candidate) => candidate.path.join('.') === field)
      return issue ? new Error(translateDetailValidation(issue.message)) : true
    },
  })
  return Object.fromEntries(fields.map((field) => [field, rule(field)])) as Record<F, FormItemRule>
}
