// Small behaviours without inline scripts (the content security policy forbids them).
document.addEventListener("submit", function (event) {
  var form = event.target;
  var question = form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});
document.addEventListener("change", function (event) {
  var el = event.target;
  if (el.matches("select[data-autosubmit], input[data-autosubmit]")) {
    el.form.submit();
  }
});
