// The report's script, inlined into the page: it draws the lanes from the data block the
// page carries (the trace's JSON lines and the swimlanes read from them), opens and folds
// quiet stretches, shows a cell's details on click, and copies the replay command. It is
// plain browser JavaScript kept as a string, so that it runs unchanged from a file opened
// from disk; every piece of data goes into the page as text, never as markup.
export const PAGE_SCRIPT = String.raw`
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var S = data.swimlanes;
  var lines = data.lines;
  var nSteps = S.steps.length;
  var nLanes = S.lanes.length;
  var GLYPH = data.glyphs;
  // Rows of bars a lane grows to; bars past them are counted in the cell, and named in its tooltip and details.
  var MAX_ROWS = 8;
  var ROW_PX = 8;
  var opened = {};
  var selected = null;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  // Per lane, per step: the marks in the cell and the spans across it.
  var marksAt = new Array(nLanes * nSteps);
  S.marks.forEach(function (m) {
    var k = m.lane * nSteps + m.step;
    (marksAt[k] = marksAt[k] || []).push(m);
  });
  var spansAt = new Array(nLanes * nSteps);
  S.spans.forEach(function (sp, index) {
    for (var s = sp.from; s <= sp.to; s++) {
      var k = sp.lane * nSteps + s;
      (spansAt[k] = spansAt[k] || []).push(index);
    }
  });
  // Each span keeps one row of its lane from start to end (a bar that moved up when an
  // earlier one ended would read as two): the lowest row free since before it began.
  var rowOf = [];
  var rowEnds = {};
  S.spans.map(function (_, i) { return i; }).sort(function (a, b) { return S.spans[a].from - S.spans[b].from || a - b; }).forEach(function (i) {
    var sp = S.spans[i];
    var ends = rowEnds[sp.lane] = rowEnds[sp.lane] || [];
    var row = 0;
    while (row < ends.length && ends[row] >= sp.from) row++;
    ends[row] = sp.to;
    rowOf[i] = row;
  });
  var laneRows = S.lanes.map(function () { return 1; });
  S.spans.forEach(function (sp, i) { laneRows[sp.lane] = Math.max(laneRows[sp.lane], Math.min(MAX_ROWS, rowOf[i] + 1)); });
  function laneHeight(lane) { return Math.max(30, 18 + laneRows[lane] * ROW_PX) + 'px'; }
  var stretchOf = new Array(nSteps);
  S.stretches.forEach(function (st, i) { for (var s = st.from; s <= st.to; s++) stretchOf[s] = i; });

  var failingStep = data.failingStep;
  var culprits = {};
  data.violations.forEach(function (v) {
    if (v.step === undefined) return;
    var lane = S.lanes.findIndex(function (l) { return l.id === v.actor; });
    if (lane >= 0) culprits[lane * nSteps + v.step] = true;
  });

  // Columns: a step each, or a whole quiet stretch folded into one.
  function slots() {
    var out = [];
    for (var s = 0; s < nSteps; s++) {
      var st = stretchOf[s];
      if (st !== undefined && !opened[st]) {
        out.push({ stretch: st, from: S.stretches[st].from, to: S.stretches[st].to });
        s = S.stretches[st].to;
      } else out.push({ from: s, to: s });
    }
    return out;
  }

  function headCell(slot) {
    var c;
    if (slot.stretch !== undefined) {
      var st = S.stretches[slot.stretch];
      c = el('div', 'cell head stretch', '⋯' + (st.to - st.from + 1));
      c.title = st.summary + ' — click to open';
      c.dataset.stretch = String(slot.stretch);
    } else {
      var info = S.steps[slot.from];
      c = el('div', 'cell head');
      c.appendChild(el('div', '', String(slot.from)));
      c.appendChild(el('div', '', '+' + info.t));
      c.title = 'step ' + slot.from + ' at t+' + info.t + 'ms' + (info.choice ? ': picked ' + info.choice.picked + ' (' + info.choice.index + ' of ' + info.choice.of + ' enabled)' : '');
      c.dataset.step = String(slot.from);
      if (S.cut && S.cut.step === slot.from) {
        c.classList.add('cut');
        c.firstChild.textContent = '✂ ' + slot.from;
        c.title += '\n' + S.cut.detail + S.cut.files.map(function (f) { return '\n' + f.path + ': ' + f.durableBytes + ' durable, ' + f.keptBytes + ' kept, ' + f.lostBytes + ' lost'; }).join('');
      }
    }
    if (failingStep >= slot.from && failingStep <= slot.to) c.classList.add('failing');
    return c;
  }

  function laneCell(lane, slot) {
    var c = el('div', 'cell');
    c.dataset.lane = String(lane);
    var titles = [];
    var segs = {};
    var glyphs = [];
    for (var s = slot.from; s <= slot.to; s++) {
      var k = lane * nSteps + s;
      (spansAt[k] || []).forEach(function (i) { segs[i] = true; });
      (marksAt[k] || []).forEach(function (m) { glyphs.push(m); titles.push(m.kind === 'ack' ? m.title + ' — ' + promisedText(S.lanes[lane].id, m.step) : m.title); });
      if (culprits[k]) c.classList.add('culprit');
    }
    c.style.height = laneHeight(lane);
    var hidden = 0;
    Object.keys(segs).map(Number).sort(function (a, b) { return a - b; }).forEach(function (i) {
      var sp = S.spans[i];
      titles.unshift(sp.title);
      if (rowOf[i] >= MAX_ROWS) { hidden++; return; }
      var seg = el('i', 'seg seg-' + sp.kind + ' d' + rowOf[i]);
      seg.style.top = (3 + rowOf[i] * ROW_PX) + 'px';
      seg.dataset.span = String(i);
      if (sp.from >= slot.from && sp.from <= slot.to) {
        seg.classList.add('first');
        // A label is cut at its bar's end, so that labels in a row never print over each other.
        var label = el('span', 'seg-label d' + rowOf[i], sp.label);
        label.style.top = (rowOf[i] * ROW_PX) + 'px';
        label.style.maxWidth = 'calc(var(--col) * ' + (slotAt[sp.to] - slotAt[sp.from] + 1) + ' - 5px)';
        c.appendChild(label);
      }
      if (sp.to >= slot.from && sp.to <= slot.to) seg.classList.add('last');
      if (sp.open) seg.classList.add('open');
      c.appendChild(seg);
    });
    if (hidden) c.appendChild(el('span', 'overflow', '+' + hidden));
    if (glyphs.length) {
      var marks = el('div', 'marks');
      glyphs.slice(0, 4).forEach(function (m) { marks.appendChild(el('span', 'm-' + m.kind, GLYPH[m.kind] || '•')); });
      if (glyphs.length > 4) marks.appendChild(el('span', 'm-answered', '+'));
      c.appendChild(marks);
    }
    if (slot.stretch !== undefined) { c.classList.add('stretch'); c.dataset.stretch = String(slot.stretch); titles.unshift(S.stretches[slot.stretch].summary); }
    else c.dataset.step = String(slot.from);
    if (S.cut && S.cut.step >= slot.from && S.cut.step <= slot.to) c.classList.add('cut');
    if (failingStep >= slot.from && failingStep <= slot.to) c.classList.add('failing');
    if (titles.length) c.title = titles.join('\n');
    return c;
  }

  // The column each step is drawn in, for the layout being drawn.
  var slotAt = [];

  function render() {
    var grid = document.getElementById('lanes');
    var list = slots();
    list.forEach(function (slot, i) { for (var s = slot.from; s <= slot.to; s++) slotAt[s] = i; });
    grid.textContent = '';
    grid.style.setProperty('--slots', String(list.length));
    grid.appendChild(el('div', 'cell head label', 'step / t+ms'));
    list.forEach(function (slot) { grid.appendChild(headCell(slot)); });
    S.lanes.forEach(function (lane, l) {
      var label = el('div', 'cell label lane-label', lane.label);
      label.style.height = laneHeight(l);
      label.dataset.laneKind = lane.kind;
      label.title = lane.label;
      grid.appendChild(label);
      list.forEach(function (slot) { grid.appendChild(laneCell(l, slot)); });
    });
    document.getElementById('slot-count').textContent = list.length + ' columns for ' + nSteps + ' steps';
  }

  // What the acknowledgement answered in this lane at this step promised: the items accepted before it began.
  function promisedText(actor, step) {
    var ack = data.acks.find(function (a) { return a.actor === actor && a.settledStep === step; });
    if (!ack) return 'promised: (not an acknowledgement the checks count)';
    var more = ack.promisedCount > ack.promised.length ? ' and ' + (ack.promisedCount - ack.promised.length) + ' more' : '';
    return 'promised ' + ack.promisedCount + ' item(s): ' + (ack.promised.join(', ') + more || 'none');
  }

  function entryLines(indices) {
    return indices.map(function (i) { return lines[i]; });
  }

  function showStep(step, lane) {
    var box = document.getElementById('details-body');
    box.textContent = '';
    var info = S.steps[step];
    var where = 'step ' + step + ' at t+' + info.t + 'ms' + (lane === undefined ? '' : ' — lane ' + S.lanes[lane].label);
    box.appendChild(el('h2', 'details-title', where));
    if (info.choice) {
      box.appendChild(el('div', 'choice', 'scheduler choice: event ' + info.choice.picked + ' — index ' + info.choice.index + ' of ' + info.choice.of + ' enabled'));
    }
    var shown = {};
    var related = [];
    if (lane !== undefined) {
      var k = lane * nSteps + step;
      (spansAt[k] || []).forEach(function (i) {
        var sp = S.spans[i];
        box.appendChild(el('div', 'span-title', (sp.kind === 'call' ? 'call' : sp.kind === 'fs' ? 'file operation' : 'parked') + ' from step ' + sp.from + ' to ' + sp.to + ': ' + sp.title));
        sp.entries.forEach(function (e) { if (!shown[e]) { shown[e] = true; related.push(e); } });
      });
      (marksAt[k] || []).forEach(function (m) {
        box.appendChild(el('div', 'mark-title m-' + m.kind, (GLYPH[m.kind] || '•') + ' ' + m.title));
        if (m.kind === 'ack') box.appendChild(el('div', 'promised', promisedText(S.lanes[lane].id, step)));
        m.entries.forEach(function (e) { if (!shown[e]) { shown[e] = true; related.push(e); } });
      });
      if (culprits[k]) data.violations.forEach(function (v) { if (v.step === step) box.appendChild(el('div', 'mark-title m-failed', '✗ ' + v.invariant + ' broke here: ' + v.message)); });
      if (related.length === 0) box.appendChild(el('div', 'hint', 'nothing happens in this lane at this step'));
    } else {
      // The whole step: what broke here too (a run judged at its end broke at its last step).
      data.violations.forEach(function (v) {
        if (v.step === step || (v.step === undefined && step === S.end.step)) box.appendChild(el('div', 'mark-title m-failed', '✗ ' + v.invariant + ' broke here: ' + v.message));
      });
      related = info.entries;
    }
    if (related.length) {
      box.appendChild(el('div', 'hint', 'trace entries (the JSON lines the trace hash covers):'));
      box.appendChild(el('pre', 'entries', entryLines(related.sort(function (a, b) { return a - b; })).join('\n')));
    }
    if (lane !== undefined && info.entries.length) {
      var all = el('details', 'all-entries');
      all.appendChild(el('summary', '', 'every entry at step ' + step + ' (' + info.entries.length + ')'));
      all.appendChild(el('pre', '', entryLines(info.entries).join('\n')));
      box.appendChild(all);
    }
    var panel = document.getElementById('details');
    panel.hidden = false;
    // Below the lanes, never over them: brought into view with as little scrolling as will do.
    panel.scrollIntoView({ block: 'nearest' });
  }

  function select(cell) {
    if (selected) selected.classList.remove('selected');
    selected = cell;
    if (cell) cell.classList.add('selected');
  }

  document.getElementById('lanes').addEventListener('click', function (ev) {
    var cell = ev.target.closest('.cell');
    if (!cell || cell.classList.contains('label')) return;
    if (cell.dataset.stretch !== undefined) { opened[cell.dataset.stretch] = true; render(); return; }
    if (cell.dataset.step === undefined) return;
    select(cell);
    showStep(Number(cell.dataset.step), cell.dataset.lane === undefined ? undefined : Number(cell.dataset.lane));
  });

  function goToStep(step) {
    var st = stretchOf[step];
    if (st !== undefined && !opened[st]) { opened[st] = true; render(); }
    var head = document.querySelector('#lanes .head[data-step="' + step + '"]');
    if (head) { head.scrollIntoView({ block: 'nearest', inline: 'center' }); select(head); showStep(step); }
  }

  Array.prototype.forEach.call(document.querySelectorAll('[data-goto]'), function (b) {
    b.addEventListener('click', function () { goToStep(Number(b.dataset.goto)); });
  });
  document.getElementById('open-all').addEventListener('click', function () { S.stretches.forEach(function (_, i) { opened[i] = true; }); render(); });
  document.getElementById('fold-all').addEventListener('click', function () { opened = {}; render(); });
  document.getElementById('goto-go').addEventListener('click', function () {
    var step = Number(document.getElementById('goto-step').value);
    if (step >= 0 && step < nSteps) goToStep(Math.floor(step));
  });
  document.getElementById('zoom').addEventListener('input', function (ev) { document.documentElement.style.setProperty('--col', ev.target.value + 'px'); });
  document.getElementById('copy-replay').addEventListener('click', function () {
    var code = document.getElementById('replay-command');
    var done = function (what) { document.getElementById('copy-state').textContent = what; };
    var range = document.createRange();
    range.selectNodeContents(code);
    var sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
    if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(code.textContent).then(function () { done('copied'); }, function () { done('selected: press Ctrl+C'); });
    else done(document.execCommand && document.execCommand('copy') ? 'copied' : 'selected: press Ctrl+C');
  });

  render();
  document.body.dataset.rendered = 'true';
})();
`;
