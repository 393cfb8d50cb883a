// Field rules for the create wizard from the contract's own createContainerInput, with the container-specific
// zod messages (DNS name, MiB, GiB) said in the UI's language too; the shared ones go through translateValidation.
import type { FormItemRule } from 'naive-ui'
import { createContainerInput } from '@shared/domain/containers'
import { t, translateValidation } from '../../i18n'

const CONTAINER_PATTERNS: [RegExp, (m: RegExpMatchArray) => string][] = [
  [/^letters, digits and hyphens/, () => t('containers.dnsName')],
  [/^at least (\d+) MiB$/, (m) => t('containers.atLeastMib', { n: m[1]! })],
  [/^at least (\d+) GiB$/, (m) => t('containers.atLeastGib', { n: m[1]! })],
  [/^too long$/, () => t('containers.tooLong')],
  // The root password may contain spaces, unlike the secrets the shared "printable ASCII" message is about.
  [/^printable ASCII only$/, () => t('containers.printableAscii')],
  [/^one of /, () => t('containers.notOffered')],
]

export function translateContainerProblem(message: string): string {
  for (const [pattern, say] of CONTAINER_PATTERNS) {
    const match = message.match(pattern)
    if (match) return say(match)
  }
  return translateValidation(message)
}

export const WIZARD_FIELDS = ['plan_id', 'template', 'cores', 'memory_mb', 'disk_gb', 'hostname', 'password', 'owner_label', 'ssh_public_keys'] as const
export type WizardField = (typeof WIZARD_FIELDS)[number]

/** One n-form rule per field; the whole payload is parsed so the message is exactly the server's. */
export function createContainerRules(payload: () => unknown): Record<WizardField, FormItemRule> {
  const rule = (field: WizardField): FormItemRule => ({
    trigger: ['blur', 'input', 'change'],
    validator: () => {
      const parsed = createContainerInput.safeParse(payload())
      if (parsed.success) return true
      const issue = parsed.error.issues.find((candidate) => candidate.path.join('.') === field)
      return issue ? new Error(field === 'plan_id' || field === 'template' ? t('validation.required') : translateContainerProblem(issue.message)) : true
    },
  })
  return Object.fromEntries(WIZARD_FIELDS.map((field) => [field, rule(field)])) as Record<WizardField, FormItemRule>
}
