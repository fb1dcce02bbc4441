// The card pay page: Stripe.js Card Element + confirmCardPayment (the amount was fixed by the server).
(function () {
  "use strict";
  var form = document.getElementById("card-form");
  if (!form || typeof Stripe === "undefined") { return; }
  var stripe = Stripe(form.dataset.publishableKey);
  var card = stripe.elements().create("card", { hidePostalCode: true });
  card.mount("#card-element");
  var message = document.getElementById("card-message");
  var button = document.getElementById("pay-button");

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    button.disabled = true;
    message.textContent = form.dataset.msgProcessing;
    stripe.confirmCardPayment(form.dataset.clientSecret, { payment_method: { card: card } })
      .then(function (result) {
        if (result.error) {
          var reason = (result.error && result.error.message) || "";
          message.textContent = form.dataset.msgError + " " + reason;
          message.className = "error";
          button.disabled = false;
        } else if (result.paymentIntent && result.paymentIntent.status === "succeeded") {
          message.textContent = form.dataset.msgSuccess;
          message.className = "success";
          window.setTimeout(function () { window.location.assign(form.dataset.returnUrl); }, 1500);
        } else {
          // e.g. 3-D Secure failed: the PaymentIntent asks for a card again
          message.textContent = form.dataset.msgError + " " + form.dataset.msgRetry;
          message.className = "error";
          button.disabled = false;
        }
      });
  });
}());
