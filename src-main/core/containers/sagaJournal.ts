// Persists each saga step's progress so a restarted process can finish or undo what a dead one began.
import type { Database } from '../db/database'

export type StepStatus = 'started' | 'done' | 'undone' | 'failed'

export interface JournalEntry {
  step: string
  position: number
  status: StepStatus
  error: string | null
}

export class SagaJournal {
  constructor(
    private readonly db: Database,
    readonly containerId: number,
    readonly saga: string,
  ) {}

  private upsert(step: string, position: number, status: StepStatus, error: string | null = null): void {
    this.db.run(
      this.db.qb
        .insertInto('container_steps')
        .values({ container_id: this.containerId, saga: this.saga, step, position, status, error })
        .onConflict((oc) => oc.columns(['container_id', 'saga', 'step']).doUpdateSet({ status, error, updated_at: Math.floor(Date.now() / 1000) })),
    )
  }

  entries(): JournalEntry[] {
    return this.db.all(
      this.db.qb
        .selectFrom('container_steps')
        .select(['step', 'position', 'status', 'error'])
        .where('container_id', '=', this.containerId)
        .where('saga', '=', this.saga)
        .orderBy('position'),
    )
  }

  statusOf(step: string): StepStatus | undefined {
    return this.entries().find((e) => e.step === step)?.status
  }

  started(step: string, position: number): void {
    this.upsert(step, position, 'started')
  }

  done(step: string, position: number): void {
    this.upsert(step, position, 'done')
  }

  failed(step: string, position: number, error: string): void {
    this.upsert(step, position, 'failed', error)
  }

  undone(step: string, position: number): void {
    this.upsert(step, position, 'undone')
  }
}
