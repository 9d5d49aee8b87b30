// The generate form: show that the work is running and prevent a second submit; when the kind
// changes, propose that kind's latest complete period (from the list under the form).
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!form.matches("form[data-busy]")) { return; }
  var busy = form.querySelector("[data-testid=busy]");
  busy.textContent = form.getAttribute("data-busy");
  busy.hidden = false;
  form.querySelector("button[type=submit]").disabled = true;
});
document.addEventListener("change", function (event) {
  var select = event.target;
  if (!select.matches("form[data-busy] select[name=kind]")) { return; }
  var code = select.form.querySelector("[data-kind='" + select.value + "']");
  var period = select.form.querySelector("input[name=period]");
  if (code && period) { period.value = code.textContent; }
});
