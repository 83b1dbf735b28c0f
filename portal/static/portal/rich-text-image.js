// The rich text editor's picture upload page, once the picture is uploaded: hand its address,
// description and caption back to the figure dialog that opened this window (django-prose-editor's
// picker speaks CKEditor's file browser protocol) and close. Opened on its own, the page just
// shows the address.
(function () {
  "use strict";
  const result = document.getElementById("rich-text-image");
  const opener = window.opener;
  if (!result || !result.dataset.funcNum || !opener || opener.closed) {
    return;
  }
  let tools;
  try {
    tools = opener.CKEDITOR && opener.CKEDITOR.tools;
  } catch (error) {
    return; // Another site's window.
  }
  if (!tools || typeof tools.callFunction !== "function") {
    return;
  }
  tools.callFunction(Number(result.dataset.funcNum), result.dataset.url, {
    alternative_text: result.dataset.alt,
    caption: result.dataset.caption,
  });
  window.close();
})();
