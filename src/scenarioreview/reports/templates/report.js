/* report.html behaviour: sortable tables, filters (also from the URL hash), print expands details.
   Data comes from the embedded application/json block; nothing is fetched. */
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('review-data').textContent);

  var sortState = '';

  // --- sorting: click a header; numeric cells carry data-v ---------------------------------------
  function cellValue(tr, i) {
    var td = tr.cells[i];
    if (!td) { return ''; }
    return td.hasAttribute('data-v') ? td.getAttribute('data-v') : td.textContent.trim();
  }
  function sortBy(table, th) {
    var i = th.cellIndex;
    var numeric = th.classList.contains('num');
    var dir = th.getAttribute('aria-sort') === 'ascending' ? 'descending' : 'ascending';
    Array.prototype.forEach.call(th.parentNode.cells, function (h) { h.removeAttribute('aria-sort'); });
    th.setAttribute('aria-sort', dir);
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var sign = dir === 'ascending' ? 1 : -1;
    rows.sort(function (a, b) {
      var x = cellValue(a, i), y = cellValue(b, i), r;
      if (numeric) {
        var nx = x === '' ? -Infinity : Number(x), ny = y === '' ? -Infinity : Number(y);
        r = nx === ny ? 0 : (nx < ny ? -1 : 1);
      } else {
        r = x.localeCompare(y, 'zh-Hans-CN');
      }
      return r * sign || (Number(a.getAttribute('data-order')) - Number(b.getAttribute('data-order')));
    });
    rows.forEach(function (tr) { body.appendChild(tr); });
    if (table.id === 'subs') {
      sortState = th.textContent.trim() + ':' + (dir === 'ascending' ? 'asc' : 'desc');
      writeHash();
    }
  }
  function sortByName(table, spec) {  // "总分:desc" from the URL hash
    var at = spec.lastIndexOf(':');
    var name = at < 0 ? spec : spec.slice(0, at);
    var desc = at >= 0 && spec.slice(at + 1) === 'desc';
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
      if (th.textContent.trim() === name) {
        th.setAttribute('aria-sort', desc ? 'ascending' : 'descending');  // sortBy flips it
        sortBy(table, th);
      }
    });
  }
  Array.prototype.forEach.call(document.querySelectorAll('table.sortable'), function (table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
      th.setAttribute('title', '点击排序');
      th.setAttribute('tabindex', '0');
      th.addEventListener('click', function () { sortBy(table, th); });
      th.addEventListener('keydown', function (ev) {
        if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); sortBy(table, th); }
      });
    });
  });

  // --- filtering of the submissions table ---------------------------------------------------------
  var table = document.getElementById('subs');
  var controls = {
    filter: document.getElementById('f-text'),
    type: document.getElementById('f-type'),
    rec: document.getElementById('f-rec'),
    issues: document.getElementById('f-issues')
  };
  var count = document.getElementById('f-count');
  function apply() {
    if (!table) { return; }
    var needle = controls.filter.value.trim().toLowerCase();
    var rows = table.tBodies[0].rows, shown = 0;
    for (var k = 0; k < rows.length; k++) {
      var tr = rows[k];
      var blob = data.search[tr.getAttribute('data-id')] || '';
      var ok = (!needle || blob.indexOf(needle) >= 0) &&
        (!controls.type.value || tr.getAttribute('data-type') === controls.type.value) &&
        (!controls.rec.value || tr.getAttribute('data-rec') === controls.rec.value) &&
        (!controls.issues.value || tr.getAttribute('data-issues') === controls.issues.value);
      tr.hidden = !ok;
      if (ok) { shown++; }
    }
    count.textContent = '显示 ' + shown + ' / ' + rows.length + ' 份';
    table.setAttribute('data-shown', String(shown));
  }
  function readHash() {
    var h = window.location.hash.replace(/^#/, '');
    if (h.indexOf('=') < 0) { return false; }  // a plain anchor (#sub-3) is navigation, not a filter
    var sort = '';
    h.split('&').forEach(function (kv) {
      var at = kv.indexOf('=');
      if (at < 0) { return; }
      var key = decodeURIComponent(kv.slice(0, at));
      var value = decodeURIComponent(kv.slice(at + 1).replace(/\+/g, ' '));
      if (key === 'sort') { sort = value; }
      if (Object.prototype.hasOwnProperty.call(controls, key) && controls[key]) { controls[key].value = value; }
    });
    if (sort && sort !== sortState) { sortByName(table, sort); }
    return true;
  }
  function writeHash() {
    var parts = [];
    Object.keys(controls).forEach(function (key) {
      var v = controls[key] && controls[key].value;
      if (v) { parts.push(key + '=' + encodeURIComponent(v)); }
    });
    if (sortState) { parts.push('sort=' + encodeURIComponent(sortState)); }
    if (window.history && window.history.replaceState) {
      try {
        window.history.replaceState(null, '', parts.length ? '#' + parts.join('&') : window.location.pathname);
      } catch (e) { /* file:// in some browsers refuses; the filter still works */ }
    }
  }
  if (table) {
    Object.keys(controls).forEach(function (key) {
      controls[key].addEventListener(key === 'filter' ? 'input' : 'change', function () { apply(); writeHash(); });
    });
    if (readHash() && controls.filter.value) {
      controls.filter.scrollIntoView();
    }
    apply();
    window.addEventListener('hashchange', function () { if (readHash()) { apply(); } });
  }

  // --- printing shows every collapsed section --------------------------------------------------
  window.addEventListener('beforeprint', function () {
    Array.prototype.forEach.call(document.querySelectorAll('details'), function (d) { d.open = true; });
  });
  document.body.setAttribute('data-ready', '1');
}());
