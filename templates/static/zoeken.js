// Full-text search of the report, in the browser only. The index
// (static/zoekindex.js, written by jaarrapport from the report) is a script
// that sets one global: a page opened from disk may load a script of its
// own but may not fetch a JSON file. It is loaded the first time the search
// field is used, so the home page stays light for a large report.
//
// Matching ignores case and accents ("geinformeerd" finds "geïnformeerd");
// an identifier in any spelling ("2.1a", "2.1 A", "2.1.a") finds 2.1.A.
// Every word must occur in the document (title or passages), anywhere in a
// word, so a part of a compound finds it. Text from the index only ever
// becomes text nodes, never markup.
(function () {
  "use strict";
  var form = document.getElementById("zoekformulier");
  var input = document.getElementById("zoekterm");
  var count = document.getElementById("zoek-telling");
  var list = document.getElementById("zoekresultaten");
  var withoutScript = document.getElementById("zoeken-zonder-script");
  if (!form || !input || !count || !list) { return; }
  form.hidden = false;
  if (withoutScript) { withoutScript.hidden = true; }

  var MAX_SHOWN = 50;
  var SNIPPET = 220;
  var PASSAGES_SHOWN = 3;
  var docs = null;
  var labels = [];
  var loading = false;
  var timer = null;

  // Lower case without accents, as many UTF-16 units as `s`, so a match in
  // the folded text is at the same place in the original.
  function fold(s) {
    var lower = s.toLowerCase();
    if (lower.length === s.length && !/[^\x00-\x7f]/.test(lower)) { return lower; }
    var out = [];
    for (var i = 0; i < s.length; i += 1) {
      var c = s.charAt(i);
      if (s.charCodeAt(i) < 128) { out.push(c.toLowerCase()); continue; }
      var f = c.normalize("NFD").charAt(0).toLowerCase();
      out.push(f.length === 1 ? f : c);
    }
    return out.join("");
  }

  function escapeRegExp(s) { return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }

  // Identifiers as writers type them: 2.1.A, 2.1 A, 2.1a, 2.1.a.
  var ID = /(?<![\d.])(\d{1,3})\s*\.\s*(\d{1,3})(?:\s*\.\s*|\s+)?([a-z])(?![a-z\d])/g;

  // The query as terms: { re: a RegExp over folded text, id: "2.1.A" or "" }.
  function terms(query) {
    var out = [];
    var rest = fold(query).replace(ID, function (all, theme, group, letter) {
      out.push({
        id: theme + "." + group + "." + letter.toUpperCase(),
        re: new RegExp("(?<![\\d.])" + theme + "\\s*\\.\\s*" + group + "(?:\\s*\\.\\s*|\\s+)?" + letter + "(?![a-z\\d])", "g"),
      });
      return " ";
    });
    rest.split(/\s+/).forEach(function (word) {
      var w = word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "");
      if (w.length >= 2) { out.push({ id: "", re: new RegExp(escapeRegExp(w), "g") }); }
    });
    return out;
  }

  function has(re, text) {
    re.lastIndex = 0;
    return re.test(text);
  }

  function prepare(index) {
    labels = index.soorten;
    docs = index.documenten.map(function (d, n) {
      return {
        n: n,
        url: d.u,
        id: d.i,
        title: d.t,
        status: d.s || null,
        ftitle: fold(d.i ? d.i + " " + d.t : d.t),
        passages: d.p.map(function (p) { return { label: labels[p[0]] || "", text: p[1], folded: fold(p[1]) }; }),
      };
    });
  }

  function load() {
    if (docs || loading) { return; }
    loading = true;
    var script = document.createElement("script");
    script.src = "static/zoekindex.js";
    script.onload = function () {
      if (!window.jaarrapportZoekindex) { count.textContent = "De zoekindex kon niet worden geladen."; return; }
      prepare(window.jaarrapportZoekindex);
      search();
    };
    script.onerror = function () { count.textContent = "De zoekindex kon niet worden geladen."; };
    document.head.appendChild(script);
  }

  function hits(re, text) {
    re.lastIndex = 0;
    var found = [];
    var m;
    while ((m = re.exec(text)) !== null) {
      found.push([m.index, m.index + m[0].length]);
      if (m[0].length === 0) { re.lastIndex += 1; }
    }
    return found;
  }

  // A document matches when every term is in its title, is its identifier,
  // or is in one of its passages. Title and identifier weigh most. Its
  // passages that hold a term come along, those with the most terms first.
  function score(doc, ts) {
    var total = 0;
    for (var t = 0; t < ts.length; t += 1) {
      var term = ts[t];
      var s = 0;
      if (term.id && term.id === doc.id) { s += 100; }
      if (has(term.re, doc.ftitle)) { s += 10; }
      for (var p = 0; p < doc.passages.length; p += 1) {
        if (has(term.re, doc.passages[p].folded)) { s += 1; }
      }
      if (s === 0) { return null; }
      total += s;
    }
    var passages = [];
    doc.passages.forEach(function (passage, at) {
      var n = ts.filter(function (term) { return has(term.re, passage.folded); }).length;
      if (n > 0) { passages.push({ passage: passage, n: n, at: at }); }
    });
    passages.sort(function (a, b) { return b.n - a.n || a.at - b.at; });
    // Found by its title or identifier alone: its first passage (the
    // summary) says what it is about.
    if (!passages.length && doc.passages.length) { passages.push({ passage: doc.passages[0] }); }
    return { doc: doc, score: total, passages: passages.map(function (p) { return p.passage; }) };
  }

  // `text` with every match of `ts` in <mark>, cut to a window around the
  // first match when `cut` is set.
  function marked(text, folded, ts, cut) {
    var ranges = [];
    ts.forEach(function (t) { ranges = ranges.concat(hits(t.re, folded)); });
    ranges.sort(function (a, b) { return a[0] - b[0]; });
    var start = 0;
    var end = text.length;
    if (cut && text.length > SNIPPET) {
      var first = ranges.length ? ranges[0][0] : 0;
      start = Math.max(0, first - 60);
      if (start > 0) { var space = text.indexOf(" ", start); if (space >= 0 && space < first) { start = space + 1; } }
      end = Math.min(text.length, start + SNIPPET);
      if (end < text.length) { var back = text.lastIndexOf(" ", end); if (back > start) { end = back; } }
    }
    var frag = document.createDocumentFragment();
    if (start > 0) { frag.appendChild(document.createTextNode("… ")); }
    var at = start;
    ranges.forEach(function (r) {
      var from = Math.max(r[0], at);
      var to = Math.min(r[1], end);
      if (to <= from) { return; }
      frag.appendChild(document.createTextNode(text.slice(at, from)));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(from, to);
      frag.appendChild(mark);
      at = to;
    });
    frag.appendChild(document.createTextNode(text.slice(at, end)));
    if (end < text.length) { frag.appendChild(document.createTextNode(" …")); }
    return frag;
  }

  function result(r, ts) {
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.href = r.doc.url;
    var title = r.doc.id ? r.doc.id + " " + r.doc.title : r.doc.title;
    a.appendChild(marked(title, fold(title), ts, false));
    li.appendChild(a);
    // A recommendation's status, as the badge on its page.
    if (r.doc.status) {
      var badge = document.createElement("span");
      badge.className = "status status-" + Number(r.doc.status[0]);
      var dot = document.createElement("span");
      dot.className = "status-bol";
      dot.setAttribute("aria-hidden", "true");
      badge.appendChild(dot);
      badge.appendChild(document.createTextNode(String(r.doc.status[1])));
      li.appendChild(document.createTextNode(" "));
      li.appendChild(badge);
    }
    r.passages.slice(0, PASSAGES_SHOWN).forEach(function (passage) {
      var p = document.createElement("p");
      var label = document.createElement("span");
      label.className = "zoek-soort";
      label.textContent = passage.label + ": ";
      p.appendChild(label);
      p.appendChild(marked(passage.text, passage.folded, ts, true));
      li.appendChild(p);
    });
    var more = r.passages.length - PASSAGES_SHOWN;
    if (more > 0) {
      var rest = document.createElement("p");
      rest.className = "zoek-soort";
      rest.textContent = "En " + more + (more === 1 ? " andere passage" : " andere passages") + " op deze plek.";
      li.appendChild(rest);
    }
    return li;
  }

  var fromAddress = new URLSearchParams(window.location.search).get("zoek");
  var landed = false;

  function search() {
    var query = input.value.trim();
    list.textContent = "";
    if (!query) { count.textContent = ""; return; }
    if (!docs) { load(); count.textContent = "Zoeken…"; return; }
    var ts = terms(query);
    if (!ts.length) { count.textContent = "Typ ten minste twee letters."; return; }
    var found = [];
    for (var i = 0; i < docs.length; i += 1) {
      var r = score(docs[i], ts);
      if (r) { found.push(r); }
    }
    found.sort(function (a, b) { return b.score - a.score || a.doc.n - b.doc.n; });
    found.slice(0, MAX_SHOWN).forEach(function (r) { list.appendChild(result(r, ts)); });
    var quoted = "‘" + query + "’";
    if (found.length === 0) {
      count.textContent = "Geen resultaten voor " + quoted + ".";
    } else if (found.length > MAX_SHOWN) {
      count.textContent = found.length + " resultaten voor " + quoted + "; de eerste " + MAX_SHOWN + " staan hieronder.";
    } else {
      count.textContent = found.length + (found.length === 1 ? " resultaat" : " resultaten") + " voor " + quoted + ".";
    }
    // A search from the address lands on its results, on any screen.
    if (fromAddress && !landed) {
      landed = true;
      var top = input.closest("section") || count;
      top.scrollIntoView({ block: "start" });
    }
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    if (timer) { clearTimeout(timer); }
    search();
  });
  input.addEventListener("focus", load);
  input.addEventListener("input", function () {
    load();
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(search, 200);
  });
  // A query in the address (index.html?zoek=certificering), or one the
  // browser kept when the reader came back to the page.
  if (fromAddress) { input.value = fromAddress; }
  window.addEventListener("pageshow", function () { if (input.value.trim()) { search(); } });
}());
