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

/* Thai search. The Thai index holds its words apart (builder/site/search.py), but a reader types a
   name of several words without spaces ("ข้าวหอมมะลิ"), which Material would look up as one word and
   not find. So before a query reaches Material's search worker, each Thai run in it is cut into the
   words of the index itself, gathered from the index Material hands the worker: the query is cut
   where the build cut the text. The browser's Intl.Segmenter is not used: Chromium's dictionary differs
   from PyThaiNLP's on two in five of the sample's Thai phrases (ข้าว|หอม|มะลิ for the index's ข้าว|หอมมะลิ,
   อา|รา|บิ|กา for อาราบิกา). Should Material's messages change shape, queries pass unchanged. */
(function () {
  var SETUP = 0, QUERY = 2;  // Material's SearchMessageType
  var THAI = /[\u0E00-\u0E7F]+/g;
  var words = null;
  if (typeof Worker === "undefined") return;  // no search worker: Material's search is off as well
  var post = Worker.prototype.postMessage;

  Worker.prototype.postMessage = function (message) {
    var args = Array.prototype.slice.call(arguments);
    if (message && message.type === SETUP && message.data && message.data.config && Array.isArray(message.data.docs)) {
      // Only an index whose separator splits on the zero-width space holds Thai words apart.
      words = new RegExp(message.data.config.separator).test("\u200b") ? new Words(message.data.docs) : null;
    } else if (message && message.type === QUERY && typeof message.data === "string" && words) {
      var known = words;
      known.gather(Infinity);  // the slices may not be done yet
      args[0] = { type: QUERY, data: message.data.replace(THAI, function (run) { return cut(run, known); }) };
    }
    return post.apply(this, args);
  };

  /* The index's Thai words. Gathering them from a thousand products takes about 100 ms on the
     development machine (more on a phone), so it is done in slices of 8 ms while the reader starts typing, and finished at once if
     a query comes first. */
  function Words(docs) {
    var self = this;
    self.docs = docs; self.next = 0; self.all = new Set(); self.longest = 0; self.sorted = null;
    (function slice() { if (!self.gather(8)) setTimeout(slice, 0); })();
  }
  Words.prototype.gather = function (budget) {
    var until = performance.now() + budget;
    while (this.next < this.docs.length) {
      var doc = this.docs[this.next++];
      [doc.title, doc.text].forEach(function (value) {
        (typeof value === "string" && value.match(THAI) || []).forEach(function (word) {
          this.all.add(word);
          if (word.length > this.longest) this.longest = word.length;
        }, this);
      }, this);
      if (performance.now() > until) return false;
    }
    this.sorted = this.sorted || Array.from(this.all).sort();
    return true;
  };
  /* Whether some word of the index starts with `text` (the reader may still be typing it). */
  Words.prototype.begins = function (text) {
    var low = 0, high = this.sorted.length;
    while (low < high) {
      var middle = (low + high) >> 1;
      if (this.sorted[middle] < text) low = middle + 1; else high = middle;
    }
    return low < this.sorted.length && this.sorted[low].lastIndexOf(text, 0) === 0;
  };

  /* `run` cut into words of the index and joined by zero-width spaces, Material's separator here, so
     that Material looks up each word: as few words as possible, as the build's newmm does, and the
     last may be the start of a word (the reader may still be typing). A run the index's words do not
     account for is left as it is: cut around an unknown word, a query would look up its fragments. */
  function cut(run, known) {
    var n = run.length, count = [0], from = [0];
    for (var end = 1; end <= n; end++) {
      count[end] = Infinity;
      for (var start = Math.max(0, end - known.longest); start < end; start++) {
        if (count[start] + 1 < count[end] && known.all.has(run.slice(start, end))) {
          count[end] = count[start] + 1;
          from[end] = start;
        }
      }
    }
    var last = n, best = count[n];
    for (var begin = 0; begin < n; begin++) {
      if (count[begin] + 1 < best && known.begins(run.slice(begin))) { last = begin; best = count[begin] + 1; }
    }
    if (best === Infinity) return run;
    var pieces = last < n ? [run.slice(last)] : [];
    for (var stop = last; stop > 0; stop = from[stop]) pieces.unshift(run.slice(from[stop], stop));
    return pieces.join("\u200b");
  }
})();
