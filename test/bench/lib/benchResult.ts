/** What each benchmark hands the orchestrator: figures for machines and a small table for people. */
export interface BenchResult {
  id: string
  title: string
  /** The target, in words. */
  target: string
  /** Whether the measured figures meet the target; null when the bench has no target (sizes). */
  met: boolean | null
  /** The ratio the target is stated on, when there is one. */
  ratio?: number
  table: { columns: string[]; rows: Array<Array<string | number>> }
  figures: Record<string, unknown>
  notes?: string[]
}

/** Rounds for display without hiding small values. */
export function round(value: number, digits = 2): number {
  return Number(value.toFixed(digits))
}
