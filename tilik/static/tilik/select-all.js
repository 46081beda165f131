// "Select all on this page" for list forms: a checkbox with data-select-all="name" ticks every
// checkbox named `name` in the same form. Loaded as a file (the Content-Security-Policy allows no
// inline script); without JavaScript the page still works, one tick at a time.
document.addEventListener("change", (event) => {
  const box = event.target;
  if (!(box instanceof HTMLInputElement) || !box.dataset.selectAll) return;
  const form = box.form;
  if (!form) return;
  for (const other of form.querySelectorAll(`input[type=checkbox][name="${box.dataset.selectAll}"]`)) {
    other.checked = box.checked;
  }
});
