// The product gallery: one photo at a time, thumbnails switch it, a click on the photo zooms it
// in a <dialog>. Arrow keys and touch swipes go to the previous or next photo; Escape closes
// the dialog (the browser's own <dialog> behaviour). Without this script every photo shows in
// the strip and every link opens the full-size photo.
(function () {
  "use strict";

  var SWIPE_PIXELS = 40;

  function onSwipe(element, callback) {
    var startX = null;
    element.addEventListener("pointerdown", function (event) {
      startX = event.pointerType === "mouse" ? null : event.clientX;
    });
    element.addEventListener("pointerup", function (event) {
      if (startX === null) return;
      var distance = event.clientX - startX;
      startX = null;
      if (Math.abs(distance) >= SWIPE_PIXELS) callback(distance < 0 ? 1 : -1);
    });
    element.addEventListener("pointercancel", function () {
      startX = null;
    });
  }

  function setUp(gallery) {
    var photos = Array.prototype.slice.call(gallery.querySelectorAll(".gallery-photo"));
    var zoomLinks = gallery.querySelectorAll("[data-gallery-zoom]");
    var thumbs = Array.prototype.slice.call(gallery.querySelectorAll("[data-gallery-thumb]"));
    var dialog = gallery.querySelector("[data-gallery-dialog]");
    var large = gallery.querySelector("[data-gallery-large]");
    var current = 0;
    var swiped = false;
    if (!photos.length || !dialog || typeof dialog.showModal !== "function") return;
    gallery.classList.add("gallery-enhanced");

    function show(index) {
      current = (index + photos.length) % photos.length;
      photos.forEach(function (photo, i) {
        photo.hidden = i !== current;
      });
      thumbs.forEach(function (thumb, i) {
        if (i === current) thumb.setAttribute("aria-current", "true");
        else thumb.removeAttribute("aria-current");
      });
      if (dialog.open) enlarge();
    }

    // The large photo is fetched only once someone asks for it.
    function enlarge() {
      var link = zoomLinks[current];
      large.src = link.href;
      large.alt = link.querySelector("img").alt;
    }

    function step(direction) {
      if (photos.length > 1) show(current + direction);
    }

    thumbs.forEach(function (thumb, i) {
      thumb.addEventListener("click", function (event) {
        event.preventDefault();
        show(i);
      });
      thumb.addEventListener("keydown", function (event) {
        if (event.key !== "ArrowRight" && event.key !== "ArrowLeft") return;
        event.preventDefault();
        step(event.key === "ArrowRight" ? 1 : -1);
        thumbs[current].focus();
      });
    });

    Array.prototype.forEach.call(zoomLinks, function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        if (swiped) return;
        enlarge();
        dialog.showModal();
      });
      link.addEventListener("keydown", function (event) {
        if (event.key === "ArrowRight" || event.key === "ArrowLeft") {
          event.preventDefault();
          step(event.key === "ArrowRight" ? 1 : -1);
          zoomLinks[current].focus();
        }
      });
    });

    dialog.addEventListener("keydown", function (event) {
      if (event.key === "ArrowRight" || event.key === "ArrowLeft") {
        event.preventDefault();
        step(event.key === "ArrowRight" ? 1 : -1);
      }
    });
    dialog.addEventListener("close", function () {
      zoomLinks[current].focus();
    });
    // A click on the backdrop (outside the dialog's box) closes it too.
    dialog.addEventListener("click", function (event) {
      if (event.target === dialog) dialog.close();
    });

    var previous = dialog.querySelector("[data-gallery-previous]");
    var next = dialog.querySelector("[data-gallery-next]");
    if (previous) previous.addEventListener("click", function () { step(-1); });
    if (next) next.addEventListener("click", function () { step(1); });
    dialog.querySelector("[data-gallery-close]").addEventListener("click", function () {
      dialog.close();
    });

    var strip = gallery.querySelector(".gallery-strip");
    // A swipe ends with a click on the photo's link: that click must not zoom.
    strip.addEventListener("pointerdown", function () {
      swiped = false;
    });
    onSwipe(strip, function (direction) {
      swiped = true;
      step(direction);
    });
    onSwipe(large, step);

    show(0);
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-gallery]"), setUp);
})();
