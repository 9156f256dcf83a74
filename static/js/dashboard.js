// 统计看板: each <section data-chart="url"> fetches its JSON once per month chosen and draws
// the chart and its data table from the same numbers. Clicking a bar (or a number in the
// table) opens the list behind it. No inline script: the CSP allows none.
(function () {
  "use strict";

  var charts = [];

  function linkOf(data, seriesIndex, dataIndex) {
    var series = data.series[seriesIndex] || {};
    return (series.links || data.links || [])[dataIndex] || "";
  }

  function show(value, unit) {
    if (value === null || value === undefined) { return "—"; }
    return unit === "%" ? value + "%" : String(value);
  }

  function table(card, data) {
    var box = card.querySelector("[data-chart-table]");
    var t = document.createElement("table");
    t.className = "table table-sm table-striped mb-0";
    var caption = t.createCaption();
    caption.textContent = data.title + "（" + data.period + (data.unit ? "，单位：" + data.unit : "") + "）";
    var head = t.createTHead().insertRow();
    ["项目"].concat(data.series.map(function (s) { return s.name; })).forEach(function (name) {
      var th = document.createElement("th");
      th.scope = "col";
      th.textContent = name;
      head.appendChild(th);
    });
    var body = t.createTBody();
    data.categories.forEach(function (label, i) {
      var row = body.insertRow();
      var th = document.createElement("th");
      th.scope = "row";
      th.textContent = label;
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
  }

  function option(data) {
    var percent = data.unit === "%";
    return {
      animation: false,
      color: ["#b71c1c", "#0a58ca", "#f9a825", "#2e7d32"],
      tooltip: { trigger: "axis", valueFormatter: function (v) { return show(v, data.unit); } },
      legend: data.series.length > 1 ? { top: 0 } : undefined,
      toolbox: {
        right: 8,
        feature: { saveAsImage: { title: "保存为图片", name: data.title + "-" + data.month, pixelRatio: 2 } }
      },
      grid: { left: 8, right: 16, bottom: 8, top: data.series.length > 1 ? 40 : 32, containLabel: true },
      xAxis: {
        type: "category",
        data: data.categories,
        axisLabel: { interval: 0, rotate: data.categories.length > 6 ? 35 : 0 }
      },
      yAxis: { type: "value", name: data.unit, min: 0, max: percent ? 100 : null },
      series: data.series.map(function (s) {
        return { name: s.name, type: data.kind, data: s.data, connectNulls: true, barMaxWidth: 36 };
      })
    };
  }

  function load(card) {
    var url = new URL(card.dataset.chart, window.location.href);
    url.searchParams.set("month", card.querySelector("[data-chart-month]").value || card.dataset.month);
    if (card.dataset.section) { url.searchParams.set("section", card.dataset.section); }
    card.setAttribute("aria-busy", "true");
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(new Error(String(r.status))); })
      .then(function (data) {
        card._data = data;
        card._chart.setOption(option(data), true);
        card.querySelector("[data-chart-note]").textContent = data.note;
        table(card, data);
        card.dataset.loaded = data.month;
      })
      .catch(function () {
        card.querySelector("[data-chart-note]").textContent = "数据加载失败，请刷新页面重试。";
      })
      .finally(function () { card.removeAttribute("aria-busy"); });
  }

  document.querySelectorAll("[data-chart]").forEach(function (card) {
    var chart = window.echarts.init(card.querySelector(".office-chart"), null, { renderer: "canvas" });
    card._chart = chart;
    charts.push(chart);
    chart.on("click", function (params) {
      var link = card._data ? linkOf(card._data, params.seriesIndex, params.dataIndex) : "";
      if (link) { window.location.href = link; }
    });
    card.querySelector("[data-chart-month]").addEventListener("change", function () { load(card); });
    load(card);
  });
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
