/* Repeatable rows (attendees, agenda) on the item form: add a row by cloning the last one. */
(function () {
  "use strict";
  function setup(block) {
    var body = block.querySelector("tbody");
    block.addEventListener("click", function (event) {
      var target = event.target;
      if (target.classList.contains("row-add")) {
        var last = body.querySelector("tr.row-item:last-child");
        if (!last) { return; }
        var copy = last.cloneNode(true);
        copy.querySelectorAll("input").forEach(function (input) { input.value = ""; });
        body.appendChild(copy);
        var first = copy.querySelector("input");
        if (first) { first.focus(); }
      } else if (target.classList.contains("row-remove")) {
        var row = target.closest("tr");
        if (body.querySelectorAll("tr.row-item").length > 1) {
          row.remove();
        } else {
          row.querySelectorAll("input").forEach(function (input) { input.value = ""; });
        }
      }
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".rows-block").forEach(setup);
  });
})();
