import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import vue from '@vitejs/plugin-vue'

const root = import.meta.dirname
const alias = { '@shared': resolve(root, 'src-shared') }

export default defineConfig({
  main: {
    resolve: { alias },
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve(root, 'src-main/electron/main.ts'),
          cli: resolve(root, 'src-main/cli.ts'),
        },
        output: {
          banner: (chunk) => (chunk.name === 'cli' ? '#!/usr/bin/env node' : ''),
          // Shared chunks sit beside the entries, so import.meta.dirname is out/main in every file of the build.
          chunkFileNames: 'shared-[hash].js',
        },
      },
    },
  },
  preload: {
    resolve: { alias },
    build: {
      // A sandboxed preload cannot require packages, so the contract's names (and zod) are bundled in.
      externalizeDeps: false,
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve(root, 'src-main/preload/index.ts') },
        // Sandboxed preloads must be a single CommonJS file.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src-renderer'),
    resolve: { alias },
    plugins: [vue()],
    build: {
      rollupOptions: { input: resolve(root, 'src-renderer/index.html') },
    },
  },
})
