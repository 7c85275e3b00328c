/** Bad usage or configuration: the runner prints the message as one line and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
