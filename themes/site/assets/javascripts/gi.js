/* gi-showcase: the kit page's copy button. Delegated, so it keeps working with instant navigation. */
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-gi-copy]");
  if (!button) return;
  var source = document.getElementById(button.getAttribute("data-gi-copy"));
  var status = button.parentElement.querySelector(".gi-copy__status");
  var done = function () { if (status) status.textContent = button.getAttribute("data-gi-done"); };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(source.value).then(done);
  } else {
    source.select();
    if (document.execCommand("copy")) done();
  }
});
