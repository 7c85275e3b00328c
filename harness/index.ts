// Public API of alloc-counter for test files: `import { measure } from 'alloc-counter'`.
export { measure, type Workload } from './child/measure.js';
