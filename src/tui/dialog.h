/*
 * dialog: a modal box over the dashboard, for questions that need an
 * answer before anything happens (confirmations, choices, typed names).
 *
 * A dialog holds a title, lines of text (wrapped to the box), "choice"
 * lines the cursor moves over (checkboxes, form fields: what they mean is
 * the owner's), an optional one-line text field and a hint line at the
 * bottom. It uses the cursor and scroll keys itself and, when it has a text
 * field, printable characters and Backspace; every other key goes to the
 * owner's key callback, which decides what y, n, Enter or Esc mean. Nothing
 * is confirmed by the dialog itself: that is the owner's call, so a
 * dialog can never say yes on its own.
 *
 * The owner rebuilds the content whenever it changes (dialog_clear, then
 * dialog_text / dialog_choice again); the cursor stays on the choice with
 * the same tag.
 *
 * Lifetime: the ui owns a dialog once it is opened (ui_dialog_open) and
 * frees it when the key callback returns false, on ui_dialog_close(), or
 * when the program ends; ops->closed runs first every time, so an owner
 * that keeps a pointer to its dialog can forget it there. Text given to
 * the dialog is copied.
 */
#ifndef BSS_TUI_DIALOG_H
#define BSS_TUI_DIALOG_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>

#include "tui/keymap.h"
#include "tui/theme.h"

struct dialog;

struct dialog_ops {
	/*
	 * A key the dialog did not use; c is the command the keymap binds k to
	 * (CMD_NONE when none). Returns false to close the dialog.
	 */
	bool (*key)(void *ud, struct dialog *d, keymap_key k, enum cmd c);
	/* The dialog is about to be freed; optional. */
	void (*closed)(void *ud, struct dialog *d);
};

/* ops and ud are borrowed and must outlive the dialog. */
struct dialog *dialog_new(const char *title, const struct dialog_ops *ops, void *ud);
/* Runs ops->closed, then frees. */
void dialog_free(struct dialog *d);

void dialog_set_title(struct dialog *d, const char *title);
/* Drops every line (the choice cursor is kept by tag). */
void dialog_clear(struct dialog *d);
/* A line of text in element e; long lines wrap, "\n" starts a new line. */
void dialog_text(struct dialog *d, enum theme_elem e, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* A line the cursor can rest on, known to the owner by tag (>= 0). */
void dialog_choice(struct dialog *d, int tag, enum theme_elem e, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* The hint under everything ("y pay   n/Esc cancel"). */
void dialog_hint(struct dialog *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Adds the text field with its label, empty; a NULL label removes it. */
void dialog_field(struct dialog *d, const char *label);
/* What is typed so far; "" without a field. */
const char *dialog_field_text(const struct dialog *d);

/* The tag of the choice under the cursor; -1 when there are no choices. */
int dialog_cursor(const struct dialog *d);
void dialog_set_cursor(struct dialog *d, int tag);

/*
 * A key for the dialog: moves the cursor or scrolls, edits the field, or
 * passes it to ops->key. Returns false when the dialog should be closed.
 */
bool dialog_key(struct dialog *d, keymap_key k, enum cmd c);

/* Draws the dialog centred in w. */
void dialog_draw(struct dialog *d, WINDOW *w);

/*
 * The body as it is laid out at a width of `width` columns: the number of
 * rows, and row i's text (tests read what a person would).
 */
size_t dialog_rows(struct dialog *d, int width);
const char *dialog_row(struct dialog *d, size_t i);

#endif
