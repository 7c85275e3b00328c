// One test file, collapsible: its failure (crash, timeout, throw) with its
// stack, its output, and its identifiers.
import type { JsonReport } from '../json.js';
import { escapeHtml } from './escape.js';
import { formatSeconds } from './format.js';
import { type IcicleDataSink, renderIdentifierSection } from './identifier-section.js';
import { type FileEntry, fileAnchor, identifierAnchor } from './model.js';

function failureBlock(file: FileEntry): string {
  const failure = file.failure;
  if (failure === null) return '';
  const where = failure.phase === null ? '' : ` (${failure.phase})`;
  const stack = failure.stack === null ? '' : `<pre class="stack">${escapeHtml(failure.stack)}</pre>`;
  return [
    '<div class="failure">',
    `<p><strong>${escapeHtml(failure.kind + where)}</strong>: ${escapeHtml(failure.message)}</p>`,
    stack,
    '</div>',
  ].join('\n');
}

function outputBlock(file: FileEntry): string {
  if (file.output === '') return '';
  return `<details class="output"><summary>output</summary><pre>${escapeHtml(file.output)}</pre></details>`;
}

export function renderFileSection(
  file: FileEntry,
  fileIndex: number,
  comparison: JsonReport | null,
  sink: IcicleDataSink,
): string {
  const status = file.passed ? 'pass' : 'fail';
  const count = `${file.identifiers.length} identifier${file.identifiers.length === 1 ? '' : 's'}, ${formatSeconds(file.durationMs)}`;
  const identifiers = file.identifiers.map((id, idIndex) =>
    renderIdentifierSection(identifierAnchor(fileIndex, idIndex), id, comparison, sink),
  );
  return [
    // Failed files open, so that what needs reading is in view.
    `<details class="file" id="${fileAnchor(fileIndex)}"${file.passed ? '' : ' open'}>`,
    `<summary><span class="badge ${status}">${status === 'pass' ? 'passed' : 'failed'}</span> <span class="file-name">${escapeHtml(file.file)}</span> <span class="hint">${escapeHtml(count)}</span></summary>`,
    failureBlock(file),
    outputBlock(file),
    ...identifiers,
    '</details>',
  ].join('\n');
}
