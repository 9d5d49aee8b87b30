// The dashboard's charts, drawn from the JSON block the page carries (no inline script: CSP).
// Every chart has its table underneath on the page.
(function () {
  "use strict";
  function ready(fn) {
    if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
  }
  var COLORS = ["#1d4ed8", "#d97706", "#059669", "#9ca3af", "#b91c1c"];
  var TOOLTIP = { trigger: "axis", renderMode: "richText" };

  function chart(id, option) {
    var el = document.getElementById(id);
    if (!el || !window.echarts) { return null; }
    var c = window.echarts.init(el, null, { renderer: "canvas" });
    option.color = COLORS;
    option.animation = false;
    c.setOption(option);
    el.setAttribute("data-drawn", "1");
    window.addEventListener("resize", function () { c.resize(); });
    return c;
  }

  ready(function () {
    var block = document.getElementById("dashboard-data");
    if (!block) { return; }
    var data = JSON.parse(block.textContent);
    var units = data.units;
    chart("chart-units", {
      tooltip: TOOLTIP,
      legend: { data: ["发文", "会议", "督查检查考核"], top: 0 },
      grid: { left: 8, right: 16, top: 30, bottom: 8, containLabel: true },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", data: units.names.slice().reverse(), axisLabel: { interval: 0 } },
      series: [
        { name: "发文", type: "bar", stack: "all", data: units.documents.slice().reverse() },
        { name: "会议", type: "bar", stack: "all", data: units.meetings.slice().reverse() },
        { name: "督查检查考核", type: "bar", stack: "all", data: units.inspections.slice().reverse() }
      ]
    });
    var t = data.trend;
    chart("chart-trend", {
      tooltip: TOOLTIP,
      legend: { data: [t.year + "年", (t.year - 1) + "年"], top: 0 },
      grid: { left: 8, right: 16, top: 30, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: t.months },
      yAxis: { type: "value", minInterval: 1 },
      series: [
        { name: t.year + "年", type: "line", data: t.this_total },
        { name: (t.year - 1) + "年", type: "line", data: t.last_total, lineStyle: { type: "dashed" } }
      ]
    });
    var b = data.burden;
    chart("chart-burden", {
      tooltip: TOOLTIP,
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: b.names },
      yAxis: { type: "value", name: "工时" },
      series: [{ name: "负担工时", type: "bar", data: b.hours }]
    });
  });
})();
