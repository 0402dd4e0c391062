/* Progressive enhancement only: every page and form works without this file. */
(function () {
    "use strict";
    document.documentElement.classList.add("js");

    // A form that came back with errors: the summary at the top takes the focus (its links lead to the fields).
    var summary = document.querySelector("[data-error-summary]");
    if (summary) summary.focus();

    // On small screens the facet panel starts folded.
    var panel = document.querySelector("[data-facets-panel]");
    if (panel && window.matchMedia("(max-width: 56rem)").matches) {
        var anyChecked = panel.querySelector("input:checked");
        if (!anyChecked) panel.removeAttribute("open");
    }

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
                return response.text();
            })
            .then(function (html) {
                swap(html);
                if (push) history.pushState({ liveFilter: true }, "", url);
                if (focusId) {
                    var again = document.getElementById(focusId);
                    if (again) again.focus();
                }
            })
            .catch(function (error) {
                if (error.name !== "AbortError") window.location.href = url;
            });
    }

    form.addEventListener("change", function (event) {
        var target = event.target;
        if (!target.matches("input[type=checkbox], select")) return;
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
    window.addEventListener("popstate", function () {
        load(window.location.pathname + window.location.search, false, null);
    });
})();
