import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { placeWindow, readWindowState, writeWindowState, type Rectangle } from '../../src-main/electron/windowState'
import { useTempDir } from '../helpers/tempDir'

const laptop: Rectangle = { x: 0, y: 0, width: 1440, height: 860 }
const rightMonitor: Rectangle = { x: 1440, y: -200, width: 2560, height: 1400 }

describe('window placement', () => {
  it('opens the default size centred on the primary screen the first time', () => {
    expect(placeWindow(null, [laptop], laptop)).toEqual({ x: 80, y: 30, width: 1280, height: 800, maximized: false })
  })

  it('keeps saved bounds that are fully visible, on whichever screen they are', () => {
    const saved = { x: 2000, y: 100, width: 1200, height: 900, maximized: false }
    expect(placeWindow(saved, [laptop, rightMonitor], laptop)).toEqual(saved)
  })

  it('moves a window hanging off the screen edge back inside', () => {
    expect(placeWindow({ x: 1000, y: 600, width: 1000, height: 700, maximized: false }, [laptop], laptop)).toEqual({
      x: 440,
      y: 160,
      width: 1000,
      height: 700,
      maximized: false,
    })
  })

  it('shrinks a window larger than the screen it is on', () => {
    expect(placeWindow({ x: -50, y: -50, width: 3000, height: 2000, maximized: true }, [laptop], laptop)).toEqual({ ...laptop, maximized: true })
  })

  it('puts a window whose screen is gone on the primary screen, keeping it maximized', () => {
    const onUnplugged = { x: 2000, y: 100, width: 1200, height: 900, maximized: true }
    expect(placeWindow(onUnplugged, [laptop], laptop)).toEqual({ x: 80, y: 30, width: 1280, height: 800, maximized: true })
  })

  it('chooses the screen the window mostly covers', () => {
    const straddling = { x: 1300, y: 0, width: 1000, height: 700, maximized: false }
    expect(placeWindow(straddling, [laptop, rightMonitor], laptop)).toMatchObject({ x: 1440, y: 0 })
  })
})

describe('window state file', () => {
  const tempDir = useTempDir()

  it('reads back what was written', () => {
    const file = join(tempDir(), 'window-state.json')
    writeWindowState(file, { x: 1, y: 2, width: 900, height: 600, maximized: false })
    expect(readWindowState(file)).toEqual({ x: 1, y: 2, width: 900, height: 600, maximized: false })
  })

  it.each([['missing', null], ['not JSON', '{'], ['a negative width', JSON.stringify({ x: 0, y: 0, width: -1, height: 600, maximized: false })]])(
    'treats a %s file as nothing saved',
    (_name, content) => {
      const file = join(tempDir(), 'window-state.json')
      if (content !== null) writeFileSync(file, content)
      expect(readWindowState(file)).toBeNull()
    },
  )
})
