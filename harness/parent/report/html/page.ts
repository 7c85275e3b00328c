// The page shell: one self-contained HTML file. Its Content-Security-Policy
// lets nothing be fetched and runs only our own style and script (by their
// hashes), so a name from a report that slipped through unescaped could still
// neither run nor load anything.
import { createHash } from 'node:crypto';
import { escapeHtml, jsonForScript } from './escape.js';
import { pageScript } from './script.js';
import { PAGE_STYLE } from './style.js';

const hashOf = (text: string): string => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

function contentSecurityPolicy(style: string, script: string): string {
  return `default-src 'none'; style-src ${hashOf(style)}; script-src ${hashOf(script)}`;
}

export interface PageParts {
  title: string;
  body: string[];
  /** Read by the inline script from the application/json block. */
  data: unknown;
}

export function renderPage(parts: PageParts): string {
  const script = pageScript();
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(PAGE_STYLE, script)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(parts.title)}</title>`,
    `<style>${PAGE_STYLE}</style>`,
    '</head>',
    '<body>',
    ...parts.body,
    '<div id="tooltip" role="tooltip" hidden></div>',
    `<script type="application/json" id="report-data">${jsonForScript(parts.data)}</script>`,
    `<script>${script}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
