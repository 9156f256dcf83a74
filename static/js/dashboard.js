// 统计看板: each <section data-chart="url"> fetches its JSON once per month chosen and draws
// the chart and its data table from the same numbers. Clicking a bar (or a number in the
// table) opens the list behind it; a unit's bar (over many sections the charts group by unit)
// drills into that unit's sections. The chart may draw only the worst rows (the JSON says which,
// with a caption); the table always holds every row, sortable and paged. No inline script:
// the CSP allows none.
(function () {
  "use strict";

  var PAGE = 20;
  // Each at least 4.5:1 on white (WCAG AA), and told apart by hue.
  var COLOURS = ["#b71c1c", "#0a58ca", "#8a5300", "#2e7d32"];
  var TEXT = "#212529";

  // The row (index into categories) behind the bar drawn at ``dataIndex``.
  function rowOf(data, dataIndex) {
    return data.shown ? data.shown[dataIndex] : dataIndex;
  }

  function linkOf(data, seriesIndex, row) {
    var series = data.series[seriesIndex] || {};
    return (series.links || data.links || [])[row] || "";
  }

  function show(value, unit) {
    if (value === null || value === undefined) { return "—"; }
    return unit === "%" ? value + "%" : String(value);
  }

  function drillButton(card, data, row) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-link btn-sm p-0 align-baseline text-start";
    button.textContent = data.categories[row];
    button.title = "查看" + data.categories[row] + "的各科室";
    button.addEventListener("click", function () { drill(card, data.drill[row], data.categories[row]); });
    return button;
  }

  function sortValue(row, column) {
    if (column === 0) { return row.cells[0].textContent; }
    var value = row.cells[column].dataset.value;
    return value === "" ? null : Number(value);
  }

  // Sorts the body by one column (numbers; rows without a value last) and shows page one.
  function sortBy(t, column, descending) {
    var rows = Array.prototype.slice.call(t.tBodies[0].rows);
    rows.sort(function (a, b) {
      var x = sortValue(a, column), y = sortValue(b, column);
      if (x === y) { return Number(a.dataset.order) - Number(b.dataset.order); }
      if (x === null) { return 1; }
      if (y === null) { return -1; }
      var order = typeof x === "string" ? x.localeCompare(y, "zh-CN") : x - y;
      return descending ? -order : order;
    });
    rows.forEach(function (r) { t.tBodies[0].appendChild(r); });
    Array.prototype.forEach.call(t.tHead.rows[0].cells, function (th, i) {
      th.setAttribute("aria-sort", i === column ? (descending ? "descending" : "ascending") : "none");
    });
  }

  // Rows beyond one page stay in the table (hidden), so the table holds every row.
  function paginate(box, t) {
    var rows = t.tBodies[0].rows;
    var pages = Math.ceil(rows.length / PAGE);
    var nav = box.querySelector("[data-table-pages]");
    if (pages <= 1) { if (nav) { nav.remove(); } return function () {}; }
    nav = document.createElement("div");
    nav.className = "d-flex align-items-center gap-2 mt-2";
    nav.dataset.tablePages = "";
    var previous = document.createElement("button");
    var next = document.createElement("button");
    var status = document.createElement("span");
    status.setAttribute("aria-live", "polite");
    [previous, next].forEach(function (b) { b.type = "button"; b.className = "btn btn-outline-secondary btn-sm"; });
    previous.textContent = "上一页";
    next.textContent = "下一页";
    nav.append(previous, status, next);
    box.appendChild(nav);
    var page = 0;
    function go(n) {
      page = Math.max(0, Math.min(pages - 1, n));
      Array.prototype.forEach.call(t.tBodies[0].rows, function (r, i) {
        r.hidden = Math.floor(i / PAGE) !== page;
      });
      status.textContent = "第 " + (page + 1) + " / " + pages + " 页（共 " + rows.length + " 行）";
      previous.disabled = page === 0;
      next.disabled = page === pages - 1;
    }
    previous.addEventListener("click", function () { go(page - 1); });
    next.addEventListener("click", function () { go(page + 1); });
    go(0);
    return function () { go(0); };
  }

  function table(card, data) {
    var box = card.querySelector("[data-chart-table]");
    var t = document.createElement("table");
    t.className = "table table-sm table-striped mb-0";
    var caption = t.createCaption();
    caption.textContent = data.title + "（" + data.period + (data.unit ? "，单位：" + data.unit : "") +
      (card._unitName ? "，" + card._unitName : "") + "）" +
      (data.caption ? "。图：" + data.caption + "；本表列出全部 " + data.categories.length + " 行" : "");
    var head = t.createTHead().insertRow();
    var firstPage = function () {};
    [data.drill.length ? "单位" : "项目"].concat(data.series.map(function (s) { return s.name; })).forEach(function (name, column) {
      var th = document.createElement("th");
      th.scope = "col";
      th.setAttribute("aria-sort", "none");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "btn btn-link btn-sm p-0 fw-bold text-reset text-decoration-none";
      button.textContent = name;
      button.title = "按" + name + "排序";
      button.addEventListener("click", function () {
        sortBy(t, column, th.getAttribute("aria-sort") === "ascending");
        firstPage();
      });
      th.appendChild(button);
      head.appendChild(th);
    });
    var body = t.createTBody();
    data.categories.forEach(function (label, i) {
      var row = body.insertRow();
      row.dataset.order = String(i);
      var th = document.createElement("th");
      th.scope = "row";
      if (data.drill.length) { th.appendChild(drillButton(card, data, i)); } else { th.textContent = label; }
      row.appendChild(th);
      data.series.forEach(function (s, j) {
        var cell = row.insertCell();
        var link = linkOf(data, j, i);
        var text = show(s.data[i], data.unit);
        if (link) {
          var a = document.createElement("a");
          a.href = link;
          a.textContent = text;
          cell.appendChild(a);
        } else {
          cell.textContent = text;
        }
        cell.dataset.value = s.data[i] === null ? "" : String(s.data[i]);
      });
    });
    box.replaceChildren(t);
    firstPage = paginate(box, t);
  }

  var FONT = 12;
  var LINES = 3;

  // Horizontal bars: the names get up to 40 % of the width and wrap (at most LINES lines, cut
  // with "…" beyond), and each row is tall enough for its lines and its bars, so no two labels
  // touch.
  function labelBox(names, width) {
    var longest = names.reduce(function (n, name) { return Math.max(n, name.length); }, 1);
    var perLine = Math.max(4, Math.min(longest, Math.floor(width * 0.4 / FONT)));
    return { chars: perLine, lines: Math.min(LINES, Math.ceil(longest / perLine)) };
  }

  function rowHeight(data, box) {
    return Math.max(16 + 10 * data.series.length, box.lines * (FONT + 3) + 8);
  }

  function option(data, narrow, box) {
    var percent = data.unit === "%";
    var rows = data.shown || data.categories.map(function (_, i) { return i; });
    var categories = rows.map(function (i) { return data.categories[i]; });
    var most = box.chars * box.lines;
    var horizontal = data.horizontal;
    var top = (data.caption ? 28 : 8) + (data.series.length > 1 ? 28 : 0) + 24;
    var category = {
      type: "category",
      data: categories,
      inverse: horizontal,
      axisTick: { alignWithLabel: true },
      axisLabel: horizontal
        ? {
            interval: 0,
            color: TEXT,
            lineHeight: FONT + 3,
            width: (box.chars + 1) * FONT,
            overflow: "break",
            formatter: function (name) { return name.length > most ? name.slice(0, most - 1) + "…" : name; }
          }
        : { interval: 0, color: TEXT, rotate: categories.length > 6 ? 35 : 0 }
    };
    var value = {
      type: "value",
      name: data.unit,
      min: 0,
      max: percent ? 100 : null,
      axisLabel: { color: TEXT },
      nameTextStyle: { color: TEXT }
    };
    return {
      animation: false,
      color: COLOURS,
      title: data.categories.length === 0
        ? { text: "暂无数据", left: "center", top: "middle", textStyle: { fontSize: 14, color: TEXT } }
        : data.caption ? { text: data.caption, left: 0, top: 0, textStyle: { fontSize: 12, fontWeight: "bold", color: TEXT, width: narrow ? 300 : 560, overflow: "break" } } : undefined,
      // Drawn on the canvas: an HTML tooltip's markup carries style attributes the CSP refuses.
      tooltip: { trigger: "axis", renderMode: "richText", axisPointer: { type: "shadow" }, valueFormatter: function (v) { return show(v, data.unit); } },
      legend: data.series.length > 1 ? { top: data.caption ? 28 : 0, textStyle: { color: TEXT } } : undefined,
      toolbox: {
        right: 8,
        top: data.caption && narrow ? 22 : 0,
        feature: { saveAsImage: { title: "保存为图片", name: data.title + "-" + data.month, pixelRatio: 2, backgroundColor: "#fff" } }
      },
      grid: { left: 8, right: horizontal ? 48 : 16, bottom: 8, top: top, containLabel: true },
      xAxis: horizontal ? value : category,
      yAxis: horizontal ? category : value,
      series: data.series.map(function (s) {
        return {
          name: s.name,
          type: data.kind,
          data: rows.map(function (i) { return s.data[i]; }),
          connectNulls: true,
          barMaxWidth: 36,
          label: horizontal ? {
            show: true,
            position: "right",
            color: TEXT,
            formatter: function (p) { return p.value === null || p.value === undefined ? "" : show(p.value, data.unit); }
          } : undefined
        };
      })
    };
  }

  function draw(card, data) {
    var el = card.querySelector(".office-chart");
    var narrow = el.clientWidth < 500;
    var names = data.shown ? data.shown.map(function (i) { return data.categories[i]; }) : data.categories;
    var box = labelBox(names, el.clientWidth);
    var opt = option(data, narrow, box);
    // A horizontal chart grows with its bars (set through the CSSOM, which the CSP allows).
    el.style.height = data.horizontal ? Math.max(narrow ? 260 : 320, opt.grid.top + 40 + names.length * rowHeight(data, box)) + "px" : "";
    card._chart.resize();
    card._chart.setOption(opt, true);
    el.setAttribute("aria-label", data.title + (card._unitName ? "（" + card._unitName + "）" : "") +
      (data.caption ? "：" + data.caption : "") + "（数据见下方数据表）");
  }

  function load(card) {
    var url = new URL(card.dataset.chart, window.location.href);
    url.searchParams.set("month", card.querySelector("[data-chart-month]").value || card.dataset.month);
    if (card.dataset.section) { url.searchParams.set("section", card.dataset.section); }
    if (card._unit) { url.searchParams.set("unit", card._unit); }
    card.setAttribute("aria-busy", "true");
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(new Error(String(r.status))); })
      .then(function (data) {
        card._data = data;
        draw(card, data);
        card.querySelector("[data-chart-note]").textContent = data.note;
        table(card, data);
        card.dataset.loaded = data.month;
        card.dataset.loadedUnit = card._unit || "";
      })
      .catch(function () {
        card.querySelector("[data-chart-note]").textContent = "数据加载失败，请刷新页面重试。";
      })
      .finally(function () { card.removeAttribute("aria-busy"); });
  }

  // Into one unit's sections (unit set) or back to every unit (unit "").
  function drill(card, unit, name) {
    card._unit = unit ? String(unit) : "";
    card._unitName = unit ? name : "";
    var up = card.querySelector("[data-chart-up]");
    up.hidden = !unit;
    card.querySelector("[data-chart-scope]").textContent = unit ? "：" + name : "";
    load(card);
    (unit ? up : card.querySelector("h2")).focus();
  }

  document.querySelectorAll("[data-chart]").forEach(function (card) {
    var chart = window.echarts.init(card.querySelector(".office-chart"), null, { renderer: "canvas" });
    card._chart = chart;
    card._unit = "";
    chart.on("click", function (params) {
      var data = card._data;
      if (!data) { return; }
      var row = rowOf(data, params.dataIndex);
      if (data.drill.length) { drill(card, data.drill[row], data.categories[row]); return; }
      var link = linkOf(data, params.seriesIndex, row);
      if (link) { window.location.href = link; }
    });
    card.querySelector("[data-chart-up]").addEventListener("click", function () { drill(card, "", ""); });
    card.querySelector("[data-chart-month]").addEventListener("change", function () { load(card); });
    load(card);
  });
  window.addEventListener("resize", function () {
    document.querySelectorAll("[data-chart]").forEach(function (card) {
      if (card._data) { draw(card, card._data); } else { card._chart.resize(); }
    });
  });
})();
