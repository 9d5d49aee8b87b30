// The findings of a visit as repeatable rows: add a row, remove a row, renumber.
(function () {
  function renumber(list) {
    var rows = list.querySelectorAll("[data-finding-row]");
    rows.forEach(function (row, i) {
      row.querySelector(".no").textContent = String(i + 1) + ".";
      row.querySelector("[data-remove-finding]").hidden = rows.length === 1;
    });
  }
  document.addEventListener("click", function (event) {
    var add = event.target.closest("[data-add-finding]");
    if (add) {
      event.preventDefault();
      var list = document.getElementById(add.getAttribute("data-add-finding"));
      var template = document.getElementById("finding-template");
      var row = template.content.firstElementChild.cloneNode(true);
      list.appendChild(row);
      renumber(list);
      row.querySelector("textarea").focus();
      return;
    }
    var remove = event.target.closest("[data-remove-finding]");
    if (remove) {
      event.preventDefault();
      var owner = remove.closest("[data-finding-list]");
      remove.closest("[data-finding-row]").remove();
      renumber(owner);
    }
  });
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-finding-list]").forEach(renumber);
  });
})();
