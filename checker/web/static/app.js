/*
 * contract-checker review app: progressive enhancement only. Every page works without this file
 * (the upload form posts straight to the review page or to a download); with it:
 *   - drag and drop onto the upload area;
 *   - the review is fetched and shown in place, and the chosen File is kept in this page only,
 *     so each download button can post the same file again (the server keeps nothing) and save
 *     the answer through an <a download> with an object URL;
 *   - severity and area filters, copy buttons for model clauses, links between text and findings.
 * Loaded from /static under a Content-Security-Policy that forbids inline script.
 */
(function () {
  "use strict";

  document.documentElement.classList.add("js");

  const state = { file: null, profile: null };

  function csrfToken() {
    const meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  // A ?token= in the address bar has done its job once the cookie is set: keep it out of history.
  function dropTokenFromAddress() {
    const url = new URL(window.location.href);
    if (url.searchParams.has("token")) {
      url.searchParams.delete("token");
      window.history.replaceState(null, "", url.pathname + url.search + url.hash);
    }
  }

  function setStatus(element, message, isError) {
    if (!element) return;
    element.textContent = message;
    element.classList.toggle("error", Boolean(isError));
    if (isError) element.scrollIntoView({ block: "nearest", behavior: "smooth" });
  }

  async function errorMessage(response) {
    const type = response.headers.get("Content-Type") || "";
    try {
      if (type.includes("json")) {
        const body = await response.json();
        if (body && body.error && body.error.message) return body.error.message;
      } else {
        const page = new DOMParser().parseFromString(await response.text(), "text/html");
        const element = page.querySelector(".error-message");
        if (element) return element.textContent.trim();
      }
    } catch (ignored) {
      /* fall through to the generic message */
    }
    return "The request failed (HTTP " + response.status + ").";
  }

  function fileNameFrom(disposition, fallback) {
    if (!disposition) return fallback;
    const exact = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
    if (exact) {
      try {
        return decodeURIComponent(exact[1]);
      } catch (ignored) {
        /* use the plain name */
      }
    }
    const plain = /filename="([^"]+)"/i.exec(disposition);
    return plain ? plain[1] : fallback;
  }

  function formData(file, profile) {
    const data = new FormData();
    data.append("csrf_token", csrfToken());
    if (profile) data.append("profile", profile);
    data.append("file", file, file.name);
    return data;
  }

  function post(url, data, accept) {
    return fetch(url, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-CSRF-Token": csrfToken(), Accept: accept },
    });
  }

  function saveBlob(blob, name) {
    const url = URL.createObjectURL(blob);
    const link = document.createElement("a");
    link.href = url;
    link.download = name;
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    link.remove();
    window.setTimeout(function () {
      URL.revokeObjectURL(url);
    }, 60000);
  }

  async function download(format, file, profile, status, button) {
    if (button) button.classList.add("busy");
    setStatus(status, "Preparing the " + (button ? button.textContent.trim() : format) + "…");
    try {
      const response = await post("/download/" + format, formData(file, profile), "*/*");
      if (!response.ok) {
        setStatus(status, await errorMessage(response), true);
        return;
      }
      const blob = await response.blob();
      const fallback = file.name.replace(/\.[^.]+$/, "") + "." + format;
      saveBlob(blob, fileNameFrom(response.headers.get("Content-Disposition"), fallback));
      setStatus(status, "Downloaded.");
    } catch (error) {
      setStatus(status, "The server could not be reached.", true);
    } finally {
      if (button) button.classList.remove("busy");
    }
  }

  // -- upload page ------------------------------------------------------------------------

  function initUpload(form) {
    const input = form.querySelector('input[type="file"]');
    const zone = form.querySelector("#dropzone");
    const nameLabel = form.querySelector("#file-name");
    const status = form.querySelector("#status");
    // The input is visually hidden here; say "choose a file" in the status line, not in a bubble.
    form.noValidate = true;

    function showName() {
      const file = input.files && input.files[0];
      nameLabel.textContent = file ? file.name : "";
      zone.classList.toggle("has-file", Boolean(file));
    }

    input.addEventListener("change", showName);
    ["dragenter", "dragover"].forEach(function (type) {
      zone.addEventListener(type, function (event) {
        event.preventDefault();
        zone.classList.add("dragover");
      });
    });
    ["dragleave", "dragend", "drop"].forEach(function (type) {
      zone.addEventListener(type, function () {
        zone.classList.remove("dragover");
      });
    });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      if (event.dataTransfer && event.dataTransfer.files.length) {
        input.files = event.dataTransfer.files;
        showName();
      }
    });

    form.addEventListener("submit", async function (event) {
      const file = input.files && input.files[0];
      const submitter = event.submitter;
      const output = (submitter && submitter.dataset.output) || "review";
      event.preventDefault();
      if (!file) {
        setStatus(status, "Choose a contract file first.", true);
        return;
      }
      const checked = form.querySelector('input[name="profile"]:checked');
      const profile = checked ? checked.value : "";
      if (output !== "review") {
        await download(output, file, profile, status, submitter);
        return;
      }
      await showReview(file, profile, status, submitter);
    });
  }

  async function showReview(file, profile, status, button) {
    if (button) button.classList.add("busy");
    setStatus(status, "Reading and checking " + file.name + "…");
    try {
      const response = await post("/review", formData(file, profile), "text/html");
      if (!response.ok) {
        setStatus(status, await errorMessage(response), true);
        return;
      }
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      const review = page.getElementById("review");
      if (!review) {
        setStatus(status, "The server sent an unexpected answer.", true);
        return;
      }
      state.file = file;
      state.profile = profile;
      const app = document.getElementById("app");
      app.replaceChildren(document.importNode(review, true));
      document.title = page.title;
      document.body.className = page.body.className;
      window.scrollTo(0, 0);
      initReview(document.getElementById("review"));
    } catch (error) {
      setStatus(status, "The server could not be reached.", true);
    } finally {
      if (button) button.classList.remove("busy");
    }
  }

  // -- review page ------------------------------------------------------------------------

  function flash(element) {
    if (!element) return;
    element.classList.remove("flash");
    void element.offsetWidth; // restart the animation
    element.classList.add("flash");
  }

  function initFilters(root) {
    const form = root.querySelector("[data-filters]");
    if (!form) return;
    form.hidden = false;
    const empty = form.querySelector("[data-filter-empty]");

    function apply() {
      const severities = new Set(
        Array.from(form.querySelectorAll('input[name="severity"]:checked')).map(function (box) {
          return box.value;
        })
      );
      const area = form.elements.area ? form.elements.area.value : "";
      let shown = 0;
      root.querySelectorAll(".finding").forEach(function (card) {
        const visible = severities.has(card.dataset.severity) && (!area || card.dataset.area === area);
        card.hidden = !visible;
        if (visible) shown += 1;
      });
      root.querySelectorAll("[data-area-group], [data-severity-group]").forEach(function (group) {
        group.hidden = !group.querySelector(".finding:not([hidden])");
      });
      if (empty) empty.hidden = shown > 0 || !root.querySelector(".finding");
    }

    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
    });
    apply();
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    // Plain http on another host has no clipboard API: select and copy the old way.
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "visually-hidden";
    document.body.appendChild(area);
    area.select();
    const copied = document.execCommand("copy");
    area.remove();
    return copied ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  function initCopyButtons(root) {
    root.querySelectorAll("[data-copy]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        const source = document.getElementById(button.dataset.copy);
        if (!source) return;
        copyText(source.textContent.trim()).then(
          function () {
            button.textContent = "Copied";
            button.classList.add("copied");
            window.setTimeout(function () {
              button.textContent = "Copy clause";
              button.classList.remove("copied");
            }, 2000);
          },
          function () {
            button.textContent = "Select the text to copy";
          }
        );
      });
    });
  }

  function initLinks(root) {
    root.querySelectorAll("[data-show]").forEach(function (link) {
      link.addEventListener("click", function () {
        const anchor = document.getElementById("ev-" + link.dataset.show);
        window.setTimeout(function () {
          flash(anchor && anchor.parentElement);
        }, 50);
      });
    });
    root.querySelectorAll(".evidence").forEach(function (span) {
      span.addEventListener("click", function () {
        const first = (span.dataset.findings || "").split(" ")[0];
        const card = document.getElementById("finding-" + first);
        if (!card) return;
        card.hidden = false;
        card.scrollIntoView({ behavior: "smooth", block: "center" });
        flash(card);
      });
    });
    root.querySelectorAll(".legend a").forEach(function (link) {
      link.addEventListener("click", function () {
        const target = document.getElementById(link.getAttribute("href").slice(1));
        window.setTimeout(function () {
          flash(target && target.parentElement);
        }, 50);
      });
    });
  }

  function initDownloads(root) {
    const bar = root.querySelector("[data-downloads]");
    if (!bar || !state.file) return; // a review reached without this script has no file to send again
    bar.hidden = false;
    let status = root.querySelector(".review-head .status");
    if (!status) {
      status = document.createElement("p");
      status.className = "status";
      status.setAttribute("role", "status");
      status.setAttribute("aria-live", "polite");
      bar.after(status);
    }
    bar.querySelectorAll("[data-download]").forEach(function (button) {
      button.addEventListener("click", function () {
        download(button.dataset.download, state.file, state.profile, status, button);
      });
    });
  }

  function initReview(root) {
    initFilters(root);
    initCopyButtons(root);
    initLinks(root);
    initDownloads(root);
  }

  dropTokenFromAddress();
  const form = document.getElementById("upload-form");
  if (form) initUpload(form);
  const review = document.getElementById("review");
  if (review) initReview(review);
})();
