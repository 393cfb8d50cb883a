// A saga: steps run in order, each journaled before and after it touches the outside world; on failure
// the steps that ran (or may have half-run) are undone in reverse. Undo must be idempotent.
import { AppError } from '@shared/errors'
import type { SagaJournal } from './sagaJournal'

export interface SagaStep {
  name: string
  /** Needs input that is never stored (the root password): after a crash it can only be undone, not retried. */
  needsTransientInput?: boolean
  run(): Promise<void>
  undo(): Promise<void>
}

export class SagaStepFailed extends Error {
  constructor(
    readonly step: string,
    override readonly cause: unknown,
  ) {
    super(`${step}: ${describeError(cause)}`)
  }
}

export function describeError(error: unknown): string {
  if (error instanceof AppError) return error.message
  if (error instanceof SagaStepFailed) return error.message
  return 'unexpected error'
}

export async function runSteps(journal: SagaJournal, steps: readonly SagaStep[]): Promise<void> {
  for (const [position, step] of steps.entries()) {
    if (journal.statusOf(step.name) === 'done') continue
    journal.started(step.name, position)
    try {
      await step.run()
    } catch (error) {
      journal.failed(step.name, position, describeError(error))
      throw new SagaStepFailed(step.name, error)
    }
    journal.done(step.name, position)
  }
}

/** Undoes, newest first, every step that started; stops at the first undo that fails so a retry can continue. */
export async function undoSteps(journal: SagaJournal, steps: readonly SagaStep[]): Promise<void> {
  const entries = new Map(journal.entries().map((e) => [e.step, e.status]))
  for (let position = steps.length - 1; position >= 0; position--) {
    const step = steps[position]!
    const status = entries.get(step.name)
    if (status === undefined || status === 'undone') continue
    await step.undo()
    journal.undone(step.name, position)
  }
}

/** After a crash: a saga can be resumed only when no unfinished step needs input that was never stored. */
export function canResume(journal: SagaJournal, steps: readonly SagaStep[]): boolean {
  const entries = new Map(journal.entries().map((e) => [e.step, e.status]))
  return steps.every((step) => entries.get(step.name) === 'done' || !step.needsTransientInput)
}
