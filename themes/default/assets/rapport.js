// Progressive enhancement only: every page works without this script.
// Sortable tables (th[data-sort]), filters for the accounts list, the print
// button, and search over search-index.json. In an encrypted portal the
// page is shown by unlock.js, which lends its query, its files and its
// address as window.rapportViewer (README, "Publishing privately").
(function () {
  "use strict";
  var viewer = window.rapportViewer;
  var each = function (list, fn) { Array.prototype.forEach.call(list, fn); };

  // --- Sorting -------------------------------------------------------------
  function cellValue(row, index, kind) {
    var cell = row.cells[index];
    var raw = cell.getAttribute("data-value");
    var text = raw !== null ? raw : cell.textContent.trim();
    return kind === "number" ? parseFloat(text) || 0 : text.toLowerCase();
  }

  function sortBy(table, header, index) {
    var kind = header.getAttribute("data-sort");
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = cellValue(a, index, kind), y = cellValue(b, index, kind);
      var order = x < y ? -1 : x > y ? 1 : 0;
      return ascending ? order : -order;
    });
    var fragment = document.createDocumentFragment();
    rows.forEach(function (row) { fragment.appendChild(row); });
    body.appendChild(fragment);
    each(table.querySelectorAll("th[data-sort]"), function (th) { th.removeAttribute("aria-sort"); });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }

  each(document.querySelectorAll("table.sortable"), function (table) {
    each(table.querySelectorAll("th[data-sort]"), function (header, index) {
      // A button inside the header: focusable, announced, and activated by
      // Enter and Space without extra key handling.
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort-button";
      while (header.firstChild) button.appendChild(header.firstChild);
      header.appendChild(button);
      button.addEventListener("click", function () { sortBy(table, header, index); });
    });
  });

  // --- Filters ---------------------------------------------------------------
  each(document.querySelectorAll("form[data-filter-table]"), function (form) {
    var table = document.getElementById(form.getAttribute("data-filter-table"));
    if (!table) return;
    form.hidden = false;
    var count = form.querySelector("[data-filter-count]");
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    function apply() {
      var text = form.querySelector("[data-filter=text]").value.trim().toLowerCase();
      var wanted = {};
      each(form.querySelectorAll("select[data-filter]"), function (select) {
        wanted[select.getAttribute("data-filter")] = select.value;
      });
      var shown = 0;
      each(table.tBodies[0].rows, function (row) {
        var visible = text === "" || row.textContent.toLowerCase().indexOf(text) !== -1;
        Object.keys(wanted).forEach(function (key) {
          if (wanted[key] !== "" && row.getAttribute("data-" + key) !== wanted[key]) visible = false;
        });
        row.hidden = !visible;
        if (visible) shown += 1;
      });
      if (count) count.textContent = shown + " of " + table.tBodies[0].rows.length + " accounts shown";
    }
    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
  });

  // --- Printing --------------------------------------------------------------
  each(document.querySelectorAll("[data-print]"), function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
  // Closed <details> would print empty: open them for printing, then restore.
  var reopened = [];
  window.addEventListener("beforeprint", function () {
    each(document.querySelectorAll("details:not([open]):not(.no-print)"), function (details) {
      details.open = true;
      reopened.push(details);
    });
  });
  window.addEventListener("afterprint", function () {
    reopened.forEach(function (details) { details.open = false; });
    reopened = [];
  });

  // --- Search ----------------------------------------------------------------
  var searchForm = document.querySelector("form[data-search-index]");
  if (searchForm) {
    var input = searchForm.querySelector("input[name=q]");
    var status = document.getElementById("search-status");
    var results = document.getElementById("search-results");
    var root = searchForm.getAttribute("data-search-root");
    var index = null;

    var render = function () {
      var query = input.value.trim().toLowerCase();
      results.textContent = "";
      if (!index) return;
      if (query === "") { status.textContent = index.length + " entries to search."; return; }
      var tokens = query.split(/\s+/);
      var hits = [];
      index.forEach(function (entry, position) {
        var title = entry.t.toLowerCase();
        var haystack = title + " " + entry.d.toLowerCase() + " " + entry.k.toLowerCase();
        for (var i = 0; i < tokens.length; i++) if (haystack.indexOf(tokens[i]) === -1) return;
        var rank = title.indexOf(query) === 0 ? 0 : title.indexOf(query) !== -1 ? 1 : 2;
        hits.push({ entry: entry, rank: rank, position: position });
      });
      hits.sort(function (a, b) { return a.rank - b.rank || a.position - b.position; });
      status.textContent = hits.length === 0 ? "No match for “" + input.value.trim() + "”."
        : hits.length + (hits.length === 1 ? " match" : " matches") + (hits.length > 50 ? ", first 50 shown." : ".");
      hits.slice(0, 50).forEach(function (hit) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = root + hit.entry.u;
        link.textContent = hit.entry.t;
        var kind = document.createElement("span");
        kind.className = "kind";
        kind.textContent = hit.entry.k;
        var detail = document.createElement("span");
        detail.className = "meta";
        detail.textContent = hit.entry.d;
        item.appendChild(kind);
        item.appendChild(link);
        item.appendChild(detail);
        results.appendChild(item);
      });
    };

    var params = new URLSearchParams(viewer ? viewer.query : window.location.search);
    input.value = params.get("q") || "";
    status.textContent = "Loading the search index…";
    var load = viewer ? viewer.fetch : function (url) { return window.fetch(url); };
    load(searchForm.getAttribute("data-search-index"))
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (data) { index = data; render(); })
      .catch(function () {
        status.textContent = "The search index could not be loaded. Opened from disk, browsers block it: "
          + "serve the portal folder over HTTP, or use the lists in the menu.";
      });
    input.addEventListener("input", function () {
      render();
      if (viewer) { viewer.setQuery(input.value.trim()); return; }
      var url = new URL(window.location.href);
      if (input.value.trim() === "") url.searchParams.delete("q"); else url.searchParams.set("q", input.value.trim());
      window.history.replaceState(null, "", url);
    });
    searchForm.addEventListener("submit", function (event) { event.preventDefault(); render(); });
  }
})();
