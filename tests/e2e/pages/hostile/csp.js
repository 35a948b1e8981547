/*
 * Self-check of csp.html (no inline script may run there). Records every CSP
 * violation; the page expects exactly its own three: the inline <script>, the
 * inline <style> and the style attribute on <h1>.
 */
/* global window, document, __addCheck */
(function () {
  'use strict';
  var violations = [];
  window.__violations = violations;
  document.addEventListener('securitypolicyviolation', function (event) {
    violations.push({
      directive: event.effectiveDirective,
      blocked: event.blockedURI,
      sample: event.sample,
      source: event.sourceFile,
      line: event.lineNumber,
    });
  });
  var own = function (v) {
    return (
      (v.directive === 'script-src-elem' && v.sample.indexOf('window.__inlineScriptRan') === 0) ||
      (v.directive === 'style-src-elem' && v.sample.indexOf('body { background: red; }') === 0) ||
      (v.directive === 'style-src-attr' && v.sample.indexOf('color: red') === 0)
    );
  };
  __addCheck('CSP is enforced', function () {
    return window.__inlineScriptRan === undefined || 'the inline script ran';
  });
  __addCheck('page stylesheet applies', function () {
    var color = window.getComputedStyle(document.body).backgroundColor;
    return color === 'rgb(250, 250, 247)' || 'body background ' + color;
  });
  __addCheck('only the page’s own violations', function () {
    var others = violations.filter(function (v) {
      return !own(v);
    });
    return others.length === 0 || 'unexpected: ' + JSON.stringify(others);
  });
  __addCheck('the page’s own violations were reported', function () {
    return violations.filter(own).length === 3 || JSON.stringify(violations);
  });
})();
