// Refuses to count without a loadable allocation-tracking addon: figures
// without it would be meaningless.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { UsageError } from '../errors.js';

/** How to build it in this repo; a user's project passes its own command. */
export const OWN_ADDON_FIX = "run 'npm run build:native' (needs python3, make and g++)";

/** `loadHere`: the addon is built for this Node; one built for another is checked by the child. */
export function checkAddon(addonPath: string, loadHere: boolean, fix = OWN_ADDON_FIX): void {
  if (!existsSync(addonPath)) {
    throw new UsageError(`the allocation-tracking addon is not built (${addonPath} is missing): ${fix}`);
  }
  if (!loadHere) return;
  try {
    createRequire(import.meta.url)(addonPath);
  } catch (error) {
    const reason = (error as Error).message.split('\n')[0];
    throw new UsageError(
      `the allocation-tracking addon ${addonPath} does not load in Node ${process.version} (${reason}): ${fix}`,
    );
  }
}
