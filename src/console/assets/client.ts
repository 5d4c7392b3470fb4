/**
 * The console's one script, served from its own route (CSP `script-src 'self'`, nothing inline).
 * Progressive enhancement only: every page works without it. It adds "select all" to the review
 * queue and an opt-in auto-refresh of the metrics panel (fetches the same page, swaps the panel).
 * It stores no token anywhere: the session is an HttpOnly cookie it cannot read.
 * Keyboard: "?" shows the shortcuts; after a decision, focus moves to the "next item" link. "a" and
 * "x" decide only when pressed twice: the first press points at the button (focus and a spoken
 * hint), so one stray key decides nothing; Esc, another key or 5 seconds let it go.
 */
export const CLIENT_SCRIPT = `"use strict";
(function () {
  var selectAll = document.querySelector("[data-select-all]");
  if (selectAll) {
    var boxes = function () { return document.querySelectorAll("input[type=checkbox][name=ids]"); };
    selectAll.hidden = false;
    selectAll.addEventListener("change", function () {
      boxes().forEach(function (b) { b.checked = selectAll.checked; });
    });
  }

  var panel = document.getElementById("metrics-panel");
  var toggle = document.getElementById("auto-refresh");
  var wrap = document.querySelector("[data-auto-refresh]");
  if (panel && toggle && wrap) {
    var KEY = "spendsense.console.autoRefresh";
    var timer = null;
    var status = document.getElementById("refresh-status");
    var refresh = function () {
      fetch(window.location.href, { credentials: "same-origin", headers: { Accept: "text/html" } })
        .then(function (res) {
          if (res.redirected || !res.ok) throw new Error("HTTP " + res.status);
          return res.text();
        })
        .then(function (html) {
          var next = new DOMParser().parseFromString(html, "text/html").getElementById("metrics-panel");
          if (!next) throw new Error("no panel");
          panel.replaceChildren.apply(panel, Array.prototype.slice.call(next.childNodes));
          // UTC, as every other time in the console.
          if (status) status.textContent = "Updated at " + new Date().toISOString().slice(11, 19) + " UTC.";
        })
        .catch(function () {
          if (status) status.textContent = "Could not refresh; is your session still open? Reload the page.";
        });
    };
    var apply = function () {
      if (timer) { clearInterval(timer); timer = null; }
      if (toggle.checked) timer = setInterval(refresh, 15000);
      try { sessionStorage.setItem(KEY, toggle.checked ? "1" : "0"); } catch (e) { /* private mode */ }
    };
    wrap.hidden = false;
    try { toggle.checked = sessionStorage.getItem(KEY) === "1"; } catch (e) { /* private mode */ }
    toggle.addEventListener("change", apply);
    apply();
  }

  // After a decision: focus the "next item" link, so Enter (or n) opens it.
  var autofocus = document.querySelector("[data-autofocus]");
  if (autofocus) autofocus.focus();

  var help = document.getElementById("shortcuts");
  var rows = function () { return Array.prototype.slice.call(document.querySelectorAll("tr[data-row] .title-cell a")); };
  var typing = function (el) { return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName)); };
  var click = function (key) {
    var el = document.querySelector("[data-key='" + key + "']");
    if (el) { el.click(); return true; }
    return false;
  };
  var hint = document.getElementById("shortcut-hint");
  var armed = null;
  var armedTimer = null;
  var disarm = function () {
    armed = null;
    if (armedTimer) { clearTimeout(armedTimer); armedTimer = null; }
    if (hint) hint.textContent = "";
  };
  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
    if (help && help.open && e.key !== "?") return;
    if (e.key === "a" || e.key === "x") {
      var button = document.querySelector("[data-key='" + e.key + "']");
      if (!button) return;
      e.preventDefault();
      if (armed === e.key) { disarm(); button.click(); return; }
      disarm();
      armed = e.key;
      button.focus();
      if (hint) hint.textContent = "Press " + e.key + " again to " + button.textContent.trim().toLowerCase() + ", or Esc to cancel.";
      armedTimer = setTimeout(disarm, 5000);
      return;
    }
    if (armed) { disarm(); if (e.key === "Escape") { e.preventDefault(); return; } }
    if (e.key === "?") {
      if (!help) return;
      if (help.open) help.close(); else help.showModal();
      e.preventDefault();
      return;
    }
    if (e.key === "j" || e.key === "k") {
      var links = rows();
      if (!links.length) return;
      var at = links.indexOf(document.activeElement);
      var next = e.key === "j" ? Math.min(links.length - 1, at + 1) : Math.max(0, at < 0 ? 0 : at - 1);
      links[next].focus();
      e.preventDefault();
      return;
    }
    if (e.key === "/") {
      var first = document.querySelector("form.filters input, form.filters select, #find-user");
      if (first) { first.focus(); e.preventDefault(); }
      return;
    }
    if (e.key === "n" && click("n")) e.preventDefault();
  });
})();
`;
