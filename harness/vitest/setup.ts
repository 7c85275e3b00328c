// The setup file allocCounter() adds: registers the matchers in each worker.
import { expect } from 'vitest';
import { allocationMatchers } from './matchers.js';
import { readSettings } from './settings.js';

const settings = readSettings(process.env);
expect.extend(allocationMatchers(() => settings));
