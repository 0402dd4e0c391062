// The presence list's "Afdrukken" button (the page itself prints fine without it: Ctrl+P).
document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
});
