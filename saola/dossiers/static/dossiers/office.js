// Back office: "Print" buttons on the print pages (they stay hidden without JavaScript).
document.querySelectorAll("[data-print]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
