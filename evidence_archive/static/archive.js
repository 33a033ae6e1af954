/* Small behaviours of every page, driven by data attributes.  Loaded by base.html.
 *
 * Our Content-Security-Policy allows scripts only from files (script-src 'self'): no
 * <script> blocks and no onclick= in templates.  A template asks for a behaviour with
 * an attribute instead, and its Thai/English texts come from the server in data-*:
 *
 *   <button data-copy="ID" data-copied="TEXT">   copy the value of #ID, then say TEXT
 *   <input data-select-on-focus>                 select the whole value when focused
 *   <select data-fill-empty="ID">                fill #ID with the chosen option's
 *                                                data-elements while #ID is still empty
 *   <select data-submit-on-change>               submit its form at once ...
 *   <button data-without-script>                 ... so this button is hidden
 *   <form data-confirm="QUESTION">               ask before submitting
 *
 * Everything works without this script too (progressive enhancement), only less handily.
 */
(function () {
  "use strict";

  function each(selector, fn) {
    document.querySelectorAll(selector).forEach(fn);
  }

  function copyButton(button) {
    button.addEventListener("click", function () {
      var box = document.getElementById(button.getAttribute("data-copy"));
      if (!box) { return; }
      var done = function () { button.textContent = button.getAttribute("data-copied"); };
      if (navigator.clipboard) {
        navigator.clipboard.writeText(box.value).then(done);
      } else {  // plain HTTP on a LAN has no clipboard API
        box.select();
        document.execCommand("copy");
        done();
      }
    });
  }

  function selectOnFocus(input) {
    input.addEventListener("focus", function () { input.select(); });
  }

  function fillEmpty(select) {
    select.addEventListener("change", function () {
      var box = document.getElementById(select.getAttribute("data-fill-empty"));
      var chosen = select.options[select.selectedIndex];
      var text = chosen ? chosen.getAttribute("data-elements") : "";
      if (box && text && !box.value.trim()) { box.value = text; }
    });
  }

  function submitOnChange(select) {
    if (!select.form) { return; }
    select.form.querySelectorAll("[data-without-script]").forEach(function (node) {
      node.hidden = true;
    });
    select.addEventListener("change", function () { select.form.submit(); });
  }

  function confirmBeforeSubmit(event) {
    var form = event.target;
    if (form.hasAttribute && form.hasAttribute("data-confirm") &&
        !window.confirm(form.getAttribute("data-confirm"))) {
      event.preventDefault();
      event.stopImmediatePropagation();  // the upload script must not send it either
    }
  }

  function start() {
    // Capture phase: runs before any form's own submit handler (upload.js).
    document.addEventListener("submit", confirmBeforeSubmit, true);
    each("[data-copy]", copyButton);
    each("[data-select-on-focus]", selectOnFocus);
    each("select[data-fill-empty]", fillEmpty);
    each("select[data-submit-on-change]", submitOnChange);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
