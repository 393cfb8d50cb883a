// The node tsconfig checks these suites without vue-tsc; vitest compiles the .vue files themselves.
declare module '*.vue' {
  import type { DefineComponent } from 'vue'
  const component: DefineComponent<object, object, unknown>
  export default component
}

// Stylesheets the renderer imports for their side effect (xterm's); vite bundles them.
declare module '*.css'
