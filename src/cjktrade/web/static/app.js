// cjktrade web: small enhancements; every page also works without JavaScript.
"use strict";

document.documentElement.classList.add("js");

function nextIndex(container) {
  let max = -1;
  container.querySelectorAll("[name]").forEach((field) => {
    const match = field.name.match(new RegExp("^" + container.dataset.rows + "-(\\d+)-"));
    if (match) max = Math.max(max, Number(match[1]));
  });
  return max + 1;
}

function renumber(container) {
  container.querySelectorAll(":scope > .row legend .n").forEach((span, position) => {
    span.textContent = String(position + 1);
  });
}

document.addEventListener("click", (event) => {
  const target = event.target instanceof Element ? event.target : null;
  if (!target) return;
  const add = target.closest("[data-add-row]");
  if (add) {
    const table = add.dataset.addRow;
    const container = document.querySelector(`[data-rows="${table}"]`);
    const template = document.getElementById(`tpl-${table}`);
    if (!container || !template) return;
    event.preventDefault();
    const index = nextIndex(container);
    const html = template.innerHTML.replaceAll("__i__", String(index)).replaceAll("__n__", String(index + 1));
    container.insertAdjacentHTML("beforeend", html);
    renumber(container);
    const row = container.lastElementChild;
    const first = row && row.querySelector("input, select");
    if (first) first.focus();
    return;
  }
  const remove = target.closest("[data-remove-row]");
  if (remove) {
    const row = remove.closest(".row");
    const container = row && row.parentElement;
    if (!row || !container) return;
    event.preventDefault();
    row.remove();
    renumber(container);
    const again = document.querySelector(`[data-add-row="${container.dataset.rows}"]`);
    if (again) again.focus();
    return;
  }
  const confirmable = target.closest("[data-confirm]");
  if (confirmable && !window.confirm(confirmable.dataset.confirm)) {
    event.preventDefault();
  }
});

document.addEventListener("focusin", (event) => {
  const field = event.target;
  if (field instanceof HTMLInputElement && field.hasAttribute("data-select-on-focus")) field.select();
});

// After a failed submission, take the keyboard to the list of errors.
window.addEventListener("DOMContentLoaded", () => {
  const summary = document.getElementById("form-errors");
  if (summary) summary.focus();
});

// Scenario runs: refresh the progress bar from its status route, then show the results.
const progressBar = document.querySelector("progress[data-status]");
if (progressBar) {
  const count = document.getElementById("scenario-count");
  const poll = async () => {
    try {
      const response = await fetch(progressBar.dataset.status, { headers: { Accept: "application/json" } });
      const status = await response.json();
      progressBar.max = Math.max(1, status.total);
      progressBar.value = status.done;
      if (count) count.textContent = `${status.done} / ${status.total}`;
      if (status.finished) { window.location.reload(); return; }
    } catch (error) { /* the next poll retries */ }
    window.setTimeout(poll, 500);
  };
  window.setTimeout(poll, 300);
}
