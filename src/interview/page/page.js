/* The interview page (auditkit interview --format page).
 *
 * Everything the page shows comes from the JSON in #ak-data, written by
 * auditkit, and reaches the document only through textContent and form
 * values: never as markup. The notes are kept in the browser's storage on
 * every keystroke, under a key of this interview's own, and "Save notes"
 * writes them in the notes format of docs/notes-format.md.
 *
 * The time comes from window.akNow when it is a function (a test's clock),
 * else from Date.now; window.akTick() redraws at once. */
(function () {
  'use strict';

  var data = JSON.parse(document.getElementById('ak-data').textContent);
  var KEY = data.key;
  var FRONT = ['interviewee', 'role', 'date', 'auditor', 'audit', 'organisation', 'bank'];

  function now() {
    return typeof window.akNow === 'function' ? Number(window.akNow()) : Date.now();
  }
  function $(id) { return document.getElementById(id); }
  function oneLine(s) { return String(s == null ? '' : s).replace(/[\r\n]+/g, ' '); }
  function text(el, s) { el.textContent = s == null ? '' : String(s); return el; }
  function make(tag, cls, s) {
    var el = document.createElement(tag);
    if (cls) el.className = cls;
    if (s != null) el.textContent = String(s);
    return el;
  }
  function clear(el) { while (el.firstChild) el.removeChild(el.firstChild); }

  /* ---- the items: the opening, the questions, the closing ---- */

  var items = [];
  items.push({ id: 'opening', kind: 'opening', heading: 'Opening', label: 'Opening',
    minutes: data.opening_minutes, question: 'Opening', follow_ups: data.opening || [],
    good: [], check: [], requirement: '' });
  (data.questions || []).forEach(function (q) {
    items.push({ id: q.id, kind: 'question', heading: q.heading, minutes: q.minutes,
      label: q.clause + (q.item ? ' ' + q.item : ''), clause_title: q.clause_title,
      question: q.question, follow_ups: q.follow_ups || [], good: q.good || [],
      check: q.check || [], requirement: q.requirement || '', n: q.n });
  });
  items.push({ id: 'closing', kind: 'closing', heading: 'Closing', label: 'Closing',
    minutes: data.closing_minutes, question: 'Closing', follow_ups: data.closing || [],
    good: [], check: [], requirement: '' });
  var byId = {};
  items.forEach(function (it, i) { byId[it.id] = i; });

  /* ---- state, kept in the browser's storage ---- */

  var state = {
    v: 1, cur: 0, notes: {}, status: {}, spent: {},
    clock: { since: null, elapsed: 0 }, qSince: null, rev: 0,
    front: { interviewee: data.notes.interviewee || '', date: data.notes.date || '',
      auditor: data.notes.auditor || '' },
    extra: []
  };
  var storageOk = true;

  /* Two stores: IndexedDB, each write committed with strict durability so
   * that a crash or a flat battery loses nothing, and localStorage, read at
   * once when the page opens (Chromium writes it to disk only now and
   * then). Each save counts up state.rev; on opening, the newer wins. */
  var db = null, writing = false, again = false, idbOk = false;

  function adopt(raw) {
    var s;
    try { s = JSON.parse(raw); } catch (e) { return false; }
    if (!s || s.v !== 1 || (state.rev || 0) >= (s.rev || 0)) return false;
    ['notes', 'status', 'spent', 'clock', 'front'].forEach(function (k) {
      if (s[k] && typeof s[k] === 'object') state[k] = s[k];
    });
    state.extra = Array.isArray(s.extra) ? s.extra : [];
    state.cur = typeof s.cur === 'number' && s.cur >= 0 && s.cur < items.length ? s.cur : 0;
    state.qSince = typeof s.qSince === 'number' ? s.qSince : null;
    state.rev = s.rev || 0;
    return true;
  }

  function load() {
    var raw = null;
    try { raw = window.localStorage.getItem(KEY); } catch (e) { storageOk = false; }
    if (raw) adopt(raw);
  }

  /* Open the database and take what it holds if it is newer; then cb. */
  function idbLoad(cb) {
    var r;
    try { r = window.indexedDB.open('auditkit', 1); } catch (e) { cb(false); return; }
    r.onupgradeneeded = function () { r.result.createObjectStore('notes'); };
    r.onerror = function () { cb(false); };
    r.onsuccess = function () {
      db = r.result;
      idbOk = true;
      var g;
      try { g = db.transaction('notes', 'readonly').objectStore('notes').get(KEY); }
      catch (e) { cb(false); return; }
      g.onsuccess = function () { cb(typeof g.result === 'string' && adopt(g.result)); };
      g.onerror = function () { cb(false); };
    };
  }

  function idbWrite() {
    if (!db) return;
    if (writing) { again = true; return; }
    writing = true;
    var tx;
    try {
      tx = db.transaction('notes', 'readwrite', { durability: 'strict' });
      tx.objectStore('notes').put(JSON.stringify(state), KEY);
    } catch (e) { writing = false; idbOk = false; return; }
    tx.oncomplete = function () { idbOk = true; done(); };
    tx.onerror = tx.onabort = function () { idbOk = false; done(); warn(); };
    function done() {
      writing = false;
      if (again) { again = false; idbWrite(); }
    }
  }

  function warn() {
    var w = $('storage-warning'), ok = storageOk || idbOk;
    w.hidden = ok;
    if (!ok) text(w, 'This browser is not keeping the notes: use "Save notes" often.');
  }

  function save() {
    state.rev = (state.rev || 0) + 1;
    try {
      window.localStorage.setItem(KEY, JSON.stringify(state));
      storageOk = true;
    } catch (e) {
      storageOk = false;
    }
    idbWrite();
    if (storageOk || idbOk) text($('saved'), 'Saved in this browser.');
    warn();
    renderRecord();
  }

  /* ---- the clock ---- */

  function running() { return state.clock.since != null; }
  function elapsed(t) { return state.clock.elapsed + (running() ? t - state.clock.since : 0); }
  function spent(i, t) {
    var id = items[i].id, s = state.spent[id] || 0;
    if (i === state.cur && running() && state.qSince != null) s += t - state.qSince;
    return s;
  }
  /* Fold the current question's time into spent. */
  function fold(t) {
    if (running() && state.qSince != null) {
      var id = items[state.cur].id;
      state.spent[id] = (state.spent[id] || 0) + (t - state.qSince);
      state.qSince = t;
    }
  }
  function startClock() {
    var t = now();
    if (running()) return;
    state.clock.since = t;
    state.qSince = t;
  }
  function toggleClock() {
    var t = now();
    if (running()) {
      fold(t);
      state.clock.elapsed += t - state.clock.since;
      state.clock.since = null;
      state.qSince = null;
    } else {
      startClock();
    }
    save();
    tick();
  }
  function mmss(ms) {
    var s = Math.max(0, Math.floor(ms / 1000)), m = Math.floor(s / 60);
    s -= m * 60;
    return m + ':' + (s < 10 ? '0' : '') + s;
  }

  /* The questions that will not fit in the time left, in the order they
   * would come: the current one, those after it, then those left to return
   * to; the closing is kept. */
  function unreachable(t) {
    var avail = (data.minutes || data.total_minutes) * 60000;
    var left = avail - elapsed(t), need = 0, out = [], order = [], i;
    if (state.status.closing !== 'asked') need += (data.closing_minutes || 0) * 60000;
    for (i = state.cur; i < items.length; i++) order.push(i);
    for (i = 0; i < state.cur; i++) order.push(i);
    order.forEach(function (k) {
      var it = items[k], st = state.status[it.id];
      if (it.kind !== 'question') return;
      if (k !== state.cur && (st === 'asked' || st === 'skipped')) return;
      if (k < state.cur && st !== 'return') return;
      need += Math.max(0, it.minutes * 60000 - spent(k, t));
      if (need > left) out.push(k);
    });
    return out;
  }

  function tick() {
    var t = now(), el = elapsed(t), avail = (data.minutes || data.total_minutes) * 60000;
    var it = items[state.cur], sp = spent(state.cur, t), budget = it.minutes * 60000;
    text($('clock-time'), mmss(el));
    text($('clock-of'), 'of ' + (data.minutes || data.total_minutes) + ' min' +
      (running() ? '' : (el ? ', paused' : ', not started')));
    $('clock').classList.toggle('over', el > avail);
    text($('btn-clock').firstChild, running() ? 'Pause ' : (el ? 'Resume ' : 'Start '));
    var b = $('q-budget');
    if (sp > budget) {
      text(b, mmss(sp) + ' on this question, ' + Math.ceil((sp - budget) / 60000) +
        ' min over its ' + it.minutes);
      b.classList.add('over');
    } else {
      text(b, mmss(sp) + ' of ' + it.minutes + ' min');
      b.classList.remove('over');
    }
    var un = running() || el ? unreachable(t) : [], reach = $('reach'), seen = {}, names = [];
    un.forEach(function (k) {
      var l = items[k].label;
      if (!seen[l]) { seen[l] = true; names.push(l); }
    });
    reach.hidden = names.length === 0;
    text(reach, names.length ? 'At this pace you will not reach: ' + names.join(', ') : '');
    var lis = $('qlist').children, i;
    for (i = 0; i < lis.length; i++)
      lis[i].firstChild.classList.toggle('unreached', un.indexOf(i) >= 0);
  }

  /* ---- drawing ---- */

  var STATUS = { asked: '\u2713', skipped: '\u21b7', 'return': '\u21ba' };
  var STATUS_WORD = { asked: 'asked', skipped: 'skipped', 'return': 'to return to' };

  function renderList() {
    var ol = $('qlist');
    clear(ol);
    items.forEach(function (it, i) {
      var li = make('li'), btn = make('button'), st = state.status[it.id];
      btn.type = 'button';
      if (st) btn.classList.add(st);
      if (i === state.cur) btn.setAttribute('aria-current', 'step');
      btn.appendChild(make('span', 'st', i === state.cur ? '\u25b6' : (STATUS[st] || '\u00b7')));
      var qt = make('span', 'qt', it.kind === 'question' ? it.n + '. ' + it.label : it.label);
      if (it.kind === 'question') qt.appendChild(make('span', 'qc', it.clause_title));
      btn.appendChild(qt);
      btn.appendChild(make('span', 'qm', it.minutes + '\u2032'));
      btn.setAttribute('aria-label', (it.kind === 'question' ? 'Question ' + it.n + ', ' : '') +
        it.label + (it.clause_title ? ', ' + it.clause_title : '') + ', ' + it.minutes + ' minutes' +
        (st ? ', ' + STATUS_WORD[st] : ''));
      btn.addEventListener('click', function () { go(i); });
      li.appendChild(btn);
      ol.appendChild(li);
    });
  }

  function fillList(ul, values) {
    clear(ul);
    values.forEach(function (v) { ul.appendChild(make('li', null, v)); });
  }

  function renderQuestion() {
    var it = items[state.cur];
    text($('q-meta'), it.kind === 'question'
      ? 'Question ' + it.n + ' of ' + (items.length - 2) + ' \u00b7 ' + it.id + ' \u00b7 ' +
        it.clause_title + ' (' + it.label + ')'
      : it.label);
    text($('q-requirement'), it.requirement);
    text($('q-ask'), it.kind === 'question' ? it.question
      : it.kind === 'opening' ? 'Opening' : 'Closing');
    fillList($('q-follow'), it.follow_ups);
    text($('box-follow').firstElementChild, it.kind === 'question' ? 'Follow up' : 'Say');
    fillList($('q-good'), it.good);
    $('box-good').hidden = it.good.length === 0;
    var box = $('q-check');
    clear(box);
    if (!it.check.length)
      box.appendChild(make('p', 'none', it.kind === 'question'
        ? 'No records to check for this question.' : 'Nothing to check.'));
    it.check.forEach(function (c) {
      box.appendChild(make('h3', null, c.label));
      var ul = make('ul');
      fillList(ul, c.values || []);
      box.appendChild(ul);
    });
    var ta = $('notes');
    ta.value = state.notes[it.id] || '';
    $('btn-prev').disabled = state.cur === 0;
    $('btn-next').disabled = state.cur === items.length - 1;
  }

  function render() {
    renderList();
    renderQuestion();
    tick();
  }

  /* ---- the notes file (docs/notes-format.md) ---- */

  function frontValue(k) {
    if (k === 'interviewee' || k === 'date' || k === 'auditor') return state.front[k] || '';
    return data.notes[k] || '';
  }

  function body(s) {
    s = String(s || '').replace(/\r\n?/g, '\n').replace(/\s+$/, '');
    return s.replace(/^\n+/, '');
  }

  function notesText() {
    var out = '---\nformat: auditkit-notes/1\n';
    FRONT.forEach(function (k) { out += k + ': ' + oneLine(frontValue(k)) + '\n'; });
    out += '---\n';
    state.extra.forEach(function (x) {
      if (x.heading == null) { var b = body(x.body); if (b) out += '\n' + b + '\n'; }
    });
    items.forEach(function (it) {
      if (it.kind === 'closing')
        state.extra.forEach(function (x) {
          if (x.heading == null) return;
          var b = body(x.body);
          out += '\n## ' + oneLine(x.heading) + '\n' + (b ? '\n' + b + '\n' : '');
        });
      var st = state.status[it.id], b = body(state.notes[it.id]);
      out += '\n## ' + it.heading + '\n';
      if (st && it.kind === 'question') out += '<!-- status: ' + st + ' -->\n';
      if (it.kind === 'question') out += '\n> ' + oneLine(it.question) + '\n';
      if (b) out += '\n' + b + '\n';
    });
    return out;
  }

  function parseNotes(s) {
    var lines = String(s).replace(/\r\n?/g, '\n').split('\n'), i = 0, front = {};
    var sections = [], cur = { heading: null, lines: [] };
    if (lines[0] === '---') {
      for (i = 1; i < lines.length && lines[i] !== '---'; i++) {
        var m = /^([a-z_]+):[ \t]?(.*)$/.exec(lines[i]);
        if (m) front[m[1]] = m[2].trim();
      }
      i++;
    }
    for (; i < lines.length; i++) {
      if (/^## /.test(lines[i])) {
        sections.push(cur);
        cur = { heading: lines[i].slice(3), lines: [] };
      } else {
        cur.lines.push(lines[i]);
      }
    }
    sections.push(cur);
    return { front: front, sections: sections };
  }

  /* Continue from an earlier notes file: its notes replace the page's for
   * each section it has; sections the page does not show are kept as they
   * are and written back. */
  function openNotes(s) {
    var p = parseNotes(s);
    ['interviewee', 'date', 'auditor'].forEach(function (k) {
      if (p.front[k]) state.front[k] = p.front[k];
    });
    state.extra = [];
    p.sections.forEach(function (sec) {
      var h = sec.heading, id = h == null ? null : h.split(/[\s:]/)[0], k;
      if (id && /^(opening|closing)$/i.test(id)) id = id.toLowerCase();
      k = id == null ? undefined : byId[id];
      if (k === undefined) {
        var raw = sec.lines.join('\n');
        if (h != null || body(raw)) state.extra.push({ heading: h, body: raw });
        return;
      }
      var keep = [];
      sec.lines.forEach(function (l) {
        var m = /^<!-- status: (asked|skipped|return) -->$/.exec(l);
        if (m) { state.status[id] = m[1]; return; }
        if (/^>/.test(l)) return;
        keep.push(l);
      });
      state.notes[id] = body(keep.join('\n'));
      if (state.notes[id] && !state.status[id] && items[k].kind === 'question')
        state.status[id] = 'asked';
    });
    renderFront();
    save();
    render();
    text($('saved'), 'Continued from the notes file.');
  }

  function slug(s) {
    return String(s || '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
      .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  }

  function download() {
    var name = [slug(frontValue('interviewee')) || slug(data.notes.role),
      slug(frontValue('date'))].filter(Boolean).join('-') + '.md';
    var blob = new Blob([notesText()], { type: 'text/markdown;charset=utf-8' });
    var a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 2000);
    text($('saved'), 'Notes saved as ' + name + '.');
  }

  /* ---- the printed record ---- */

  function renderRecord() {
    var r = $('record');
    clear(r);
    r.appendChild(make('h1', null, document.title));
    var tb = make('table', 'front');
    FRONT.forEach(function (k) {
      var tr = make('tr');
      tr.appendChild(make('td', null, k));
      tr.appendChild(make('td', null, frontValue(k)));
      tb.appendChild(tr);
    });
    r.appendChild(tb);
    items.forEach(function (it) {
      var sec = make('section'), st = state.status[it.id];
      sec.appendChild(make('h2', null, it.kind === 'question'
        ? it.n + '. ' + it.heading : it.heading));
      if (it.kind === 'question') sec.appendChild(make('p', 'rq', it.question));
      if (st) sec.appendChild(make('p', 'rs', STATUS_WORD[st]));
      sec.appendChild(make('pre', null, body(state.notes[it.id]) || '\u2014'));
      r.appendChild(sec);
    });
  }

  /* ---- moving about ---- */

  function go(i) {
    if (i < 0 || i >= items.length || i === state.cur) return;
    fold(now());
    state.cur = i;
    save();
    render();
  }
  function setStatus(st) {
    state.status[items[state.cur].id] = st;
  }
  function next(st) {
    var it = items[state.cur];
    if (st) setStatus(st);
    else if (!state.status[it.id] || state.status[it.id] === 'return') setStatus('asked');
    if (state.cur < items.length - 1) go(state.cur + 1);
    else { save(); render(); }
  }

  /* ---- quick marks (docs/notes-format.md, "Auditor shorthand") ---- */

  function changed() {
    var it = items[state.cur], ta = $('notes');
    state.notes[it.id] = ta.value;
    var st = state.status[it.id];
    if (ta.value && (!st || st === 'skipped') && it.kind === 'question') {
      state.status[it.id] = 'asked';
      renderList();
    }
    if (!running() && !state.clock.elapsed) startClock();
    save();
    tick();
  }

  function setCaret(ta, v, pos) {
    ta.value = v;
    ta.focus();
    ta.setSelectionRange(pos, pos);
  }

  /* A new line with the mark at the end of the notes. */
  function newMarkedLine(m) {
    var ta = $('notes'), v = ta.value.replace(/[ \t]+$/, '');
    if (v && !/\n$/.test(v)) v += '\n';
    if (m === 'E') setCaret(ta, v + '[E: ]', v.length + 4);
    else setCaret(ta, v + m + ' ', v.length + 2);
    changed();
  }

  /* The mark on the line the cursor is on: a mark already there is
   * replaced; "E" adds a record seen at the end of the line. */
  function markLine(m) {
    var ta = $('notes'), v = ta.value, pos = ta.selectionStart;
    var ls = v.lastIndexOf('\n', pos - 1) + 1, le = v.indexOf('\n', pos);
    if (le < 0) le = v.length;
    var line = v.slice(ls, le), nl, caret;
    if (m === 'E') {
      nl = line + (line && !/ $/.test(line) ? ' ' : '') + '[E: ]';
      caret = ls + nl.length - 1;
    } else {
      nl = m + ' ' + line.replace(/^(?:[+?!]|-(?= |$))[ \t]*/, '');
      caret = ls + nl.length;
    }
    setCaret(ta, v.slice(0, ls) + nl + v.slice(le), caret);
    changed();
  }

  /* The mark a key stands for; with Alt (in the notes) the unshifted keys
   * of + ? ! too. */
  function markOf(key, alt) {
    var m = { '+': '+', '-': '-', '?': '?', '!': '!', e: 'E', E: 'E' }[key];
    if (!m && alt) m = { '=': '+', '/': '?', '1': '!' }[key];
    return m;
  }

  /* ---- wiring ---- */

  function renderFront() {
    $('f-interviewee').value = state.front.interviewee || '';
    $('f-date').value = state.front.date || '';
    $('f-auditor').value = state.front.auditor || '';
    var who = [state.front.interviewee, data.organisation, state.front.date, data.bank.standard]
      .filter(Boolean);
    text($('subtitle'), who.join(' \u00b7 '));
  }

  function init() {
    load();
    var t = data.role_title.charAt(0).toUpperCase() + data.role_title.slice(1);
    document.title = 'Interview: ' + data.role_title + ', ' + data.audit_title;
    text($('title'), t + ' \u00b7 ' + data.audit_title);
    renderFront();
    ['interviewee', 'date', 'auditor'].forEach(function (k) {
      $('f-' + k).addEventListener('input', function (e) {
        state.front[k] = e.target.value;
        renderFront();
        save();
      });
    });
    $('notes').addEventListener('input', changed);
    $('notes').addEventListener('keydown', function (e) {
      if (e.key === 'Escape') { e.preventDefault(); $('notes').blur(); return; }
      if (e.altKey && !e.ctrlKey && !e.metaKey && markOf(e.key, true)) {
        e.preventDefault();
        markLine(markOf(e.key, true));
      }
    });
    Array.prototype.forEach.call(document.querySelectorAll('.mark'), function (b) {
      b.addEventListener('click', function () { newMarkedLine(b.getAttribute('data-mark')); });
    });
    $('btn-prev').addEventListener('click', function () { go(state.cur - 1); });
    $('btn-next').addEventListener('click', function () { next(); });
    $('btn-skip').addEventListener('click', function () { next('skipped'); });
    $('btn-return').addEventListener('click', function () { next('return'); });
    $('btn-clock').addEventListener('click', toggleClock);
    $('btn-save').addEventListener('click', download);
    $('btn-open').addEventListener('click', function () { $('file-open').click(); });
    $('file-open').addEventListener('change', function (e) {
      var f = e.target.files && e.target.files[0];
      if (!f) return;
      var rd = new FileReader();
      rd.onload = function () { openNotes(String(rd.result)); e.target.value = ''; };
      rd.readAsText(f, 'utf-8');
    });
    document.addEventListener('keydown', function (e) {
      var tag = e.target && e.target.tagName;
      if (tag === 'TEXTAREA' || tag === 'INPUT' || e.ctrlKey || e.metaKey || e.altKey) return;
      var k = e.key, m = markOf(k, false);
      if (tag === 'BUTTON' && (k === 'Enter' || k === ' ')) return;
      if (k === 'ArrowRight' || k === 'n' || k === 'j') next();
      else if (k === 'ArrowLeft' || k === 'p' || k === 'k') go(state.cur - 1);
      else if (k === 's') next('skipped');
      else if (k === 'r') next('return');
      else if (k === 't') toggleClock();
      else if (k === 'Enter' || k === 'i') {
        var ta = $('notes');
        setCaret(ta, ta.value, ta.value.length);
      } else if (m) newMarkedLine(m);
      else return;
      e.preventDefault();
    });
    window.addEventListener('pagehide', save);
    document.addEventListener('visibilitychange', save);
    window.addEventListener('beforeprint', function () { fold(now()); renderRecord(); });
    window.akTick = tick;
    window.akNotesText = notesText;
    render();
    setInterval(tick, 1000);
    idbLoad(function (newer) {
      if (newer) { renderFront(); render(); }
      save();
      window.akReady = true;
    });
  }

  init();
}());
