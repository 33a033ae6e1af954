/* Upload forms of the edit pages: drag-and-drop, a caption per photo, a progress bar per
 * file, one request, and errors put back beside their fields.
 *
 * Progressive enhancement: without this script every form still posts normally.
 * A form opts in with `data-upload` (and `data-captions` for per-file captions);
 * its Thai/English texts come from `data-msg-*` attributes written by the server.
 * (Forms with `data-confirm` ask before they submit: archive.js.)
 */
(function () {
  "use strict";

  function formatSize(bytes) {
    var units = ["B", "KB", "MB", "GB"], n = bytes, i = 0;
    while (n >= 1024 && i < units.length - 1) { n /= 1024; i += 1; }
    return (i === 0 ? String(n) : n.toFixed(1)) + " " + units[i];
  }

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function Uploader(form) {
    this.form = form;
    this.input = form.querySelector('input[type="file"][name="files"]');
    this.zone = form.querySelector("[data-dropzone]") || form;
    this.list = form.querySelector("[data-upload-list]");
    this.status = form.querySelector("[data-upload-status]");
    this.summary = form.querySelector("[data-error-summary]");
    this.button = form.querySelector('button[type="submit"], button:not([type])');
    this.captions = form.hasAttribute("data-captions");
    this.chosen = [];
    this.serial = 0;
    this.bind();
  }

  Uploader.prototype.text = function (key, name) {
    var value = this.form.getAttribute("data-msg-" + key) || "";
    return name === undefined ? value : value.replace("{name}", name);
  };

  Uploader.prototype.bind = function () {
    var self = this;
    if (this.input) {
      this.input.addEventListener("change", function () {
        self.add(self.input.files);
        self.input.value = "";  // the list below, not the input, holds the choice now
      });
    }
    ["dragenter", "dragover"].forEach(function (type) {
      self.zone.addEventListener(type, function (event) {
        event.preventDefault();
        self.zone.classList.add("over");
      });
    });
    ["dragleave", "dragend", "drop"].forEach(function (type) {
      self.zone.addEventListener(type, function () { self.zone.classList.remove("over"); });
    });
    this.zone.addEventListener("drop", function (event) {
      event.preventDefault();
      if (event.dataTransfer && event.dataTransfer.files) { self.add(event.dataTransfer.files); }
    });
    this.form.addEventListener("submit", function (event) {
      event.preventDefault();
      self.send();
    });
  };

  Uploader.prototype.add = function (files) {
    for (var i = 0; i < files.length; i += 1) {
      this.serial += 1;
      this.chosen.push({ file: files[i], caption: "", id: this.serial });
    }
    this.render();
  };

  Uploader.prototype.remove = function (entry) {
    this.chosen = this.chosen.filter(function (e) { return e !== entry; });
    this.render();
    if (this.input) { this.input.focus(); }
  };

  Uploader.prototype.row = function (entry) {
    var self = this, name = entry.file.name, li = el("li", { "class": "upload" });
    li.appendChild(el("span", { "class": "upload-name" }, name));
    li.appendChild(el("span", { "class": "upload-size muted" }, formatSize(entry.file.size)));
    if (this.captions) {
      var captionId = "upload-caption-" + entry.id;
      li.appendChild(el("label", { "for": captionId, "class": "visually-hidden" }, this.text("caption-label", name)));
      var caption = el("input", { id: captionId, type: "text", "class": "upload-caption",
                                  placeholder: this.text("caption"), autocomplete: "off" });
      caption.value = entry.caption;
      caption.addEventListener("input", function () { entry.caption = caption.value; });
      li.appendChild(caption);
    }
    var remove = el("button", { type: "button", "class": "link upload-remove",
                                "aria-label": this.text("remove-label", name) }, this.text("remove"));
    remove.addEventListener("click", function () { self.remove(entry); });
    li.appendChild(remove);
    entry.progress = el("progress", { max: String(entry.file.size || 1), value: "0",
                                      "aria-label": this.text("progress-label", name) });
    li.appendChild(entry.progress);
    return li;
  };

  Uploader.prototype.render = function () {
    if (!this.list) { return; }
    this.list.textContent = "";
    this.chosen.forEach(function (entry) { this.list.appendChild(this.row(entry)); }, this);
  };

  Uploader.prototype.body = function () {
    var data = new FormData(this.form);
    data.delete("files");
    data.delete("captions");
    if (this.captions) {
      this.chosen.forEach(function (entry) { data.append("captions", entry.caption); });
    }
    // Metadata first, then the files in the order shown, so the server reads the fields
    // before the large parts arrive.
    this.chosen.forEach(function (entry) { data.append("files", entry.file, entry.file.name); });
    return data;
  };

  Uploader.prototype.progress = function (loaded, total) {
    var sizes = this.chosen.reduce(function (sum, e) { return sum + e.file.size; }, 0);
    // Everything that is not file content (fields, part headers) is counted as sent first.
    var offset = total ? Math.max(0, total - sizes) : 0;
    this.chosen.forEach(function (entry) {
      var size = entry.file.size;
      entry.progress.value = Math.min(Math.max(loaded - offset, 0), size);
      offset += size;
    });
  };

  Uploader.prototype.busy = function (on, message) {
    if (this.button) { this.button.disabled = on; }
    this.form.setAttribute("aria-busy", on ? "true" : "false");
    if (this.status) { this.status.textContent = message || ""; }
  };

  Uploader.prototype.clearErrors = function () {
    this.form.querySelectorAll("[data-error-for]").forEach(function (slot) {
      slot.textContent = "";
      var field = slot.closest(".field");
      if (field) { field.classList.remove("has-error"); }
    });
    this.form.querySelectorAll(".repick").forEach(function (node) { node.hidden = true; });
    if (this.summary) { this.summary.hidden = true; }
  };

  Uploader.prototype.showErrors = function (errors, message) {
    var form = this.form, items = [];
    Object.keys(errors).forEach(function (key) {
      var slot = form.querySelector('[data-error-for="' + CSS.escape(key) + '"]');
      if (slot) {
        slot.textContent = errors[key];
        var field = slot.closest(".field");
        if (field) { field.classList.add("has-error"); }
      }
      items.push({ key: key, text: errors[key], linked: Boolean(slot) });
    });
    if (!this.summary) { return; }
    var title = this.summary.querySelector("[data-error-title]");
    var list = this.summary.querySelector("[data-error-list]");
    if (title) { title.textContent = message || this.text("invalid"); }
    if (list) {
      list.textContent = "";
      items.forEach(function (item) {
        var li = el("li");
        li.appendChild(item.linked ? el("a", { href: "#field-" + item.key }, item.text)
                                   : document.createTextNode(item.text));
        list.appendChild(li);
      });
    }
    this.summary.hidden = false;
    this.summary.focus();
  };

  Uploader.prototype.finish = function (xhr) {
    var data = null;
    try { data = JSON.parse(xhr.responseText); } catch (e) { data = null; }
    if (xhr.status >= 200 && xhr.status < 300 && data && data.ok) {
      this.busy(true, this.text("done"));
      window.location.assign(data.url);
      return;
    }
    this.busy(false);
    this.progress(0, 0);
    if (data && data.errors && Object.keys(data.errors).length) {
      this.showErrors(data.errors, data.error);
    } else {  // 413 and other refusals carry one message, about the files
      this.showErrors({ files: (data && data.error) || this.text("failed") }, this.text("failed"));
    }
  };

  Uploader.prototype.send = function () {
    var self = this, xhr = new XMLHttpRequest();
    this.clearErrors();
    xhr.open("POST", this.form.getAttribute("action") || window.location.href);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.setRequestHeader("X-CSRFToken", csrfToken());
    xhr.upload.addEventListener("progress", function (event) {
      self.progress(event.loaded, event.lengthComputable ? event.total : 0);
    });
    xhr.addEventListener("load", function () { self.finish(xhr); });
    xhr.addEventListener("error", function () {
      self.busy(false);
      self.progress(0, 0);
      self.showErrors({ files: self.text("network") }, self.text("failed"));
    });
    this.busy(true, this.text("uploading"));
    xhr.send(this.body());
  };

  function start() {
    document.querySelectorAll("form[data-upload]").forEach(function (form) { new Uploader(form); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
