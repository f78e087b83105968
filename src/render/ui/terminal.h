/* The terminal: curses on, and back to how the user had it on every way
 * out — normal exit (atexit), Ctrl-C, SIGTERM, SIGHUP, SIGQUIT (handlers
 * that only set a flag; the loop sees it and leaves through endwin()), and a
 * crash while drawing (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT: a handler
 * that writes the terminal's own reset strings with write(2) and restores
 * the saved termios, both async-signal-safe, then re-raises the signal so
 * the exit status and core dump are the crash's). */
#ifndef ML_UI_TERMINAL_H
#define ML_UI_TERMINAL_H

#include <stdbool.h>

#include "../../util/error.h"

/* Curses on stdin/stdout.  ML_EIO (err set) when the terminal cannot be
 * used (TERM unknown). */
int ml_ui_term_start(bool color, struct ml_error *err);
/* endwin(); safe to call twice and when never started. */
void ml_ui_term_stop(void);
/* The quit signal received (SIGINT, SIGTERM, SIGHUP, SIGQUIT), 0 if none. */
int ml_ui_term_quit_signal(void);
/* After ml_ui_term_stop(): die of that signal as if it had not been caught
 * (the parent sees "killed by SIGTERM"); SIGINT, the user's own quit key,
 * just returns. */
void ml_ui_term_reraise(void);

#endif
