/*
 * Shared self-check kit of the hostile test pages (tests/e2e/robustness.spec.ts).
 *
 * Loaded first, as a classic script in <head>, before any page script can
 * override built-ins: it keeps the originals it needs (`window.__orig`), the
 * document's highlight registry (`window.__registry`), and gives each page a
 * tiny check list. A page adds checks with `__addCheck(name, fn)` (fn returns
 * true, or a string saying what is wrong); `__selfCheck()` runs them and sets
 * `window.__pageOk`. Checks also run on load and every 250 ms.
 *
 * `__highlightInfo(name)` reads a highlight with the saved originals, so it
 * works on pages that replaced `CSS`, `Range` or `Document.prototype.createRange`.
 */
/* global window, document, Node, Range, Document, Element, setInterval */
(function () {
  'use strict';
  var orig = {
    registry: window.CSS && window.CSS.highlights ? window.CSS.highlights : null,
    createRange: Document.prototype.createRange,
    rangeSetStart: Range.prototype.setStart,
    rangeSetEnd: Range.prototype.setEnd,
    rangeToString: Range.prototype.toString,
    rangeGetClientRects: Range.prototype.getClientRects,
    rangeCloneContents: Range.prototype.cloneContents,
    scrollIntoView: Element.prototype.scrollIntoView,
    appendChild: Node.prototype.appendChild,
    append: Element.prototype.append,
    attachShadow: Element.prototype.attachShadow,
    elementGetBoundingClientRect: Element.prototype.getBoundingClientRect,
    MutationObserver: window.MutationObserver,
    CSS: window.CSS,
    Highlight: window.Highlight,
  };
  window.__orig = orig;
  window.__registry = orig.registry;

  var checks = [];
  var problems = [];
  window.__addCheck = function (name, fn) {
    checks.push([name, fn]);
  };
  /** Records a problem that stays (e.g. an event that must never happen). */
  window.__fail = function (message) {
    problems.push(String(message));
    window.__pageOk = false;
  };
  window.__selfCheck = function () {
    var found = problems.slice();
    for (var i = 0; i < checks.length; i++) {
      var name = checks[i][0];
      try {
        var result = checks[i][1]();
        if (result !== true) found.push(name + ': ' + String(result));
      } catch (error) {
        found.push(name + ' threw: ' + String(error));
      }
    }
    window.__problems = found;
    window.__pageOk = found.length === 0;
    return found;
  };
  window.__pageOk = false;
  window.__problems = ['not loaded yet'];
  window.addEventListener('load', function () {
    window.__loaded = true;
    window.__selfCheck();
    setInterval(window.__selfCheck, 250);
  });

  var norm = function (text) {
    return String(text).replace(/[\s\u00a0]+/g, ' ').trim();
  };
  window.__norm = norm;

  /**
   * The extension's highlight in `registry`. Its names are random per run, so a
   * highlight is found by role: `name` 'sourcelight' is the one whose key does
   * not end in "-active", 'sourcelight-active' the one whose key does; names
   * containing "rewritten" pick the rewritten ones (keys ending in "-r", "-r-active").
   */
  var findHighlight = function (registry, name) {
    var wanted = name || 'sourcelight';
    var wantActive = /-active$/.test(wanted);
    var wantRewritten = /rewritten/.test(wanted);
    var found;
    registry.forEach(function (value, key) {
      // Rewritten passages have their own names, ending in "-r" (or "-r-active").
      if (!found && /-active$/.test(key) === wantActive && /-r(-active)?$/.test(key) === wantRewritten) found = value;
    });
    return found;
  };
  window.__findHighlight = function (name) {
    return orig.registry ? findHighlight(orig.registry, name) : undefined;
  };

  /**
   * What highlight `name` of `doc` paints: its size, the text of each range that
   * still covers text, and how many are collapsed or left outside the document.
   */
  window.__highlightInfo = function (name, doc) {
    doc = doc || document;
    var registry = doc === document ? orig.registry : doc.defaultView && doc.defaultView.__registry;
    var highlight = registry ? findHighlight(registry, name) : undefined;
    var info = { registered: Boolean(highlight), size: 0, texts: [], collapsed: 0, detached: 0 };
    if (!highlight) return info;
    info.size = highlight.size;
    highlight.forEach(function (abstract) {
      if (abstract.collapsed) {
        info.collapsed++;
        return;
      }
      if (!abstract.startContainer.isConnected || !abstract.endContainer.isConnected) {
        info.detached++;
        return;
      }
      var range = orig.createRange.call(doc);
      orig.rangeSetStart.call(range, abstract.startContainer, abstract.startOffset);
      orig.rangeSetEnd.call(range, abstract.endContainer, abstract.endOffset);
      info.texts.push(norm(orig.rangeToString.call(range)));
    });
    return info;
  };

  /** Whether one range of highlight `name` covers `phrase` (whitespace-normalized). */
  window.__covers = function (phrase, name) {
    var info = window.__highlightInfo(name);
    var wanted = norm(phrase);
    return info.texts.some(function (text) {
      return text.indexOf(wanted) >= 0;
    });
  };

  /**
   * Scrolls the first range of `sourcelight` containing `phrase` into view and
   * returns the centre of its first line box, in viewport coordinates.
   */
  window.__pointOf = function (phrase) {
    var highlight = window.__findHighlight('sourcelight');
    if (!highlight) return null;
    var point = null;
    highlight.forEach(function (abstract) {
      if (point || abstract.collapsed) return;
      var range = orig.createRange.call(document);
      orig.rangeSetStart.call(range, abstract.startContainer, abstract.startOffset);
      orig.rangeSetEnd.call(range, abstract.endContainer, abstract.endOffset);
      if (norm(orig.rangeToString.call(range)).indexOf(norm(phrase)) < 0) return;
      var anchor = range.startContainer.nodeType === 1 ? range.startContainer : range.startContainer.parentElement;
      orig.scrollIntoView.call(anchor, { block: 'center', inline: 'nearest', behavior: 'instant' });
      var rect = orig.rangeGetClientRects.call(range)[0];
      if (rect) point = { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
    });
    return point;
  };

  /**
   * Elements the extension may add to a page: its card and overlay hosts, empty
   * `<div>`s whose content is in a closed shadow root (the test pages add no
   * empty div of their own).
   */
  window.__isExtensionElement = function (node) {
    return node.nodeType === 1 && node.localName === 'div' && node.childNodes.length === 0;
  };
})();
