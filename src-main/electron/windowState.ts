// The window comes back where the operator left it, but always on a screen that is still there: a saved position
// on an unplugged monitor, or a size larger than the current screen, is pulled back into view.
import { readFileSync } from 'node:fs'
import { z } from 'zod'
import { writeFileAtomic } from '../core/files/writeFileAtomic'

export interface Rectangle {
  x: number
  y: number
  width: number
  height: number
}

const savedWindow = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  maximized: z.boolean(),
})
export type WindowState = z.infer<typeof savedWindow>

const DEFAULT_SIZE = { width: 1280, height: 800 }
export const MIN_SIZE = { width: 800, height: 560 }

export function readWindowState(file: string): WindowState | null {
  try {
    const parsed = savedWindow.safeParse(JSON.parse(readFileSync(file, 'utf8')))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}

export function writeWindowState(file: string, state: WindowState): void {
  writeFileAtomic(file, JSON.stringify(state) + '\n')
}

function overlapArea(a: Rectangle, b: Rectangle): number {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)
  return width > 0 && height > 0 ? width * height : 0
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max)
}

function centred(area: Rectangle): Rectangle {
  const width = Math.min(DEFAULT_SIZE.width, area.width)
  const height = Math.min(DEFAULT_SIZE.height, area.height)
  return { x: area.x + Math.round((area.width - width) / 2), y: area.y + Math.round((area.height - height) / 2), width, height }
}

/**
 * Where to open the window: the saved bounds moved and shrunk into the work area they overlap most, or the
 * default size centred on the primary screen when they overlap none (or nothing was saved).
 */
export function placeWindow(saved: WindowState | null, workAreas: readonly Rectangle[], primary: Rectangle): WindowState {
  const best = saved ? workAreas.map((area) => ({ area, overlap: overlapArea(saved, area) })).sort((a, b) => b.overlap - a.overlap)[0] : undefined
  if (!saved || !best || best.overlap === 0) return { ...centred(primary), maximized: saved?.maximized ?? false }
  const { area } = best
  const width = Math.min(saved.width, area.width)
  const height = Math.min(saved.height, area.height)
  return {
    x: clamp(saved.x, area.x, area.x + area.width - width),
    y: clamp(saved.y, area.y, area.y + area.height - height),
    width,
    height,
    maximized: saved.maximized,
  }
}
