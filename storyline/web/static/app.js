// storyline's pages: citation markers open the cited source sentences.
// Without JavaScript a marker is a link to its panel, which CSS shows (:target).
"use strict";

function toggleCitation(marker) {
  const panel = document.getElementById(marker.dataset.panel);
  if (!panel) return;
  const open = panel.hidden;
  panel.hidden = !open;
  marker.setAttribute("aria-expanded", String(open));
}

document.addEventListener("click", (event) => {
  const marker = event.target.closest("a.cite[data-panel]");
  if (!marker) return;
  event.preventDefault();
  toggleCitation(marker);
});

document.addEventListener("DOMContentLoaded", () => {
  const cited = document.getElementById("cited");
  if (cited) cited.scrollIntoView({ block: "center" });
});
