import { afterEach, beforeEach, expect } from 'vitest'

/** Fails the test if any promise rejection went unhandled while it ran (a crash of the real server). */
export function useNoUnhandledRejections(): void {
  const seen: unknown[] = []
  const record = (reason: unknown) => seen.push(reason)
  beforeEach(() => {
    seen.length = 0
    process.on('unhandledRejection', record)
  })
  afterEach(() => {
    process.off('unhandledRejection', record)
    expect(seen, 'unhandled rejections').toEqual([])
  })
}
