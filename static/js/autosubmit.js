// Posts a form marked data-autosubmit as soon as the page loads (the bank's hosted payment
// page is reached by a signed POST). Without JavaScript the form's button does the same.
document.querySelectorAll("form[data-autosubmit]").forEach((form) => form.submit());
