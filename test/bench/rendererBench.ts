// Bench 6: what the desktop window downloads. index.html names the initial JavaScript (its module script and
// modulepreload links); every other script in the build is a lazy chunk. Sizes raw and gzipped (level 9).
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { gzipSync } from 'node:zlib'
import { REPO } from './lib/serverProcess'
import { round, type BenchResult } from './lib/benchResult'

const RENDERER_OUT = join(REPO, 'out/renderer')

interface Asset {
  file: string
  kind: 'initial js' | 'initial css' | 'lazy js' | 'lazy css'
  bytes: number
  gzip: number
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(RENDERER_OUT, join(entry.parentPath, entry.name)))
}

/** Files index.html loads before the app runs: module scripts, modulepreloads and stylesheets. */
function initialFiles(html: string): Set<string> {
  const references = [...html.matchAll(/<(?:script[^>]*\bsrc|link[^>]*\bhref)="\.?\/?([^"]+)"/g)].map((match) => match[1]!)
  return new Set(references.filter((file) => /\.(js|css)$/.test(file)))
}

export function benchRenderer(): BenchResult {
  const initial = initialFiles(readFileSync(join(RENDERER_OUT, 'index.html'), 'utf8'))
  const assets: Asset[] = filesUnder(RENDERER_OUT)
    .filter((file) => /\.(js|css)$/.test(file))
    .map((file) => {
      const content = readFileSync(join(RENDERER_OUT, file))
      const type = file.endsWith('.css') ? 'css' : 'js'
      return { file, kind: `${initial.has(file) ? 'initial' : 'lazy'} ${type}` as Asset['kind'], bytes: content.length, gzip: gzipSync(content, { level: 9 }).length }
    })
    .sort((a, b) => a.kind.localeCompare(b.kind) || b.gzip - a.gzip)
  const total = (kind: Asset['kind']) => assets.filter((a) => a.kind === kind).reduce((sum, a) => ({ bytes: sum.bytes + a.bytes, gzip: sum.gzip + a.gzip }), { bytes: 0, gzip: 0 })
  const initialJs = total('initial js')
  const kib = (bytes: number) => round(bytes / 1024, 1)
  return {
    id: 'renderer',
    title: 'Renderer bundle (npx electron-vite build → out/renderer)',
    target: 'sizes reported (no target)',
    met: null,
    table: {
      columns: ['file', 'kind', 'KiB', 'gzip KiB'],
      rows: [...assets.map((a) => [a.file, a.kind, kib(a.bytes), kib(a.gzip)]), ['all initial JavaScript', 'initial js', kib(initialJs.bytes), kib(initialJs.gzip)]],
    },
    figures: { initial_js: initialJs, initial_css: total('initial css'), lazy_js: total('lazy js'), lazy_css: total('lazy css'), assets },
  }
}
