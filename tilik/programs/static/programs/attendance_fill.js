// "Semua hadir" on the attendance grid, without a round trip: the buttons tick, in the browser, the cells
// the server would tick (tilik/programs/attendance_fill.py) and say so in the status line; nothing is
// saved until "Simpan kehadiran". Without JavaScript the same buttons submit and the server fills the grid.
// A cell is unmarked when it is not ticked and has no absence reason or note that day; a participant with
// a reason for absence from every session (or the no-show status) is left alone.
document.addEventListener("click", (event) => {
  const button = event.target instanceof Element ? event.target.closest("button.fill-day, button.fill-row") : null;
  const form = button ? button.form : null;
  if (!form || !form.classList.contains("attendance-form")) return;
  event.preventDefault();
  const day = button.name === "semua_hadir_hari" ? button.value : null;
  const rows = day ? form.querySelectorAll("tr[data-row]") : [button.closest("tr[data-row]")];
  let marked = 0;
  let kept = 0;
  for (const row of rows) {
    const pk = row.dataset.row;
    const wholeReason = form.elements.namedItem(`r_${pk}`);
    const absent = row.dataset.absent === "1" || (wholeReason && wholeReason.value !== "");
    for (const box of row.querySelectorAll(`input[type=checkbox][name="h_${pk}"]`)) {
      if (box.checked || (day && box.value !== day)) continue;
      const reason = form.elements.namedItem(`a_${pk}_${box.value}`);
      const note = form.elements.namedItem(`n_${pk}_${box.value}`);
      if (absent || (reason && reason.value !== "") || (note && note.value.trim() !== "")) {
        kept += 1;
        continue;
      }
      box.checked = true;
      marked += 1;
    }
  }
  const label = day ? button.querySelector(".visually-hidden").textContent.trim() : "";
  let text = (day ? form.dataset.fillDay : form.dataset.fillRow).replace("%(n)s", marked).replace("%(d)s", label);
  if (kept) text += " " + form.dataset.fillKept.replace("%(k)s", kept);
  document.getElementById("attendance-fill-status").textContent = `${text} ${form.dataset.fillUnsaved}`;
});
