// Why a child's file failed: what it reported, or how it ended.
import type { ErrorMessage } from '../../protocol.js';

export interface ChildFailure {
  kind: 'error' | 'crash' | 'timeout' | 'protocol';
  phase: ErrorMessage['phase'] | null;
  message: string;
  stack: string | null;
}
