/* Starts Swagger UI from the settings in the page (no inline script: CSP script-src 'self'). */
(function () {
  "use strict";
  var body = document.querySelector("body").dataset;
  var config = JSON.parse(document.getElementById("swagger-settings").textContent);
  config.dom_id = "#swagger-ui";
  config.presets = [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset];
  if (body.csrfToken) {
    config.requestInterceptor = function (req) {
      req.headers["X-CSRFToken"] = body.csrfToken;
      return req;
    };
  }
  SwaggerUIBundle(config);
})();
