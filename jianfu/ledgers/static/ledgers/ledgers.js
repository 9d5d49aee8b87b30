// Ledger pages (no inline scripts: the content security policy forbids them).
(function () {
  "use strict";

  // Counterpart autocomplete: fill the <datalist> with the county's unit names, short names and
  // aliases, fetched once from the endpoint named in data-src.
  function fillCounterparts() {
    var list = document.getElementById("counterpart-names");
    if (!list || !list.getAttribute("data-src")) {
      return;
    }
    fetch(list.getAttribute("data-src"), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : { names: [] }; })
      .then(function (data) {
        var fragment = document.createDocumentFragment();
        (data.names || []).forEach(function (name) {
          var option = document.createElement("option");
          option.value = name;
          fragment.appendChild(option);
        });
        list.replaceChildren(fragment);
        list.setAttribute("data-loaded", String((data.names || []).length));
      })
      .catch(function () { list.setAttribute("data-loaded", "0"); });
  }

  // Kind-specific fields: show only those that fit the chosen kind (meeting facts for 参会/办会,
  // inspection facts for 受检/督查). A field with a value or an error is always shown.
  function showFieldsForKind() {
    var kind = document.querySelector(".ledger-form select[name=kind]");
    if (!kind) {
      return;
    }
    var update = function () {
      document.querySelectorAll(".ledger-form [data-kinds]").forEach(function (input) {
        var row = input.closest(".field-row");
        var kinds = input.getAttribute("data-kinds").split(" ");
        var filled = input.value !== "";
        var hasError = row.querySelector(".field-errors") !== null;
        row.hidden = !(kinds.indexOf(kind.value) >= 0 || filled || hasError);
      });
    };
    kind.addEventListener("change", update);
    update();
  }

  document.addEventListener("DOMContentLoaded", function () {
    fillCounterparts();
    showFieldsForKind();
  });
})();
