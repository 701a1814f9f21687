// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  // The site menu is a <details> that opens and closes by itself. Here: Escape closes it and
  // gives focus back to its button, and a click or focus outside it closes it.
  document.querySelectorAll("details[data-site-menu]").forEach(function (menu) {
    var toggle = menu.querySelector("summary");
    function close(refocus) {
      if (!menu.open) return;
      menu.open = false;
      if (refocus) toggle.focus();
    }
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && menu.open) close(menu.contains(document.activeElement));
    });
    document.addEventListener("click", function (event) {
      if (!menu.contains(event.target)) close(false);
    });
    document.addEventListener("focusin", function (event) {
      if (!menu.contains(event.target)) close(false);
    });
  });

  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });

  // Autosave on assessment steps: answers save as they change, without reloading. The form
  // still posts normally with its buttons.
  document.querySelectorAll("form[data-autosave]").forEach(function (form) {
    var status = form.querySelector("[data-autosave-status]");
    var timer = null;
    var pending = null;
    var inFlight = false;
    var submitted = false;
    function say(text, isError) {
      if (!status) return;
      status.textContent = text;
      status.classList.toggle("autosave-status--error", !!isError);
    }
    function save() {
      if (submitted) return;  // the button's post says it all; a late save could undo it
      var body = new URLSearchParams(new FormData(form));
      if (!body.get("choice")) return;  // nothing chosen yet: nothing to save
      inFlight = true;
      pending = fetch(form.action, {
        method: "POST",
        headers: { "Accept": "application/json" },
        body: body,
        credentials: "same-origin"
      }).then(function (response) {
        return response.json().then(function (data) {
          if (data.saved) {
            say("Saved at " + new Date().toLocaleTimeString() + ".", false);
          } else {
            say(data.error || "Not saved. Use a Save button.", true);
          }
        });
      }).catch(function () {
        say("Not saved: the connection failed. Use a Save button to try again.", true);
      }).then(function () { inFlight = false; });
    }
    function later(delay) {
      clearTimeout(timer);
      timer = setTimeout(save, delay);
    }
    // A button's post waits for a save already on its way, so the two reach the server in the
    // order they were made (a flag must not be overwritten by the answer saved just before it).
    form.addEventListener("submit", function (event) {
      clearTimeout(timer);
      if (inFlight) {
        event.preventDefault();
        var submitter = event.submitter;
        pending.then(function () { form.requestSubmit(submitter || undefined); });
        return;
      }
      submitted = true;
    });
    form.addEventListener("change", function () { later(0); });
    form.addEventListener("input", function (event) {
      if (event.target.tagName === "TEXTAREA") later(800);
    });
    say(status && status.textContent ? status.textContent + " Changes save as you make them." :
      "Changes save as you make them.", false);
  });
  // Private links: the Copy button appears only where this script runs (without it the link is
  // selectable text), and says whether the copy worked in a status line beside it.
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    var field = document.getElementById(button.getAttribute("data-copy"));
    var status = document.querySelector("[data-copy-status='" + field.id + "']");
    button.hidden = false;
    function tell(text) { if (status) status.textContent = text; }
    button.addEventListener("click", function () {
      var text = field.value;
      var copied = navigator.clipboard && window.isSecureContext ?
        navigator.clipboard.writeText(text) : Promise.reject(new Error("no clipboard"));
      copied.then(function () {
        tell("Copied. Paste it somewhere safe.");
      }).catch(function () {
        field.focus();
        field.select();
        var ok = false;
        try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
        tell(ok ? "Copied. Paste it somewhere safe." : "Selected: press Ctrl+C (or \u2318+C) to copy.");
      });
    });
  });
  document.querySelectorAll("input[data-select-all]").forEach(function (field) {
    field.addEventListener("focus", function () { field.select(); });
  });
})();
