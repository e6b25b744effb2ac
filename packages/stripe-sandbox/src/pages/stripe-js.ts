import { API_RELEASE } from "../core/constants";
import { FRAME_MESSAGE } from "./embedded-frame";
import { scriptData } from "./html";

/** Where real Stripe.js lives (`https://js.stripe.com/v3/`, `/<release>/stripe.js`), on the sandbox's origin. */
export function isStripeJsPath(path: string): boolean {
  return path === "/v3" || path === "/v3/" || path === `/${API_RELEASE}/stripe.js`;
}

/**
 * A stand-in for Stripe.js with only Embedded Checkout, as `loadStripe` from @stripe/stripe-js uses it: it
 * defines `window.Stripe` (which loadStripe then uses instead of injecting js.stripe.com), callable with
 * or without `new`, with `version` set to the release train so loadStripe does not warn. The embedded page
 * is the sandbox's own, in an iframe on the origin this script was loaded from.
 */
export function stripeJsSource(publicBase: string): string {
  return `/* Stripe sandbox: Stripe.js stand-in (Embedded Checkout only), release ${API_RELEASE}. */
(function () {
  "use strict";
  if (window.Stripe && window.Stripe.sandbox) return;
  var script = document.currentScript;
  var ORIGIN = script && script.src ? new URL(script.src).origin : ${scriptData(publicBase)};
  var MESSAGE = ${scriptData(FRAME_MESSAGE)};
  var SECRET = /^cs_test_[A-Za-z0-9]+_secret_[A-Za-z0-9]+$/;
  var current = null;

  function IntegrationError(message) {
    var error = new Error(message);
    error.name = "IntegrationError";
    return error;
  }

  function EmbeddedCheckout(secret, options) {
    this._secret = secret;
    this._options = options;
    this._frame = null;
    this._destroyed = false;
    this._listener = this._onMessage.bind(this);
    window.addEventListener("message", this._listener);
  }

  EmbeddedCheckout.prototype.mount = function (target) {
    if (this._destroyed) throw IntegrationError("This Embedded Checkout instance has been destroyed. Create a new one with stripe.createEmbeddedCheckoutPage().");
    if (this._frame) throw IntegrationError("Embedded Checkout is already mounted.");
    var element = typeof target === "string" ? document.querySelector(target) : target;
    if (!element || element.nodeType !== 1) throw IntegrationError("Invalid DOM element. Make sure to call mount() with a valid DOM element or selector.");
    var frame = document.createElement("iframe");
    frame.src = ORIGIN + "/c/embed/" + encodeURIComponent(this._secret);
    frame.title = "Embedded Checkout";
    frame.name = "embedded-checkout";
    frame.setAttribute("allow", "payment *");
    frame.style.cssText = "display:block;width:100%;min-width:280px;height:720px;border:0;";
    element.appendChild(frame);
    this._frame = frame;
  };

  EmbeddedCheckout.prototype.unmount = function () {
    if (this._frame && this._frame.parentNode) this._frame.parentNode.removeChild(this._frame);
    this._frame = null;
  };

  EmbeddedCheckout.prototype.destroy = function () {
    this.unmount();
    window.removeEventListener("message", this._listener);
    this._destroyed = true;
    if (current === this) current = null;
  };

  EmbeddedCheckout.prototype._onMessage = function (event) {
    var data = event.data;
    if (!this._frame || event.source !== this._frame.contentWindow || event.origin !== ORIGIN) return;
    if (!data || data.type !== MESSAGE) return;
    if (data.event === "resize" && typeof data.height === "number" && data.height > 0) this._frame.style.height = Math.ceil(data.height) + "px";
    if (data.event !== "complete") return;
    if (typeof data.redirect === "string") window.location.assign(data.redirect);
    else if (typeof this._options.onComplete === "function") this._options.onComplete();
  };

  function Stripe(key, options) {
    if (!(this instanceof Stripe)) return new Stripe(key, options);
    if (typeof key !== "string" || key === "") throw IntegrationError("Invalid value for Stripe(): apiKey should be a string. You specified: " + typeof key + ".");
    if (/^[sr]k_/.test(key)) throw IntegrationError("You should not use your secret key with Stripe.js. Please pass a publishable key instead.");
    if (!/^pk_test_/.test(key)) throw IntegrationError("The Stripe sandbox takes a test-mode publishable key (pk_test_...).");
    this._key = key;
  }

  Stripe.version = ${scriptData(API_RELEASE)};
  Stripe.sandbox = ORIGIN;

  Stripe.prototype.createEmbeddedCheckoutPage = function (options) {
    var opts = options || {};
    if (current) return Promise.reject(IntegrationError("You cannot have multiple Embedded Checkout objects."));
    if (!opts.fetchClientSecret && !opts.clientSecret) return Promise.reject(IntegrationError("You must provide one of either \`fetchClientSecret\` or \`clientSecret\`."));
    if (opts.fetchClientSecret && opts.clientSecret) return Promise.reject(IntegrationError("You cannot provide both \`fetchClientSecret\` and \`clientSecret\`."));
    var placeholder = {};
    current = placeholder;
    var secret = opts.fetchClientSecret ? Promise.resolve().then(function () { return opts.fetchClientSecret(); }) : Promise.resolve(opts.clientSecret);
    return secret.then(
      function (value) {
        if (typeof value !== "string" || !SECRET.test(value)) throw IntegrationError("Invalid client secret: expected a Checkout Session's client_secret (cs_test_..._secret_...).");
        var checkout = new EmbeddedCheckout(value, opts);
        current = checkout;
        return checkout;
      },
    ).catch(function (error) {
      if (current === placeholder) current = null;
      throw error;
    });
  };

  Stripe.prototype.initEmbeddedCheckout = function () {
    throw IntegrationError("stripe.initEmbeddedCheckout was renamed in Stripe.js dahlia: use stripe.createEmbeddedCheckoutPage.");
  };

  ["elements", "initCheckoutElementsSdk", "initCheckoutFormSdk", "confirmPayment", "confirmCardPayment", "redirectToCheckout"].forEach(function (name) {
    Stripe.prototype[name] = function () {
      throw IntegrationError("stripe." + name + " is not part of the Stripe sandbox's Stripe.js stand-in, which offers Embedded Checkout only.");
    };
  });

  Stripe.prototype._registerWrapper = function () {};

  window.Stripe = Stripe;
})();
`;
}
