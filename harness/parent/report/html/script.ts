// The page's inline script, plain ES2020 for any current browser: sortable
// summary table, icicle tooltips and zoom, open-all/close-all, and opening the
// collapsed file a link points into. It builds every element with textContent,
// so that no string from a report is ever parsed as markup.
import { ICICLE_WIDTH } from './icicle.js';

const CHAR_WIDTH = 6.6;

const SCRIPT = String.raw`
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var WIDTH = ${ICICLE_WIDTH};
  var CHAR_WIDTH = ${CHAR_WIDTH};
  var tip = document.getElementById('tooltip');
  var fmt = function (n) { return n.toLocaleString('en-US'); };
  var signed = function (n) { return (n > 0 ? '+' : '') + fmt(n); };

  function sortTable(table, th, column) {
    var ascending = !th.classList.contains('sorted-asc');
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (other) {
      other.classList.remove('sorted-asc', 'sorted-desc');
    });
    th.classList.add(ascending ? 'sorted-asc' : 'sorted-desc');
    var numeric = th.dataset.type === 'number';
    var key = function (row) {
      var cell = row.cells[column];
      var value = cell && cell.dataset.sort !== undefined ? cell.dataset.sort : '';
      return numeric ? Number(value) || 0 : value;
    };
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = key(a), y = key(b);
      var order = numeric ? x - y : String(x).localeCompare(String(y));
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }

  document.querySelectorAll('table.sortable').forEach(function (table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, column) {
      th.addEventListener('click', function () { sortTable(table, th, column); });
    });
  });

  function addLine(text, className) {
    var div = document.createElement('div');
    div.textContent = text;
    if (className) div.className = className;
    tip.appendChild(div);
  }

  function changeLines(change) {
    if (change.match === 'new') return addLine('new: not in the base', 'tip-grew');
    var tone = change.ownChange > 0 ? 'tip-grew' : change.ownChange < 0 ? 'tip-shrank' : '';
    addLine('own against the base: ' + signed(change.ownChange) + ' (base ' + fmt(change.baseOwn) + ')', tone);
    addLine('total against the base: ' + signed(change.totalChange) + ' (base ' + fmt(change.baseTotal) + ')');
    if (change.match === 'moved') addLine('matched by name: its line moved');
  }

  function showTip(cells, cell, event) {
    tip.replaceChildren();
    addLine(cell.depth === 0 ? cell.label : cell.function || '(anonymous)', 'tip-title');
    if (cell.depth > 0) addLine((cell.script || 'built-in') + ':' + cell.line + ':' + cell.column, 'tip-where');
    var share = cells[0].totalCount > 0 ? (100 * cell.totalCount / cells[0].totalCount).toFixed(1) + '%' : '-';
    addLine('total: ' + fmt(cell.totalCount) + ' allocations (' + share + '), ' + fmt(cell.totalBytes) + ' bytes');
    addLine('self: ' + fmt(cell.selfCount) + ' allocations, ' + fmt(cell.selfBytes) + ' bytes');
    if (cell.otherCount > 0) {
      addLine('small callees folded in: ' + fmt(cell.otherCount) + ' allocations, ' + fmt(cell.otherBytes) + ' bytes');
    }
    if (cell.change) changeLines(cell.change);
    tip.hidden = false;
    moveTip(event);
  }

  function moveTip(event) {
    var x = event.clientX + 14, y = event.clientY + 14;
    if (x + tip.offsetWidth > window.innerWidth - 8) x = Math.max(8, event.clientX - tip.offsetWidth - 14);
    if (y + tip.offsetHeight > window.innerHeight - 8) y = Math.max(8, event.clientY - tip.offsetHeight - 14);
    tip.style.left = x + 'px';
    tip.style.top = y + 'px';
  }

  function fitted(label, width) {
    var fits = Math.floor((width - 6) / CHAR_WIDTH);
    if (fits < 3) return '';
    return label.length <= fits ? label : label.slice(0, fits - 1) + '\u2026';
  }

  // Zoom: the clicked cell spans the width, its callees below it, its callers
  // above at full width; everything else is hidden. The top row zooms out.
  function zoom(svg, cells, focus) {
    var span = focus.x1 - focus.x0 || 1;
    svg.querySelectorAll('g.cell').forEach(function (g) {
      var cell = cells[Number(g.dataset.i)];
      var x0 = Math.max(0, (cell.x0 - focus.x0) / span);
      var x1 = Math.min(1, (cell.x1 - focus.x0) / span);
      var visible = x1 - x0 > 1e-9;
      g.classList.toggle('hidden', !visible);
      if (!visible) return;
      var rect = g.querySelector('rect'), text = g.querySelector('text');
      rect.setAttribute('x', (x0 * WIDTH).toFixed(2));
      rect.setAttribute('width', ((x1 - x0) * WIDTH).toFixed(2));
      text.setAttribute('x', (x0 * WIDTH + 3).toFixed(2));
      text.textContent = fitted(cell.label, (x1 - x0) * WIDTH);
    });
  }

  document.querySelectorAll('svg.icicle').forEach(function (svg) {
    var cells = data.icicles[svg.dataset.icicle];
    if (!cells) return;
    // The <title>s serve readers without scripts; here the richer tooltip replaces them.
    svg.querySelectorAll('g.cell > title').forEach(function (title) { title.remove(); });
    var cellOf = function (event) {
      var g = event.target.closest && event.target.closest('g.cell');
      return g && svg.contains(g) ? cells[Number(g.dataset.i)] : null;
    };
    svg.addEventListener('mousemove', function (event) {
      var cell = cellOf(event);
      if (cell) showTip(cells, cell, event); else tip.hidden = true;
    });
    svg.addEventListener('mouseleave', function () { tip.hidden = true; });
    svg.addEventListener('click', function (event) {
      var cell = cellOf(event);
      if (cell) zoom(svg, cells, cell);
    });
  });

  document.querySelectorAll('button[data-open]').forEach(function (button) {
    button.addEventListener('click', function () {
      var open = button.dataset.open === 'all';
      document.querySelectorAll('details.file').forEach(function (d) { d.open = open; });
    });
  });

  function openTarget() {
    var target = location.hash ? document.getElementById(location.hash.slice(1)) : null;
    var details = target && target.closest('details');
    if (details) { details.open = true; target.scrollIntoView(); }
  }
  window.addEventListener('hashchange', openTarget);
  openTarget();
})();
`;

export function pageScript(): string {
  return SCRIPT;
}
