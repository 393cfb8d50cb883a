/** One schema step: numbered, plain SQL, run once inside the migrator's transaction. */
export interface Migration {
  version: number
  name: string
  sql: string
}
