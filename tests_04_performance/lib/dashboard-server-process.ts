// The dashboard server as a process of its own, for measureLoad's `server.module`.
import { serveUnderLoad } from 'alloc-counter/load-server';
import { type DashboardOptions, startDashboardServer } from './dashboard-server.js';

serveUnderLoad((options) => startDashboardServer((options ?? {}) as DashboardOptions));
