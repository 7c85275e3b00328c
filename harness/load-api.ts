// Public API of alloc-counter's load tests: `import { measureLoad } from 'alloc-counter/load'`.
// Kept apart from the package's main export so that allocation tests load none of it.
export {
  type LoadCheck,
  type LoadContext,
  type LoadLimits,
  type LoadOptions,
  type LoadTarget,
  measureLoad,
} from './child/load.js';
export type { GeneratorConfig, GeneratorResult, LoadMode, ServerStats } from './load/messages.js';
