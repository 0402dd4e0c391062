/* Progressive enhancement only: every page and form works without this file. */
(function () {
    "use strict";
    document.documentElement.classList.add("js");

    // Browsers without ::details-content: from tablet width the header's menu is simply open.
    var menu = document.querySelector("[data-site-menu]");
    if (menu && window.matchMedia) {
        var wide = window.matchMedia("(min-width: 40.01rem)");
        var follow = function () { if (wide.matches) menu.open = true; };
        follow();
        if (wide.addEventListener) wide.addEventListener("change", follow);
    }

    // "Kopieer de verwijzing": the citation's text to the clipboard, where the browser allows it.
    document.querySelectorAll("[data-copy]").forEach(function (button) {
        if (!navigator.clipboard || !navigator.clipboard.writeText) return;
        var source = document.getElementById(button.dataset.copy);
        var status = button.parentNode.querySelector("[data-copy-status]");
        button.hidden = false;
        button.addEventListener("click", function () {
            navigator.clipboard.writeText(source.textContent.replace(/\s+/g, " ").trim()).then(function () {
                if (status) status.textContent = button.dataset.copiedLabel;
            });
        });
    });

    // A form that came back with errors: the summary at the top takes the focus (its links lead to the fields).
    var summary = document.querySelector("[data-error-summary]");
    if (summary) summary.focus();

    // On small screens the facet panel starts folded.
    var panel = document.querySelector("[data-facets-panel]");
    if (panel && window.matchMedia("(max-width: 56rem)").matches) {
        var anyChecked = panel.querySelector("input:checked");
        if (!anyChecked) panel.removeAttribute("open");
    }

    // Long facets show their first six options (and every chosen one) until the reader asks for all.
    function foldLongFacets(root) {
        root.querySelectorAll("[data-facet-more]").forEach(function (button) {
            var facet = button.closest(".facet");
            facet.classList.add("facet--folded");
            button.hidden = false;
            button.addEventListener("click", function () {
                var folded = facet.classList.toggle("facet--folded");
                button.setAttribute("aria-expanded", folded ? "false" : "true");
                button.textContent = folded ? button.dataset.moreLabel : button.dataset.lessLabel;
            });
            button.dataset.moreLabel = button.textContent;
        });
    }
    foldLongFacets(document);

    // On a phone the filters are a sheet over the page: "Toon N resultaten" closes it and goes to the results.
    document.addEventListener("click", function (event) {
        var show = event.target.closest("[data-show-results]");
        if (!show) return;
        var sheet = show.closest("[data-facets-panel]");
        if (sheet && window.matchMedia("(max-width: 56rem)").matches) sheet.removeAttribute("open");
    });

    // Live filtering: a changed filter fetches the listing and swaps the results in place,
    // keeping the URL shareable and the back button right.
    var form = document.querySelector("form[data-live-filter]");
    if (!form || !window.fetch || !window.history || !window.DOMParser) return;

    var controller = null;

    function urlFor(formElement) {
        var params = new URLSearchParams(new FormData(formElement));
        var clean = new URLSearchParams();
        params.forEach(function (value, key) { if (value !== "") clean.append(key, value); });
        var query = clean.toString();
        return formElement.getAttribute("action") + (query ? "?" + query : "");
    }

    function swap(html) {
        var next = new DOMParser().parseFromString(html, "text/html");
        ["[data-results]", "[data-facets-panel]"].forEach(function (selector) {
            var current = document.querySelector(selector);
            var incoming = next.querySelector(selector);
            if (!current || !incoming) return;
            if (selector === "[data-facets-panel]") {
                incoming.open = current.open;
                // Keep each facet as the reader left it: folded or not, long list shown or not.
                incoming.querySelectorAll(".facet").forEach(function (facet) {
                    var before = current.querySelector('.facet[data-facet="' + facet.dataset.facet + '"]');
                    if (before && !before.open) facet.removeAttribute("open");
                });
                foldLongFacets(incoming);
                incoming.querySelectorAll(".facet").forEach(function (facet) {
                    var before = current.querySelector('.facet[data-facet="' + facet.dataset.facet + '"]');
                    var button = facet.querySelector("[data-facet-more]");
                    if (before && button && !before.classList.contains("facet--folded")) button.click();
                });
            }
            current.replaceWith(incoming);
        });
        document.title = next.title;
    }

    function load(url, push, focusId) {
        if (controller) controller.abort();
        controller = new AbortController();
        var results = document.querySelector("[data-results]");
        if (results) results.setAttribute("aria-busy", "true");
        fetch(url, { headers: { "X-Requested-With": "fetch" }, signal: controller.signal })
            .then(function (response) {
                // Anything but a listing (an error page, a 404 past the last page): show it as a normal page.
                if (!response.ok) throw new Error("HTTP " + response.status);
                // The server redirects to the canonical address of a selection: keep that one in the history.
                if (response.redirected) url = response.url;
                return response.text();
            })
            .then(function (html) {
                swap(html);
                if (push) history.pushState({ liveFilter: true }, "", url);
                var shownUrl = new URL(url, window.location.href);
                shown = shownUrl.pathname + shownUrl.search;
                if (focusId) {
                    var again = document.getElementById(focusId);
                    if (again) again.focus();
                }
            })
            .catch(function (error) {
                if (error.name !== "AbortError") window.location.href = url;
            });
    }

    // A select walked through with the arrow keys changes on every key: apply it when the reader stops
    // (Enter, leaving the field, or a pause), not once per arrow. A pointer choice applies at once.
    var keyed = null;
    var waiting = null;
    function applyKeyed() {
        if (!waiting) return;
        clearTimeout(waiting.timer);
        var target = waiting.target;
        waiting = null;
        load(urlFor(form), true, target.id);
    }
    form.addEventListener("keydown", function (event) {
        if (!event.target.matches("select")) return;
        if (event.key === "Enter" && waiting) {
            event.preventDefault();
            applyKeyed();
        } else if (/^(Arrow|Page)|^(Home|End)$/.test(event.key)) {
            keyed = event.target;
        }
    });
    form.addEventListener("focusout", function (event) {
        if (waiting && event.target === waiting.target) applyKeyed();
    });
    form.addEventListener("change", function (event) {
        var target = event.target;
        if (!target.matches("input[type=checkbox], select")) return;
        if (target.matches("select") && keyed === target) {
            keyed = null;
            if (waiting) clearTimeout(waiting.timer);
            waiting = { target: target, timer: setTimeout(applyKeyed, 1500) };
            return;
        }
        load(urlFor(form), true, target.id);
    });
    form.addEventListener("submit", function (event) {
        event.preventDefault();
        load(urlFor(form), true, null);
    });
    document.addEventListener("click", function (event) {
        var link = event.target.closest(".active-filters a, .pagination a");
        if (!link || !form.contains(link)) return;
        event.preventDefault();
        load(link.getAttribute("href"), true, null);
    });
    // Back and forward between selections reload the results; a jump within the page (the skip link to
    // #resultaten) is not a new selection and must not replace the results the focus is in.
    var shown = window.location.pathname + window.location.search;
    window.addEventListener("popstate", function () {
        var address = window.location.pathname + window.location.search;
        if (address === shown) return;
        load(address, false, null);
    });
})();
