#include "terminal.h"

#include "colors.h"

#include <curses.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>
#include <termios.h>
#include <unistd.h>

static volatile sig_atomic_t quit_signal;
static volatile sig_atomic_t curses_on;
static SCREEN *screen;
static struct termios saved_tio;
static bool have_tio;
/* The reset strings, looked up once while it is safe to call terminfo. */
static char restore_seq[512];
static size_t restore_len;

static void on_quit(int sig)
{
	quit_signal = sig;
}

static void on_crash(int sig)
{
	/* Only async-signal-safe calls: write(2) and tcsetattr(3). */
	if (curses_on) {
		ssize_t w = write(STDOUT_FILENO, restore_seq, restore_len);
		(void)w;
		if (have_tio)
			tcsetattr(STDIN_FILENO, TCSANOW, &saved_tio);
	}
	/* SA_RESETHAND put the default action back: die of the same signal. */
	raise(sig);
}

static void add_cap(const char *name)
{
	char *s = tigetstr(name);
	if (!s || s == (char *)-1)
		return;
	size_t n = strlen(s);
	if (restore_len + n < sizeof(restore_seq)) {
		memcpy(restore_seq + restore_len, s, n);
		restore_len += n;
	}
}

static void install(int sig, void (*fn)(int), int flags)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = flags;
	sigaction(sig, &sa, NULL);
}

int ml_ui_term_start(bool color_wanted, struct ml_error *err)
{
	static bool registered;
	have_tio = tcgetattr(STDIN_FILENO, &saved_tio) == 0;
	/* No SA_RESTART: a signal must end the wait in getch() so the loop
	 * sees the flag at once.  Installed before curses starts, so ncurses
	 * leaves SIGINT and SIGTERM to us (it only takes default ones). */
	install(SIGINT, on_quit, 0);
	install(SIGTERM, on_quit, 0);
	install(SIGHUP, on_quit, 0);
	install(SIGQUIT, on_quit, 0);
	static const int crash[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };
	for (size_t i = 0; i < sizeof(crash) / sizeof(crash[0]); i++)
		install(crash[i], on_crash, SA_RESETHAND | SA_NODEFER);
	if (!registered) {
		atexit(ml_ui_term_stop);
		registered = true;
	}
	/* newterm, not initscr: initscr exits the program on a bad TERM. */
	screen = newterm(NULL, stdout, stdin);
	if (!screen)
		return ml_error_set(err, ML_EIO, NULL, 0,
				    "cannot use the terminal (TERM=%s); try --batch",
				    getenv("TERM") ? getenv("TERM") : "");
	set_term(screen);
	restore_len = 0;
	add_cap("sgr0");
	add_cap("rmkx");
	add_cap("cnorm");
	add_cap("rmcup");
	curses_on = 1;
	/* Esc alone closes the filter prompt without the default 1 s wait. */
	set_escdelay(25);
	cbreak();           /* Ctrl-C still sends SIGINT (raw() would not) */
	noecho();
	keypad(stdscr, TRUE);
	curs_set(0);
	ml_ui_colors_start(color_wanted);
	return ML_OK;
}

void ml_ui_term_stop(void)
{
	if (!curses_on)
		return;
	curses_on = 0;
	endwin();
	delscreen(screen);
	screen = NULL;
	fflush(stdout);
}

int ml_ui_term_quit_signal(void)
{
	return quit_signal;
}

void ml_ui_term_reraise(void)
{
	int sig = quit_signal;
	if (!sig || sig == SIGINT)
		return;
	signal(sig, SIG_DFL);
	raise(sig);
}
