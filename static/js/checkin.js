// Check-in by QR code where the browser can read one (the BarcodeDetector API; Safari and Firefox lack it, so the
// search by name stays the main path; a handheld scanner types into the code field). The camera only fills in the
// check-in token and sends the form.
(function () {
    var form = document.querySelector("[data-check-in-scan]");
    if (!form || !("BarcodeDetector" in window) || !navigator.mediaDevices) {
        return;
    }
    var button = form.querySelector("[data-check-in-camera]");
    var video = form.querySelector("[data-check-in-video]");
    var token = form.querySelector("[data-check-in-token]");
    button.hidden = false;
    button.addEventListener("click", function () {
        var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
        navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (stream) {
            video.srcObject = stream;
            video.hidden = false;
            button.hidden = true;
            video.play();
            var look = function () {
                detector.detect(video).then(function (codes) {
                    if (codes.length) {
                        stream.getTracks().forEach(function (track) { track.stop(); });
                        token.value = codes[0].rawValue;
                        form.submit();
                    } else {
                        window.requestAnimationFrame(look);
                    }
                }).catch(function () { window.requestAnimationFrame(look); });
            };
            look();
        }).catch(function () {
            button.textContent = button.dataset.denied || "Geen camera: zoek op naam";
        });
    });
})();
