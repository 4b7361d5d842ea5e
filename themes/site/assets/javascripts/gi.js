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

/* The gallery lightbox works with CSS :target alone; with JavaScript it opens and closes by a
   class instead, because Material's instant navigation changes the address with pushState,
   which does not update :target. */
document.addEventListener("click", function (event) {
  var link = event.target.closest(".gi-gallery__thumb, .gi-lightbox__nav a, .gi-lightbox__close");
  if (!link) return;
  event.preventDefault();
  document.querySelectorAll(".gi-lightbox--open").forEach(function (box) { box.classList.remove("gi-lightbox--open"); });
  if (link.classList.contains("gi-lightbox__close")) return;
  var box = document.getElementById(link.hash.slice(1));  // Material may have made the href absolute
  if (box) { box.classList.add("gi-lightbox--open"); box.querySelector(".gi-lightbox__close").focus(); }
});
document.addEventListener("keydown", function (event) {
  if (event.key !== "Escape") return;
  document.querySelectorAll(".gi-lightbox--open").forEach(function (box) { box.classList.remove("gi-lightbox--open"); });
});
