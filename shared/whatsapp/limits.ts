// Meta's limits on WhatsApp Cloud API messages (interactive reply buttons, list messages, text and
// captions). Anything over them is rejected by the Graph API, so the flow validator checks them in
// the editor and the senders never build a message that breaks them.

/** A text message body (characters). */
export const TEXT_BODY_MAX = 4096;
/** The caption of an image, video or document. */
export const MEDIA_CAPTION_MAX = 1024;

/** The body of an interactive (button or list) message. */
export const INTERACTIVE_BODY_MAX = 1024;
/** A text header of an interactive message. */
export const INTERACTIVE_HEADER_MAX = 60;
/** The footer of an interactive message. */
export const INTERACTIVE_FOOTER_MAX = 60;

/** Reply buttons in one message, and their titles and ids. */
export const REPLY_BUTTONS_MAX = 3;
export const BUTTON_TITLE_MAX = 20;
export const BUTTON_ID_MAX = 256;

/** A list message: the button that opens it, its sections and rows (rows counted over all sections). */
export const LIST_BUTTON_TEXT_MAX = 20;
export const LIST_SECTIONS_MAX = 10;
export const LIST_SECTION_TITLE_MAX = 24;
export const LIST_ROWS_MAX = 10;
export const LIST_ROW_TITLE_MAX = 24;
export const LIST_ROW_DESCRIPTION_MAX = 72;
export const LIST_ROW_ID_MAX = 200;

/** Outside this window since the customer's last message only templates may be sent. */
export const CUSTOMER_SERVICE_WINDOW_MS = 24 * 60 * 60 * 1000;
