/* wagtail-localize's translation editor in German, with readable rich text (cms/translation/editor.py). */
(() => {
  "use strict";
  const root = document.querySelector(".js-translation-editor");
  const data = document.getElementById("cms-translation-editor-labels");
  if (!root || !data) return;
  const labels = JSON.parse(data.textContent);

  // Inline markup of a translatable string: <a id="a1">, <b>, <i>, <strong>, <em>, <br>.
  const MARKUP = /<\/?(?:a|b|i|strong|em|code|sub|sup|span|br)\b[^<>]*>/i;
  const HEADING = /^(.+) to (.+) translation$/;
  const FORMATS = { B: "strong", STRONG: "strong", I: "em", EM: "em", CODE: "code", SUB: "sub", SUP: "sup", BR: "br" };

  // Rebuild the parsed string from text and a few safe elements only: nothing of the string
  // itself (attributes, unknown tags) reaches the page.
  const rebuild = (source, target) => {
    for (const node of source.childNodes) {
      if (node.nodeType === Node.TEXT_NODE) {
        target.append(document.createTextNode(node.nodeValue));
      } else if (node.nodeType === Node.ELEMENT_NODE) {
        let element = null;
        if (node.tagName === "A") {
          element = document.createElement("span");
          element.className = "cms-segment-link";
          element.title = labels.link;
          element.style.textDecoration = "underline";
        } else if (FORMATS[node.tagName]) {
          element = document.createElement(FORMATS[node.tagName]);
        }
        if (element) {
          rebuild(node, element);
          target.append(element);
        } else {
          rebuild(node, target);
        }
      }
    }
  };

  const render = (element) => {
    const parsed = new DOMParser().parseFromString(element.textContent, "text/html");
    const fragment = document.createDocumentFragment();
    rebuild(parsed.body, fragment);
    element.replaceChildren(fragment);
    element.dataset.cmsRendered = "";
  };

  const fix = () => {
    for (const element of document.querySelectorAll(".w-sr-only")) {
      if (element.textContent === "More actions") element.textContent = labels.moreActions;
    }
    for (const element of root.querySelectorAll("h1, h2, h3, h4")) {
      const match = element.childElementCount === 0 && element.textContent.match(HEADING);
      if (match) {
        element.textContent = labels.heading
          .replace("%(source)s", match[1])
          .replace("%(target)s", match[2]);
      }
    }
    for (const element of root.querySelectorAll("p, li, div, span")) {
      const only = element.childNodes.length === 1 && element.firstChild;
      if (only && only.nodeType === Node.TEXT_NODE && MARKUP.test(only.nodeValue)) render(element);
    }
  };

  let scheduled = false;
  new MutationObserver(() => {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(() => {
      scheduled = false;
      fix();
    });
  }).observe(document.body, { childList: true, subtree: true, characterData: true });
  fix();
})();
